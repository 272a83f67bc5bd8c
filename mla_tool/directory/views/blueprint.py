"""The blueprint of the directory pages, their interface language, template helpers and filters."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_babel import get_locale
from flask_babel import gettext as _

from ...i18n import catalogue_text
from ..article_direction import article_for_reader, format_isolated, isolate_articles
from ..authorities import function_label, is_stale
from ..schemas import CHANNELS
from ..states import state_name

bp = Blueprint("directory", __name__, url_prefix="/directory")


def ui_language() -> str:
    return str(get_locale() or "en").split("_")[0]


def reader_state_name(iso3: str | None) -> str:
    """A state's name in the reader's language (the template global `state_name`, which the
    wiring registers for every page)."""
    return state_name(iso3, ui_language())


@bp.app_context_processor
def directory_helpers() -> dict[str, Any]:
    return {
        "function_label": function_label,
        "channel_label": lambda key: str(CHANNELS.get(key, key)),
        "is_stale": is_stale,
    }


@bp.app_template_filter("entry_value")
def entry_value(value: Any) -> str:
    """A stored value as people read it: lists joined, booleans in words, nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(entry_value(item) for item in value)
    if isinstance(value, dict):
        return " | ".join(entry_value(item) for item in value.values())
    return str(value)


@bp.app_template_filter("ltr_articles")
def ltr_articles(value: Any) -> Any:
    """Article references kept left to right in right-to-left text (`article_direction`)."""
    return isolate_articles(value)


@bp.app_template_filter("article_for_reader")
def article_for_reader_filter(value: Any) -> Any:
    """ "art. 18" as "art. 18" in the reader's language (Arabic "المادة 18"); a protocol's
    longer reference as the catalogue has it."""
    return article_for_reader(value, lambda: _("art. %(number)s"), catalogue_text)


@bp.app_template_filter("format_isolated")
def format_isolated_filter(template: Any, params: dict[str, Any]) -> Any:
    """A translated message filled with values that keep their own direction."""
    return format_isolated(str(template), params)
