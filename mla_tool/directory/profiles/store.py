"""A state's requirement profile merged (a maintainer's edit, else the seed) and its editing.

The packaged profile (requirement_profiles.json) is the seed; a maintainer's change of a field
is a new version in `directory_profile_values` and wins over the seed. Every version is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...audit import service as audit
from ...auth.models import utcnow
from ...clock import today
from ...extensions import db
from ...i18n import N_
from ..errors import DirectoryError
from ..states import state_by_iso3
from .edits import as_edit, latest
from .fields import PROFILE_FIELDS, STATE_FIELDS
from .lookup import seed_value
from .models import ProfileValue

#: What a maintainer may do to a field: record a value, record that it is unknown, or go back
#: to the packaged value.
ACTIONS = ("set", "unknown", "reset")


@dataclass(frozen=True)
class ProfileEntry:
    """One field of a state's merged profile, as the page and the API show it."""

    field: str
    value: Any
    source: str
    verified_on: date | None
    note: str
    #: "edited" (a maintainer's; value None: they recorded it is unknown), "seed" (packaged
    #: reference data) or "unknown" (recorded nowhere)
    origin: str
    version: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "source": self.source or None,
            "verified_on": self.verified_on.isoformat() if self.verified_on else None,
            "note": self.note or None,
            "origin": self.origin,
            "version": self.version,
        }


def state_profile(iso3: str) -> dict[str, ProfileEntry]:
    """Every field of a state's profile, merged: edited, seed or unknown."""
    iso3 = iso3.upper()
    edits = {row.field: row for row in latest(iso3)}
    out: dict[str, ProfileEntry] = {}
    for field in STATE_FIELDS:
        row = edits.get(field)
        edit = as_edit(row) if row is not None else None
        version = row.version if row is not None else 0
        if edit is not None:
            found, origin = edit.current, "edited"
        else:
            found = seed_value(iso3, field)
            origin = "seed" if found is not None else "unknown"
        out[field] = ProfileEntry(
            field,
            found.value if found else None,
            found.source if found else "",
            found.verified_on if found else None,
            found.note if found else "",
            origin,
            version,
        )
    return out


def _clean(field: str, change: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The change of one field, checked: (clean values, the error message or None)."""
    spec = PROFILE_FIELDS.get(field)
    if spec is None or spec.instrument_only:
        return {}, N_("not a field of a state's profile")
    action = change.get("action") or "set"
    if action not in ACTIONS:
        return {}, N_("action must be set, unknown or reset")
    source = str(change.get("source") or "").strip()
    note = str(change.get("note") or "").strip()
    verified = change.get("verified_on")
    try:
        verified_on = _date(verified)
    except (TypeError, ValueError):
        return {}, N_("verified_on must be a date YYYY-MM-DD")
    if verified_on is not None and verified_on > today():
        return {}, N_("verified_on may not be in the future")
    if action == "set":
        value = change.get("value")
        if not spec.accepts(value):
            if spec.minimum_source and isinstance(value, int) and 0 < value < spec.minimum:
                return {}, N_("at least 60 days (Budapest Convention art. 29(7))")
            return {}, _expected(spec.kind, spec.choices)
        if not source:
            return {}, N_("give the source of the value (law, treaty, declaration or guide)")
    else:
        value = None
    clean = {"action": action, "value": value, "source": source, "note": note}
    return {**clean, "verified_on": verified_on}, None


def _date(value: Any) -> date | None:
    if value in ("", None):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _expected(kind: str, choices: tuple[str, ...]) -> str:
    return {
        "months": N_("a whole number of months (1 or more)"),
        "days": N_("a whole number of days (1 or more)"),
        "bool": N_("true or false"),
        "choice": "one of " + ", ".join(choices),
        "codes": "a list of " + ", ".join(choices),
        "languages": N_("{request kind: [ISO 639-1 codes]}"),
    }[kind]


def _same(clean: dict[str, Any], entry: ProfileEntry) -> bool:
    if clean["action"] == "reset":
        return entry.origin != "edited"
    if clean["action"] == "unknown":
        return entry.origin != "seed" and entry.value is None
    return entry.origin == "edited" and all(
        getattr(entry, key) == clean[key] for key in ("value", "source", "verified_on", "note")
    )


def set_profile(iso3: str, changes: dict[str, dict[str, Any]], actor: Any = None) -> list[str]:
    """Apply a maintainer's changes ({field: {action, value, source, verified_on, note}}) to a
    state's profile, each as a new version; all or nothing. Returns the fields changed."""
    iso3 = (iso3 or "").upper()
    if state_by_iso3(iso3) is None:
        raise DirectoryError("unknown state", {"state": "unknown ISO 3166-1 alpha-3 code"}, 404)
    cleaned: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for field, change in changes.items():
        if not isinstance(change, dict):
            errors[field] = N_("give {value, source, verified_on, note} or {action}")
            continue
        clean, error = _clean(field, change)
        if error:
            errors[field] = error
        else:
            cleaned[field] = clean
    if errors:
        raise DirectoryError("the profile is not valid", errors)
    current = state_profile(iso3)
    changed = [field for field, clean in cleaned.items() if not _same(clean, current[field])]
    for field in changed:
        db.session.add(
            ProfileValue(
                state_iso3=iso3,
                field=field,
                version=current[field].version + 1,
                actor_id=getattr(actor, "id", None),
                actor_email=getattr(actor, "email", None),
                at=utcnow(),
                **cleaned[field],
            )
        )
    if changed:
        db.session.flush()
        audit.record(
            "directory.profile.update",
            "state_profile",
            None,
            {"state": iso3, "fields": changed},
            actor,
        )
    return changed
