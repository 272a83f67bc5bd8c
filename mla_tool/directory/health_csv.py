"""The directory health page as CSV files: one row per state, and the queue of entries to verify."""

from __future__ import annotations

from datetime import date

from ..spreadsheet_csv import Cell, csv_text
from .health import HEALTH_FUNCTIONS, FunctionHealth, QueueItem, StateHealth
from .states import state_name


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _cell(cell: FunctionHealth) -> str:
    """'missing', or the newest "as of" date ('undated'), marked stale and/or reference only."""
    if not cell.entries:
        return "missing"
    marks = [_iso(cell.as_of) or "undated"]
    if cell.stale:
        marks.append("stale")
    if cell.reference_only:
        marks.append("reference only")
    return "; ".join(marks)


def health_csv(rows: list[StateHealth], language: str = "en") -> str:
    """One row per state: its name, each function's cell, its reference-only counts, its uses."""
    header = [
        "state",
        "name",
        *HEALTH_FUNCTIONS,
        "missing",
        "reference_entries",
        "reference_participation",
        "reference_declarations",
        "uses",
    ]
    body: list[list[Cell]] = [
        [
            row.iso3,
            state_name(row.iso3, language),
            *[_cell(row.functions[code]) for code in HEALTH_FUNCTIONS],
            " ".join(row.missing),
            row.reference_entries,
            row.reference_participation,
            row.reference_declarations,
            row.uses,
        ]
        for row in rows
    ]
    return csv_text(header, body)


def queue_csv(items: list[QueueItem]) -> str:
    """The entries to verify, in the queue's order."""
    header = ["entry", "state", "name", "functions", "as_of", "age_days", "stale", "origin", "uses"]
    body: list[list[Cell]] = [
        [
            item.authority_id,
            item.iso3,
            item.name,
            " ".join(item.functions),
            _iso(item.as_of),
            item.age_days,
            "yes" if item.stale else "no",
            item.origin,
            item.uses,
        ]
        for item in items
    ]
    return csv_text(header, body)
