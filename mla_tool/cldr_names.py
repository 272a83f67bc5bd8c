"""Names of languages and territories from CLDR (Babel's locale data), in a reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from babel import Locale, UnknownLocaleError

#: The CLDR locale whose names stand for a code: Chinese documents are in simplified script.
CLDR_LOCALES = {"zh": "zh_Hans"}


@cache
def cldr_locale(code: str) -> Locale | None:
    """The CLDR locale of a language code ("zh" reads as simplified Chinese); None if unknown."""
    try:
        return Locale.parse(CLDR_LOCALES.get(code, code))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def territory_names(reader: str) -> Mapping[str, str]:
    """CLDR's names of territories by ISO 3166-1 alpha-2 code, in `reader`'s language."""
    locale = cldr_locale(reader) or Locale.parse("en")
    return locale.territories


def language_name(code: str, reader: str) -> str:
    """A language's name in `reader`'s language, as in running text ("anglais" for "en" in
    French); the code itself when CLDR has no name for it."""
    locale = cldr_locale(reader) or Locale.parse("en")
    return locale.languages.get(code) or code


@cache
def own_language_name(code: str) -> str:
    """A language's name in itself, capitalised as in a list: "Deutsch", "Русский"."""
    locale = cldr_locale(code)
    name = locale.get_display_name(locale) if locale else None
    return name[:1].upper() + name[1:] if name else code
