"""The blueprint of the request pages (`/requests`): each request page module adds its own."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_babel import get_locale, gettext
from jinja2 import pass_context
from markupsafe import Markup

from .rule_references import reference_for_reader

bp = Blueprint("requests", __name__, url_prefix="/requests")


@bp.app_template_filter("rule_reference")
@pass_context
def rule_reference(context: Any, reference: Any) -> Markup:
    """A finding's reference as the page's reader cites it (`rule_references`)."""
    language = context.get("current_language") or str(get_locale() or "en")
    return reference_for_reader(reference, gettext, language)
