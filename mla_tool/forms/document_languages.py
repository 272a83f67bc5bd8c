"""The languages a request document can be printed in: their names (CLDR), the wizard's choices,
and what to propose when the requested state accepts none of them (UNTOC art. 18(14))."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from ..cldr_names import language_name, own_language_name
from ..directory.states import state_name
from ..i18n import N_, text_direction
from .directory_facts import accepted_languages
from .schemas import DocumentLanguage

#: Each has a catalogue of the "documents" domain: the six UN languages, Portuguese and German.
DOCUMENT_LANGUAGES: tuple[str, ...] = DocumentLanguage.__args__  # type: ignore[attr-defined]
#: Proposed when a state accepts no document language: the working languages of the UN
#: Secretariat, the ones central authorities most often accept besides their own.
WORKING_LANGUAGES = ("en", "fr")

#: What the wizard says about the requested state's languages, by case (see `advise`).
ADVICE_MESSAGES = {
    "first_unavailable": N_(
        "%(state)s lists %(first)s first; no document can be printed in it. It also accepts "
        "%(proposed)s, which is proposed."
    ),
    "none_available": N_(
        "%(state)s accepts requests only in %(accepted)s; no document can be printed in it. "
        "Proposed: %(proposed)s or %(alternative)s, the working languages of "
        "the United Nations Secretariat. Ask its central authority first whether it will accept "
        "the request in that language, or attach a translation into %(first)s."
    ),
}


def own_name(code: str) -> str:
    """The language's name in itself (CLDR), capitalised as in a list: "Deutsch", "Русский"."""
    return own_language_name(code)


def display_name(code: str, ui_locale: str) -> str:
    """The language's name in the reader's language (CLDR), as in running text: "italien"."""
    return language_name(code, ui_locale)


def catalogue() -> list[dict[str, str]]:
    """The document languages as the API lists them, in the order of DOCUMENT_LANGUAGES."""
    return [
        {
            "code": code,
            "name": own_name(code),
            "name_en": display_name(code, "en"),
            "direction": text_direction(code),
        }
        for code in DOCUMENT_LANGUAGES
    ]


def listed_languages(iso3: str | None, kind: str, authority: dict[str, Any] | None) -> list[str]:
    """The languages the requested state accepts for this kind, in the order the source lists
    them: its profile for the kind, else the entry that receives the kind (the chosen one when
    it does), else its treaty declarations; never the union of every entry's languages."""
    return list(dict.fromkeys(accepted_languages(iso3, authority, kind) or []))


@dataclass(frozen=True)
class Advice:
    """What to propose: `case` is "accepted" (the state's first language is printable),
    "first_unavailable" (a later one is) or "none_available" (none is)."""

    case: str
    proposed: str
    alternative: str | None = None
    accepted: tuple[str, ...] = ()

    def message(self, gettext: Any, ui_locale: str, state: str) -> str | None:
        template = ADVICE_MESSAGES.get(self.case)
        if template is None:
            return None
        names = {
            "state": state,
            "first": display_name(self.accepted[0], ui_locale) if self.accepted else "",
            "accepted": ", ".join(display_name(code, ui_locale) for code in self.accepted),
            "proposed": display_name(self.proposed, ui_locale),
            "alternative": display_name(self.alternative or "", ui_locale),
        }
        return gettext(template) % names


def advise(accepted: list[str]) -> Advice | None:
    """The nearest document language to what the state accepts; None when the directory does
    not know what it accepts."""
    if not accepted:
        return None
    printable = [code for code in accepted if code in DOCUMENT_LANGUAGES]
    if printable and printable[0] == accepted[0]:
        return Advice("accepted", printable[0])
    if printable:
        return Advice("first_unavailable", printable[0], accepted=tuple(accepted))
    proposed, alternative = WORKING_LANGUAGES
    return Advice("none_available", proposed, alternative, accepted=tuple(accepted))


def language_choices(accepted: list[str], current: str | None = None) -> list[tuple[str, str]]:
    """The wizard's options: every document language, those the state accepts first (✓). A
    language stored before (an old draft, the API) stays selectable, marked as unprintable."""
    codes = [code for code in accepted if code in DOCUMENT_LANGUAGES]
    if accepted and not codes:  # none printable: the proposed working languages come first
        codes = list(WORKING_LANGUAGES)
    codes += [code for code in DOCUMENT_LANGUAGES if code not in codes]
    choices = [(code, own_name(code) + (" ✓" if code in accepted else "")) for code in codes]
    if current and current not in DOCUMENT_LANGUAGES:
        label = _("%(language)s: no document can be printed in it", language=own_name(current))
        choices.append((current, label))
    return choices


def wizard_languages(
    iso3: str | None, kind: str, authority: dict[str, Any] | None, current: str | None
) -> list[tuple[str, str]]:
    """The wizard's language options for a request to `iso3`."""
    return language_choices(listed_languages(iso3, kind, authority), current)


def wizard_advice(
    iso3: str | None, kind: str, authority: dict[str, Any] | None, ui_locale: str
) -> str | None:
    """The wizard's sentence on the requested state's languages, in the reader's language; None
    when its first language is printable or the directory does not know its languages."""
    advice = advise(listed_languages(iso3, kind, authority))
    return advice.message(_, ui_locale, state_name(iso3, ui_locale)) if advice else None
