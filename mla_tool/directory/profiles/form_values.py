"""A profile page's form: its values as the store takes them, and the store's as the form shows."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from ...i18n import N_
from ...request_kinds import KIND_CODES
from .fields import PROFILE_FIELDS, STATE_FIELDS
from .store import ProfileEntry

#: The words a page shows for the values of choice fields (message ids).
VALUE_LABELS: dict[str, str] = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "conditional": N_("With conditions"),
    "coercive_only": N_("Only for coercive measures"),
    "listed_measures": N_("Only for listed measures"),
    "probable_cause": N_("Probable cause"),
    "reasonable_grounds": N_("Reasonable grounds to believe"),
    "central_authority": N_("Central authority"),
    "diplomatic": N_("Diplomatic channel"),
    "interpol": N_("INTERPOL"),
    "direct": N_("Direct transmission"),
}


def _number(text: str) -> int | str:
    text = text.strip()
    return int(text) if text.isdigit() else text


def _languages(form: MultiDict[str, str], field: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind in KIND_CODES:
        codes = [c.strip().lower() for c in form.get(f"{field}-{kind}", "").split(",")]
        if any(codes):
            out[kind] = [code for code in codes if code]
    return out


def form_value(form: MultiDict[str, str], field: str) -> Any:
    """The value the form gives for a field, typed as the store keeps it (the store checks it)."""
    kind = PROFILE_FIELDS[field].kind
    if kind == "languages":
        return _languages(form, field)
    if kind == "codes":
        return form.getlist(f"{field}-value")
    text = form.get(f"{field}-value", "")
    if kind in ("months", "days"):
        return _number(text) if text.strip() else None
    if kind == "bool":
        return {"yes": True, "no": False}.get(text)
    return text or None


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def _unchanged(change: dict[str, Any], entry: ProfileEntry) -> bool:
    """A "set" whose inputs are what the page showed: nothing to record."""
    verified = entry.verified_on.isoformat() if entry.verified_on else ""
    same_value = change["value"] == entry.value or (_empty(change["value"]) and _empty(entry.value))
    return (
        same_value
        and change["source"].strip() == entry.source
        and change["verified_on"].strip() == verified
        and change["note"].strip() == entry.note
    )


def form_changes(
    form: MultiDict[str, str], current: dict[str, ProfileEntry]
) -> dict[str, dict[str, Any]]:
    """{field: change} for the fields the maintainer changed on the page."""
    out: dict[str, dict[str, Any]] = {}
    for field in STATE_FIELDS:
        if f"{field}-action" not in form:
            continue
        change = {
            "action": form.get(f"{field}-action", "set"),
            "value": form_value(form, field),
            "source": form.get(f"{field}-source", ""),
            "verified_on": form.get(f"{field}-verified_on", ""),
            "note": form.get(f"{field}-note", ""),
        }
        if change["action"] == "set" and _unchanged(change, current[field]):
            continue
        out[field] = change
    return out


def form_defaults(entry: ProfileEntry) -> dict[str, Any]:
    """What the form shows for a field as stored: its inputs' values."""
    value = entry.value
    if isinstance(value, bool):
        shown: Any = "yes" if value else "no"
    elif value is None:
        shown = [] if PROFILE_FIELDS[entry.field].kind == "codes" else ""
    else:
        shown = value
    return {
        "action": "unknown" if entry.origin == "edited" and value is None else "set",
        "value": shown,
        "source": entry.source,
        "verified_on": entry.verified_on.isoformat() if entry.verified_on else "",
        "note": entry.note,
    }
