"""Dashboard panels: each domain contributes the panels a role should see first (the providers
are listed in the app's wiring)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app


@dataclass
class Panel:
    """One box on the dashboard: a title, rows of (label, link, note) and an optional action."""

    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    empty_text: str = ""
    action_label: str | None = None
    action_url: str | None = None
    order: int = 50


#: A provider takes the signed-in user and returns panels.
PanelProvider = Callable[[Any], list[Panel]]

#: Where an app keeps its providers, in the order the wiring lists them.
APP_KEY = "mla_panel_providers"


def init_panels(app: Flask, providers: Iterable[PanelProvider]) -> None:
    app.extensions[APP_KEY] = tuple(providers)


def panels_for(user: Any) -> list[Panel]:
    panels: list[Panel] = []
    for provider in current_app.extensions[APP_KEY]:
        panels.extend(provider(user))
    return sorted(panels, key=lambda panel: panel.order)
