"""Where e-evidence requests go: a state's 24/7 contact and central authority, its own period."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from sqlalchemy import select

from ...directory.models import Authority
from ...directory.profiles.lookup import state_value
from ...extensions import db
from ..directory_facts import authority_dict
from .codes import CENTRAL_MLA, CONTACT_24_7, PRESERVATION_DAYS, PRESERVATION_REMIND_DAYS

#: A directory entry records its own period as "preservation period: 90 days" (requirements/notes).
_PERIOD = re.compile(r"preserv\w*\s+(?:period|for)\s*[:=]?\s*(\d{2,3})\s*days", re.IGNORECASE)


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


def recorded_period(texts: list[str]) -> int | None:
    """The preservation period a directory entry records ('preservation period: 90 days')."""
    for text in texts:
        match = _PERIOD.search(text or "")
        if match and 60 <= int(match.group(1)) <= 365:
            return int(match.group(1))
    return None


def preservation_days(document: dict[str, Any]) -> int:
    """The requested state's own period: for an extension its profile's renewal period, else its
    profile's period, else one its directory entries write in their requirements or notes, else
    60 days (Budapest art. 29(7))."""
    state = document.get("requested_state")
    renewal = state_value(state, "preservation_renewal_days")
    if renewal is not None and (document.get("preservation") or {}).get("extension_of"):
        return int(renewal.value)
    profiled = state_value(state, "preservation_days")
    if profiled is not None:
        return int(profiled.value)
    authority = authority_dict(document.get("requested_authority"))
    texts = [authority.get("requirements", ""), authority.get("notes", "")] if authority else []
    for contact in route_for(document.get("requested_state")):
        other = authority_dict(contact["id"])
        if other:
            texts += [other.get("requirements", ""), other.get("notes", "")]
    return recorded_period([str(text or "") for text in texts]) or PRESERVATION_DAYS


def remind_days() -> list[int]:
    """Days before the expiry that the caseworker is reminded: configured, else 14 and 3."""
    try:
        configured = current_app.config.get("MLA_PRESERVATION_REMIND_DAYS")
    except RuntimeError:
        configured = None
    if isinstance(configured, str):
        configured = [int(part) for part in configured.split(",") if part.strip().isdigit()]
    return list(configured or PRESERVATION_REMIND_DAYS)
