"""Where e-evidence requests go: a state's 24/7 contact and central authority, its own period.

The period is a structured value of the state's requirement profile (`preservation_days`,
`preservation_renewal_days`), never read out of a directory entry's free text (migration 0025
moved the unambiguous ones into the profiles)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from ...directory.models import Authority
from ...directory.profiles.lookup import state_value
from ...extensions import db
from .codes import CENTRAL_MLA, CONTACT_24_7, PRESERVATION_DAYS, PRESERVATION_REMIND_DAYS


def route_for(iso3: str | None) -> list[dict[str, Any]]:
    """The 24/7 contact and the central authority of a state, as plain dicts (may be empty)."""
    if not iso3:
        return []
    try:
        rows = db.session.execute(
            select(Authority).where(Authority.country_iso3 == iso3, Authority.retired.is_(False))
        ).scalars()
        found = [row for row in rows]
    except RuntimeError:  # no application context: a pure check
        return []
    out = []
    for function in (CONTACT_24_7, CENTRAL_MLA):
        for row in found:
            if function in (row.functions or []):
                out.append(
                    {
                        "id": row.id,
                        "function": function,
                        "name": row.name_en or row.name,
                        "email": row.email,
                        "phone": row.phone,
                    }
                )
                break
    return out


def preservation_days(document: dict[str, Any]) -> int:
    """The requested state's own period: for an extension its profile's renewal period, else its
    profile's period, else 60 days, the least Budapest art. 29(7) allows."""
    state = document.get("requested_state")
    renewal = state_value(state, "preservation_renewal_days")
    if renewal is not None and (document.get("preservation") or {}).get("extension_of"):
        return int(renewal.value)
    profiled = state_value(state, "preservation_days")
    return int(profiled.value) if profiled is not None else PRESERVATION_DAYS


def remind_days() -> list[int]:
    """Days before the expiry that the caseworker is reminded: configured, else 14 and 3."""
    try:
        configured = current_app.config.get("MLA_PRESERVATION_REMIND_DAYS")
    except RuntimeError:
        configured = None
    if isinstance(configured, str):
        configured = [int(part) for part in configured.split(",") if part.strip().isdigit()]
    return list(configured or PRESERVATION_REMIND_DAYS)
