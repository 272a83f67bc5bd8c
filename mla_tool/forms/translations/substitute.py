"""The request document with its typed text in the document's language, where translated."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from babel import Locale, UnknownLocaleError

from ..fieldspec import N_
from .fields import set_path, text_language, translatable_fields
from .store import current_texts

#: Printed before a field's original text when it has no current translation.
UNTRANSLATED = N_("[untranslated — original in %(language)s]")


def language_name(code: str, in_language: str) -> str:
    """A language's name in another language, from CLDR (Babel)."""
    try:
        return Locale.parse(in_language).languages.get(code) or code
    except (UnknownLocaleError, ValueError):
        return code


def translated_document(
    request_id: int | None,
    document: dict[str, Any],
    language: str,
    gettext: Callable[[str], str],
) -> dict[str, Any]:
    """A copy of `document` whose free-text fields are their translations into `language`;
    a field without a current one keeps its original text, marked as untranslated. A document
    in the text's own language is returned as it is."""
    source = text_language(document)
    if request_id is None or language == source:
        return document
    fields = translatable_fields(document)
    if not fields:
        return document
    translated = current_texts(request_id, language, fields)
    marker = gettext(UNTRANSLATED) % {"language": language_name(source, language)}
    out = copy.deepcopy(document)
    for field in fields:
        text = translated.get(field.path)
        # the marker on a line of its own: each line prints in its own direction (typed_text),
        # so an English original in an Arabic document keeps its order
        set_path(out, field.path, text if text is not None else f"{marker}\n{field.text}")
    return out
