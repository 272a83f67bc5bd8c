"""States from ISO 3166-1 (pycountry), with names in the interface languages."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry
from markupsafe import Markup, escape

from ..text_folding import normalise

#: Codes the treaty data uses that ISO 3166-1 lacks.
EXTRA_PARTIES = {
    "EUU": {
        "en": "European Union",
        "ar": "الاتحاد الأوروبي",
        "fr": "Union européenne",
        "es": "Unión Europea",
        # the EU's own names in its languages (pt, de); ru, zh: the UN's terms (UNTERM)
        "pt": "União Europeia",
        "de": "Europäische Union",
        "ru": "Европейский союз",
        "zh": "欧洲联盟",
    }
}
#: The interface and document languages (a document names both states in its own language).
NAME_LANGUAGES = ("en", "ar", "fr", "es", "ru", "zh", "pt", "de")
#: Names the installed ISO 3166 catalogues lack (a state renamed after their last release).
MISSING_NAMES = {"TUR": {"ar": "تركيا"}}


@dataclass(frozen=True)
class State:
    iso3: str
    iso2: str
    names: dict[str, str]

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or self.names["en"]


@cache
def _translator(language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


@cache
def all_states() -> tuple[State, ...]:
    states = []
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        names = {"en": english}
        for language in NAME_LANGUAGES[1:]:
            names[language] = _translator(language).gettext(country.name)
        names.update(MISSING_NAMES.get(country.alpha_3, {}))
        states.append(State(country.alpha_3, country.alpha_2, names))
    for iso3, names in EXTRA_PARTIES.items():
        states.append(State(iso3, "", dict(names)))
    return tuple(sorted(states, key=lambda s: s.names["en"]))


@cache
def _by_iso3() -> dict[str, State]:
    return {state.iso3: state for state in all_states()}


def state_by_iso3(iso3: str | None) -> State | None:
    return _by_iso3().get((iso3 or "").upper())


def state_name(iso3: str | None, language: str = "en") -> str:
    state = state_by_iso3(iso3)
    return state.name(language) if state else (iso3 or "")


@cache
def states_by_name(language: str) -> tuple[State, ...]:
    """Every state, sorted as a reader of `language` expects: by its name in that language,
    without regard to case, accents or hamza forms ("Égypte" among the E's, "إسبانيا" and
    "الإمارات" among the alefs)."""
    return tuple(sorted(all_states(), key=lambda s: (normalise(s.name(language)), s.iso3)))


def state_choices(
    language: str, blank: str | None = "—", with_code: bool = False
) -> list[tuple[str, str]]:
    """(ISO3, name) pairs for a state picker, sorted by name in `language`; `blank` first
    (None: no blank choice), names followed by their code when `with_code`."""
    choices = [
        (s.iso3, f"{s.name(language)} ({s.iso3})" if with_code else s.name(language))
        for s in states_by_name(language)
    ]
    return ([("", str(blank))] if blank is not None else []) + choices


@cache
def name_order(language: str) -> dict[str, int]:
    """Each state's position in `states_by_name(language)`, for sorting rows in SQL."""
    return {state.iso3: position for position, state in enumerate(states_by_name(language))}


@cache
def _state_options_html(language: str) -> str:
    return "".join(
        f'<option value="{state.iso3}">{escape(state.name(language))}</option>'
        for state in states_by_name(language)
    )


def state_options(language: str, selected: str | None = None) -> Markup:
    """The <option>s of a state picker in `language`, `selected` marked: built once per
    language, as lists of cases render it on every page."""
    html = _state_options_html(language)
    if selected and len(selected) == 3 and selected.isalpha():
        code = selected.upper()
        html = html.replace(f'value="{code}">', f'value="{code}" selected>', 1)
    return Markup(html)  # noqa: S704 -- every name was escaped when the options were built
