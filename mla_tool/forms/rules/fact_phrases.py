"""A dated directory fact quoted in a finding: who it is about, its date and its source, in the
finding's language (a participation row, a declaration, the entry or profile a language comes
from)."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from ...directory.states import state_name
from ...i18n import N_, Phrase
from ..code_labels import translation_language

#: How long a source may be in a finding; the legal-basis finder and the directory show it whole.
SOURCE_LENGTH = 100
#: Said for a fact whose source states no date.
UNDATED = N_("date not stated")


def short_source(source: str | None) -> str:
    """The source cut at a word boundary after SOURCE_LENGTH characters ("…")."""
    text = " ".join((source or "").split())
    if len(text) <= SOURCE_LENGTH:
        return text or "—"
    return text[:SOURCE_LENGTH].rsplit(" ", 1)[0] + "…"


def _date_text(as_of: str | None, language: str) -> str | None:
    try:
        when = date.fromisoformat(as_of[:10]) if as_of else None
    except ValueError:
        return as_of
    return format_date(when, format="medium", locale=language) if when else None


class FactPhrase(Phrase):
    """A message about a dated fact with the parameters `state` (ISO3, shown by name), `date`
    and `source`, rendered in the language of the catalogue that translates it."""

    state_code: str | None
    as_of: str | None

    def __new__(
        cls, message: str, state: str | None, as_of: str | None, source: str | None, **extra: Any
    ) -> FactPhrase:
        params = {
            "state": state_name(state, "en") if state else "",
            "date": _date_text(as_of, "en") or UNDATED,
            "source": short_source(source),
            **extra,
        }
        phrase = super().__new__(cls, message, **params)
        phrase.state_code, phrase.as_of = state, as_of
        return phrase

    def translated(self, translate: Any) -> str:
        language = translation_language(translate)
        params = dict(self.params)
        if self.state_code:
            params["state"] = state_name(self.state_code, language)
        params["date"] = _date_text(self.as_of, language) or translate(UNDATED)
        try:
            return translate(self.message) % params
        except (KeyError, ValueError, TypeError):
            return str(self)
