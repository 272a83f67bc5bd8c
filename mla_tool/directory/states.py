"""States of ISO 3166-1 named from CLDR in the eight document languages, with the UN's names
where they differ (`un_names.py`); their order and pickers in a reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry
from markupsafe import Markup, escape

from ..cldr_names import territory_names
from ..collation import name_sort_key
from ..text_folding import normalise, query_terms
from .un_names import UN_NAMES

#: Parties the treaty data codes outside ISO 3166-1, with the CLDR territory that names them.
EXTRA_PARTIES = {"EUU": "EU"}
#: The interface and document languages (a document names both states in its own language).
NAME_LANGUAGES = ("en", "ar", "fr", "es", "ru", "zh", "pt", "de")


@dataclass(frozen=True)
class State:
    iso3: str
    iso2: str
    names: dict[str, str]

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or self.names["en"]


def cldr_names(territory: str) -> dict[str, str]:
    """CLDR's names of an ISO 3166-1 alpha-2 territory in every name language."""
    return {language: territory_names(language)[territory] for language in NAME_LANGUAGES}


def _codes() -> list[tuple[str, str]]:
    """(alpha-3, CLDR territory) of every state: ISO 3166-1 mapped through alpha-2 (pycountry
    for the codes only), then the extra parties."""
    iso = [(country.alpha_3, country.alpha_2) for country in pycountry.countries]
    return iso + list(EXTRA_PARTIES.items())


@cache
def all_states() -> tuple[State, ...]:
    overrides = {row.iso3: row.names for row in UN_NAMES}
    states = []
    for iso3, territory in _codes():
        names = cldr_names(territory) | overrides.get(iso3, {})
        iso2 = "" if iso3 in EXTRA_PARTIES else territory
        states.append(State(iso3, iso2, names))
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
    key = name_sort_key(language)
    return tuple(sorted(all_states(), key=lambda s: (key(s.name(language)), s.iso3)))


def search_names(iso3: str | None) -> list[str]:
    """The words a search finds a state by: its code, its names in every language, and CLDR's
    everyday names where the UN's replace them ("Syria", "韩国")."""
    state = state_by_iso3(iso3)
    if state is None:
        return []
    territory = EXTRA_PARTIES.get(state.iso3, state.iso2)
    return list(dict.fromkeys([state.iso3, *state.names.values(), *cldr_names(territory).values()]))


@cache
def _folded_names() -> dict[str, str]:
    """Each state's search names, folded as search folds a query."""
    return {
        state.iso3: " / ".join(normalise(name) for name in search_names(state.iso3))
        for state in all_states()
    }


def find_states(query: str | None, language: str = "en") -> tuple[State, ...]:
    """The states whose code or name in any language holds every word of `query`, folded (no
    case, accents, tashkeel or hamza forms: "الاردن" finds الأردن, "cote" Côte d'Ivoire), in
    `language`'s order; every state for an empty query."""
    terms = query_terms(query)
    folded = _folded_names()
    return tuple(
        state
        for state in states_by_name(language)
        if all(term in folded[state.iso3] for term in terms)
    )


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
