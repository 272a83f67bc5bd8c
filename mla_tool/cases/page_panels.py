"""The boxes other domains add to the case page: a template and the function giving its data.

The wiring lists them (`wiring.CASE_PANELS`); the case page asks each for its data and the
template includes each box in turn, with `panel.data` (None or empty: the box shows nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from flask import Flask, current_app

from .models import Case

#: Where a box stands: the main column (under the case's own forms) or the side column.
Column = Literal["main", "side"]


@dataclass(frozen=True)
class CasePanel:
    """One box of the case page: its column, its template, and the function giving its data."""

    column: Column
    template: str
    data: Callable[[Case], Any]


@dataclass(frozen=True)
class ShownPanel:
    """A box as the template includes it: the template and the data it reads as `panel.data`."""

    template: str
    data: Any


#: Where an app keeps its case panels, in the order the wiring lists them.
APP_KEY = "mla_case_panels"


def init_case_panels(app: Flask, panels: Iterable[CasePanel]) -> None:
    app.extensions[APP_KEY] = tuple(panels)


def case_panels_for(case: Case) -> dict[Column, list[ShownPanel]]:
    """The boxes of the case page by column, each with its data for this case and reader."""
    shown: dict[Column, list[ShownPanel]] = {"main": [], "side": []}
    for panel in current_app.extensions[APP_KEY]:
        shown[panel.column].append(ShownPanel(panel.template, panel.data(case)))
    return shown
