"""Dashboard panels: each domain contributes the panels a role should see first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    """One box on the dashboard: a title, rows of (label, link, note) and an optional action."""

    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    empty_text: str = ""
    action_label: str | None = None
    action_url: str | None = None
    order: int = 50


#: Providers take the signed-in user and return panels; domains append to this list.
PANEL_PROVIDERS: list[Callable[[Any], list[Panel]]] = []


def panels_for(user: Any) -> list[Panel]:
    panels: list[Panel] = []
    for provider in PANEL_PROVIDERS:
        panels.extend(provider(user))
    return sorted(panels, key=lambda panel: panel.order)
