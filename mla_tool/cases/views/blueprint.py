"""The blueprint of the case pages (`cases`, under /cases) and the labels its templates use."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from ..forms import DIRECTION_LABELS, STATUS_LABELS
from ..milestones import REFUSAL_GROUNDS
from ..timeline import said_note

bp = Blueprint("cases", __name__, url_prefix="/cases")

#: Where the app keeps the label tables it translated, by (table name, language).
_LABELS_KEY = "case_labels"


def translated(name: str, labels: dict[str, Any]) -> dict[str, str]:
    """The labels of table `name` in the reader's language, translated once per language and
    kept by the app: lists show them on every row of every page."""
    return _in_language(name, labels, str(get_locale()))


def _in_language(name: str, labels: dict[str, Any], language: str) -> dict[str, str]:
    """`translated` for `language`, which must be the language the labels are translated in
    now (the reader's, as `get_locale` says)."""
    kept: dict[tuple[str, str], dict[str, str]] = current_app.extensions.setdefault(_LABELS_KEY, {})
    table = kept.get((name, language))
    if table is None:
        table = kept[(name, language)] = {code: str(label) for code, label in labels.items()}
    return table


def status_label(status: str) -> str:
    """A case status in the reader's language."""
    return translated("status", STATUS_LABELS).get(status, status)


@bp.app_context_processor
def case_labels() -> dict[str, Any]:
    language = str(get_locale())
    statuses = _in_language("status", STATUS_LABELS, language)
    directions = _in_language("direction", DIRECTION_LABELS, language)
    return {
        "status_label": lambda status: statuses.get(status, status),
        "direction_label": lambda d: directions.get(d, d),
        "said_note": lambda event: said_note(event, _),
        "refusal_grounds": lambda: _in_language("refusal_ground", REFUSAL_GROUNDS, language),
    }
