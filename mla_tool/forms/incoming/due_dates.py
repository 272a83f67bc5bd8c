"""The default due date of an incoming request: days from its receipt, per kind of request
(a table here; `MLA_INCOMING_DUE_DAYS` changes any row, e.g. "mla=45,extradition=60")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from flask import current_app, has_app_context

#: Days an incoming request of each kind has, from its receipt, when the registrar gives no date:
#: preservation and emergency disclosure are answered at once (Budapest arts. 29, 35; Second
#: Protocol art. 9), provisional arrest within days; the others within the office's usual time.
INCOMING_DUE_DAYS: dict[str, int] = {
    "mla": 60,
    "preservation": 3,
    "emergency_disclosure": 1,
    "extradition": 90,
    "provisional_arrest": 2,
}
#: Days for a kind the table does not name.
OTHER_KIND_DUE_DAYS = 60


def parse_due_days(setting: str) -> dict[str, int]:
    """ "mla=45, extradition=60" as {kind: days}; a malformed entry raises ValueError."""
    rows: dict[str, int] = {}
    for entry in (part.strip() for part in (setting or "").split(",")):
        if not entry:
            continue
        kind, sep, days = entry.partition("=")
        if not sep or not kind.strip() or not days.strip().isdigit() or int(days) < 1:
            raise ValueError(f"MLA_INCOMING_DUE_DAYS: {entry!r} is not kind=days")
        rows[kind.strip()] = int(days)
    return rows


def due_days(kind: str, overrides: Mapping[str, int] | None = None) -> int:
    """Days an incoming request of `kind` has: the setting's row, else the table's."""
    if overrides is None:
        configured = current_app.config.get("MLA_INCOMING_DUE_DAYS") if has_app_context() else ""
        overrides = parse_due_days(str(configured or ""))
    return overrides.get(kind, INCOMING_DUE_DAYS.get(kind, OTHER_KIND_DUE_DAYS))


def default_due_date(kind: str, received_on: date) -> date:
    """The due date of an incoming request received on `received_on`."""
    return received_on + timedelta(days=due_days(kind))
