"""Values from code lists (data categories, identifier types, choices, languages) as the labels
a printed document shows in its own language: a code never prints as typed by the program."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import current_app, has_app_context, has_request_context
from flask_babel import get_locale

from ..cldr_names import language_name
from ..i18n import Phrase, list_comma
from .fieldspec import IDENTIFIER_TYPE_LABELS, N_

logger = logging.getLogger(__name__)

#: The data categories of electronic evidence, named as on the preservation and 24/7 forms.
DATA_CATEGORY_LABELS = {
    "subscriber": N_("Subscriber information"),
    "identification": N_("Data requested only to identify the user"),
    "traffic": N_("Traffic data"),
    "content": N_("Content data"),
}


def _strict() -> bool:
    """Whether an unlabelled code fails loudly: under tests, so that a new code cannot print."""
    return has_app_context() and bool(current_app.testing)


def choice_label(choices: Iterable[tuple[str, str]], value: Any, gettext: Any) -> str:
    """The translated label of a choice. A code not in the list never prints: it raises
    LookupError under tests, and in service prints nothing, with a warning in the log."""
    choices = tuple(choices)
    for code, label in choices:
        if code == value:
            if code == label and code in DATA_CATEGORY_LABELS:  # choices named by their code
                return str(gettext(DATA_CATEGORY_LABELS[code]))
            return str(gettext(label))
    if value in (None, ""):
        return ""
    known = [code for code, _label in choices]
    if _strict():
        raise LookupError(f"{value!r} has no label among {known}")
    logger.warning("code %r has no label among %s: left out of the document", value, known)
    return ""


#: The punctuation that joins the items of a list in a document's language: Arabic has its own
#: comma and semicolon (U+060C, U+061B), Chinese the enumeration comma (U+3001, as CLDR's list
#: pattern) and the full-width semicolon, without spaces; the others use the Latin ones.
SEMICOLONS: dict[str, str] = {"ar": "\u061b ", "zh": "\uff1b"}


def list_semicolon(language: str) -> str:
    """ "؛ " in Arabic, "；" in Chinese, "; " otherwise."""
    return SEMICOLONS.get(language, "; ")


def choice_labels(
    choices: Iterable[tuple[str, str]], values: Iterable[Any], gettext: Any, comma: str = ", "
) -> str:
    """Several choices, each by its label, joined with the document language's comma."""
    known = tuple(choices)
    return comma.join(choice_label(known, value, gettext) for value in values)


def identifier_type_label(code: Any, gettext: Any) -> str:
    """ "Email address" for "email", in the document's language."""
    return choice_label(IDENTIFIER_TYPE_LABELS.items(), str(code or ""), gettext)


def language_label(code: Any, language: str) -> str:
    """A language's name in the document's language ("anglais" for "en" in French)."""
    return language_name(str(code), language) if code else ""


def translation_language(translate: Any) -> str:
    """The language a gettext translates into: a document catalogue's (its header), else the
    page's locale, else English."""
    catalogue = getattr(translate, "__self__", None)
    if catalogue is not None and hasattr(catalogue, "info"):
        return str(catalogue.info().get("language") or "en")
    locale = get_locale() if has_request_context() else None
    return str(locale.language) if locale is not None else "en"


class LanguageNames(Phrase):
    """Language codes quoted in a finding by their names in its language, joined with its
    comma ("arabe, anglais"; "العربية، الإنجليزية")."""

    codes: tuple[str, ...]

    def __new__(cls, codes: Iterable[str]) -> LanguageNames:
        known = tuple(codes)
        names = super().__new__(cls, ", ".join(language_label(code, "en") for code in known))
        names.codes = known
        return names

    def translated(self, translate: Any) -> str:
        language = translation_language(translate)
        return list_comma(language).join(language_label(code, language) for code in self.codes)
