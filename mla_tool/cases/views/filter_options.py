"""The <option>s of the case list's status, direction and kind filters, written once per language
and kept by the app, as the state picker's are (`directory.states.state_options`): the list
writes them on every load."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup, escape

from ...request_kinds import kind_label
from .. import workflow
from ..forms import DIRECTION_LABELS
from ..models import CASE_KINDS, DIRECTIONS
from .blueprint import status_label, translated

#: filter -> (its codes in the order shown, the label of a code in the reader's language).
FILTERS: dict[str, tuple[tuple[str, ...], Callable[[str], str]]] = {
    "status": (workflow.STATUSES, status_label),
    "direction": (
        DIRECTIONS,
        lambda code: translated("direction", DIRECTION_LABELS).get(code, code),
    ),
    "kind": (CASE_KINDS, kind_label),
}
#: Where the app keeps the options it wrote, by (filter, language).
_KEPT_KEY = "case_filter_options"


def filter_options(name: str, selected: str | None) -> Markup:
    """The options of filter `name` in the reader's language, `selected` marked."""
    codes, label = FILTERS[name]
    language = str(get_locale())
    kept: dict[tuple[str, str], str] = current_app.extensions.setdefault(_KEPT_KEY, {})
    html = kept.get((name, language))
    if html is None:
        html = kept[(name, language)] = "".join(
            f'<option value="{escape(code)}" >{escape(label(code))}</option>' for code in codes
        )
    if selected in codes:
        value = f'value="{escape(selected)}" '
        html = html.replace(f"{value}>", f"{value}selected>", 1)
    return Markup(html)  # noqa: S704 -- codes and labels were escaped when the options were written
