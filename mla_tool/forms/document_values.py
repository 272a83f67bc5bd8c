"""How a stored value prints in the document: dates, states, and one row per field type."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from ..directory.states import state_name
from .cited_articles import label_citing
from .code_labels import (
    choice_label,
    choice_labels,
    identifier_type_label,
    list_comma,
    list_semicolon,
)
from .fieldspec import FieldSpec

TASHKEEL = re.compile("[\u064b-\u0652]")


def state_text(iso3: str | None, language: str) -> str:
    """A state's name; without Arabic diacritics, which PDF text extraction splits off."""
    name = state_name(iso3, language) if iso3 else ""
    return TASHKEEL.sub("", name) if language == "ar" else name


def date_text(value: Any, language: str) -> str:
    """An ISO date in the long form of the language; what is not a date as it is."""
    if not value:
        return ""
    try:
        return format_date(date.fromisoformat(str(value)), format="long", locale=language)
    except (ValueError, TypeError):
        return str(value)


@dataclass(frozen=True)
class Printing:
    """What a value's text depends on besides the value: the document's language, its
    catalogue and the articles the legal basis cites."""

    gettext: Callable[[str], str]
    language: str
    articles: dict[str, str]


def _as_typed(spec: FieldSpec, value: Any, out: Printing) -> str:
    return str(value)


def _yes_no(spec: FieldSpec, value: Any, out: Printing) -> str:
    return out.gettext("Yes") if value else out.gettext("No")


def _choice(spec: FieldSpec, value: Any, out: Printing) -> str:
    return label_citing(value, out.articles, out.gettext) or choice_label(
        spec.choices, value, out.gettext
    )


def _choices(spec: FieldSpec, value: Any, out: Printing) -> str:
    return choice_labels(spec.choices, value, out.gettext, list_comma(out.language))


def _date(spec: FieldSpec, value: Any, out: Printing) -> str:
    return date_text(value, out.language)


def _identifier(item: dict[str, Any], out: Printing) -> str:
    parts = (
        identifier_type_label(item.get("type"), out.gettext),
        item.get("value"),
        item.get("observed_at"),
        item.get("timezone"),
    )
    return " ".join(str(part) for part in parts if part)


def _identifiers(spec: FieldSpec, value: Any, out: Printing) -> str:
    return list_semicolon(out.language).join(_identifier(item, out) for item in value)


def _provider(spec: FieldSpec, value: Any, out: Printing) -> str:
    parts = (value.get("name"), state_text(value.get("country"), out.language))
    return list_comma(out.language).join(part for part in parts if part)


def _date_range(spec: FieldSpec, value: Any, out: Printing) -> str:
    return (
        f"{date_text(value.get('from'), out.language)} – {date_text(value.get('to'), out.language)}"
    )


def _related_requests(spec: FieldSpec, value: Any, out: Printing) -> str:
    return list_semicolon(out.language).join(
        list_comma(out.language).join(
            part
            for part in (
                date_text(item.get("date"), out.language),
                item.get("authority"),
                item.get("reference"),
            )
            if part
        )
        for item in value
        if isinstance(item, dict)
    )


#: The field types (fieldspec.FIELD_TYPES), each as a measure's detail prints in the document.
PRINTED_VALUES: dict[str, Callable[[FieldSpec, Any, Printing], str]] = {
    "text": _as_typed,
    "textarea": _as_typed,
    "choice": _choice,
    "state": _as_typed,
    "language": _as_typed,
    "authority": _as_typed,
    "date": _date,
    "bool": _yes_no,
    "multichoice": _choices,
    "lines": _as_typed,
    "identifiers": _identifiers,
    "provider": _provider,
    "date_range": _date_range,
    "related_requests": _related_requests,
}


def printed_value(spec: FieldSpec, value: Any, out: Printing) -> str:
    """The text a filled value of `spec` prints as."""
    return PRINTED_VALUES.get(spec.type, _as_typed)(spec, value, out)
