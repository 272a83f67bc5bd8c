"""Values from code lists (data categories, identifier types, choices, languages) as the labels
a printed document shows in its own language: a code never prints as typed by the program."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from babel import Locale, UnknownLocaleError

from .fieldspec import IDENTIFIER_TYPE_LABELS, N_

#: The data categories of electronic evidence, named as on the preservation and 24/7 forms.
DATA_CATEGORY_LABELS = {
    "subscriber": N_("Subscriber information"),
    "traffic": N_("Traffic data"),
    "content": N_("Content data"),
}


def choice_label(choices: Iterable[tuple[str, str]], value: Any, gettext: Any) -> str:
    """The translated label of a choice; a value not in the list prints as it was given."""
    for code, label in choices:
        if code == value:
            if code == label and code in DATA_CATEGORY_LABELS:  # choices named by their code
                return str(gettext(DATA_CATEGORY_LABELS[code]))
            return str(gettext(label))
    return str(value or "")


#: The punctuation that joins the items of a list in a document's language: Arabic has its own
#: comma and semicolon (U+060C, U+061B); the other document languages use the Latin ones.
COMMAS: dict[str, str] = {"ar": "\u060c "}
SEMICOLONS: dict[str, str] = {"ar": "\u061b "}


def list_comma(language: str) -> str:
    """ "، " in Arabic, ", " otherwise."""
    return COMMAS.get(language, ", ")


def list_semicolon(language: str) -> str:
    """ "؛ " in Arabic, "; " otherwise."""
    return SEMICOLONS.get(language, "; ")


def choice_labels(
    choices: Iterable[tuple[str, str]], values: Iterable[Any], gettext: Any, comma: str = ", "
) -> str:
    """Several choices, each by its label, joined with the document language's comma."""
    known = tuple(choices)
    return comma.join(choice_label(known, value, gettext) for value in values)


def identifier_type_label(code: Any, gettext: Any) -> str:
    """ "Email address" for "email", in the document's language."""
    label = IDENTIFIER_TYPE_LABELS.get(str(code or ""))
    return str(gettext(label)) if label else str(code or "")


def language_label(code: Any, language: str) -> str:
    """A language's name in the document's language ("anglais" for "en" in French)."""
    if not code:
        return ""
    try:
        name = Locale.parse(language).languages.get(str(code))
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    return name or str(code)
