"""Earlier requests in the same matter (date, authority, reference): the value, its one-line form.

EIO Annex A section D asks whether the request relates to an earlier one and for its date, the
authority it went to and its reference; the wizard takes one request a line, `date | authority
| reference`, and the document prints them in the section on the proceedings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext

from .limits import MAX_ENTRIES, MAX_SHORT

RELATED_KEYS = ("date", "authority", "reference")


def check_related_requests(spec: Any, value: Any) -> None:
    """Raise ValueError unless `value` is a list of {date, authority, reference} objects."""
    if not isinstance(value, list):
        raise ValueError("must be a list of {date, authority, reference}")
    if len(value) > MAX_ENTRIES:
        raise ValueError(f"may have at most {MAX_ENTRIES} entries")
    for index, item in enumerate(value):
        if not isinstance(item, dict) or set(item) - set(RELATED_KEYS):
            raise ValueError(f"item {index} must be an object with date, authority, reference")
        for key in ("authority", "reference"):
            text = item.get(key)
            if text is not None and (not isinstance(text, str) or len(text) > MAX_SHORT):
                raise ValueError(
                    f"item {index}: {key} must be text of at most {MAX_SHORT} characters"
                )
        if item.get("date") not in (None, ""):
            try:
                date.fromisoformat(str(item["date"]))
            except ValueError as error:
                raise ValueError(f"item {index}: date must be YYYY-MM-DD") from error


def parse_related_requests(text: str) -> list[dict[str, Any]]:
    """Lines `date | authority | reference` (the date may be left empty) → objects."""
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) > len(RELATED_KEYS):
            raise ValueError(
                gettext("Line %(number)s: write date | authority | reference.", number=number)
            )
        item = {key: part for key, part in zip(RELATED_KEYS, parts, strict=False) if part}
        if item.get("date"):
            try:
                date.fromisoformat(item["date"])
            except ValueError as error:
                raise ValueError(
                    gettext("Line %(number)s: write the date as YYYY-MM-DD.", number=number)
                ) from error
        items.append(item)
    return items


def format_related_requests(items: Any) -> str:
    return "\n".join(
        " | ".join(str(item.get(key) or "") for key in RELATED_KEYS)
        for item in items or []
        if isinstance(item, dict)
    )
