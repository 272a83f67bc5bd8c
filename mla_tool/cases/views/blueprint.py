"""The blueprint of the case pages (`cases`, under /cases) and the labels its templates use."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g
from flask_babel import gettext as _

from ..forms import DIRECTION_LABELS, STATUS_LABELS
from ..milestones import REFUSAL_GROUNDS
from ..timeline import said_note

bp = Blueprint("cases", __name__, url_prefix="/cases")


def translated(name: str, labels: dict[str, Any]) -> dict[str, str]:
    """Labels translated once per request: lists show them on every row."""
    key = f"case_labels_{name}"
    cached = g.get(key)
    if cached is None:
        cached = {code: str(label) for code, label in labels.items()}
        setattr(g, key, cached)
    return cached


def status_label(status: str) -> str:
    """A case status in the reader's language."""
    return translated("status", STATUS_LABELS).get(status, status)


@bp.app_context_processor
def case_labels() -> dict[str, Any]:
    return {
        "status_label": status_label,
        "direction_label": lambda d: translated("direction", DIRECTION_LABELS).get(d, d),
        "said_note": lambda event: said_note(event, _),
        "refusal_grounds": lambda: translated("refusal_ground", REFUSAL_GROUNDS),
    }
