"""State and language names come from CLDR in the eight document languages (issue 20): every
state name equals CLDR's but for the reviewed UN names of `un_names.py`, each of which differs
from CLDR's and says why; the old hand-made Arabic names are gone; names sort by the reader's
letters and are found by a folded search; language names are CLDR's too."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pycountry
import pytest

from mla_tool.cldr_names import cldr_locale, language_name, own_language_name
from mla_tool.directory.states import (
    EXTRA_PARTIES,
    NAME_LANGUAGES,
    all_states,
    cldr_names,
    find_states,
    state_by_iso3,
    state_choices,
    state_name,
    states_by_name,
)
from mla_tool.directory.un_names import AWAITING_SOURCE, KEPT_FROM_CLDR, UN_NAMES
from mla_tool.forms.code_labels import LanguageNames, language_label
from mla_tool.forms.document_languages import DOCUMENT_LANGUAGES, display_name, own_name
from mla_tool.forms.forms import COMMON_LANGUAGES
from mla_tool.text_folding import normalise

OVERRIDES = {row.iso3: row for row in UN_NAMES}
#: Names the ISO 3166 catalogues and hand tables printed, and what CLDR says instead.
OLD_ARABIC = {
    "SRB": ("صربية", "صربيا"),
    "LTU": ("لثوانيا", "ليتوانيا"),
    "VAT": ("المقعد المقدّس (ولاية مدينة الفاتيكان)", "الفاتيكان"),
    "TWN": ("تايوان، محافظة صينيّة", "تايوان"),
}


def _territory(iso3: str) -> str:
    return EXTRA_PARTIES.get(iso3) or pycountry.countries.get(alpha_3=iso3).alpha_2


@pytest.mark.parametrize("language", NAME_LANGUAGES)
def test_every_state_name_is_cldr_s_unless_an_override_lists_it(language: str) -> None:
    for state in all_states():
        cldr = cldr_names(_territory(state.iso3))[language]
        override = OVERRIDES.get(state.iso3)
        if override and language in override.names:
            assert state.name(language) == override.names[language]
        else:
            assert state.name(language) == cldr, (state.iso3, language)


def test_every_override_differs_from_cldr_and_says_why() -> None:
    assert len(OVERRIDES) == len(UN_NAMES), "one row per state"
    for row in UN_NAMES:
        assert state_by_iso3(row.iso3) is not None, row.iso3
        assert set(row.names) <= set(NAME_LANGUAGES), row.iso3
        assert len(row.reason) > 30 and ("CLDR" in row.reason or "UN" in row.reason), row.iso3
        cldr = cldr_names(_territory(row.iso3))
        for language, name in row.names.items():
            assert name.strip() == name and name, (row.iso3, language)
            assert name != cldr[language], f"{row.iso3}/{language}: CLDR already says {name!r}"
    for iso3, reason in KEPT_FROM_CLDR.items():
        assert iso3 not in OVERRIDES and reason, iso3
    for iso3, what in AWAITING_SOURCE.items():
        assert state_by_iso3(iso3) is not None and what, iso3


REPOSITORY = Path(__file__).resolve().parent.parent


def _letters(text: str) -> Counter[str]:
    return Counter(char for char in text.replace("\u0640", "") if char.isalpha())


def test_every_override_cites_a_source_that_writes_it() -> None:
    """Each name has its file and line; the words quoted from there hold the name (or all of its
    letters, where a PDF extraction reordered the words, which the note then says), and where
    the file is at hand its line holds those words."""
    for row in UN_NAMES:
        assert set(row.sources) == set(row.names), row.iso3
        for language, name in row.names.items():
            source = row.sources[language]
            if source.note:
                assert not _letters(name) - _letters(source.words) or "reads" in source.note, (
                    row.iso3,
                    language,
                )
            else:
                assert name in source.words, (row.iso3, language)
            path = (REPOSITORY / source.file).resolve()
            if not path.exists():  # the UN documents of ../shared/seeds live beside the project
                assert source.file.startswith("../shared/seeds/"), source.file
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            found = " ".join(lines[source.line - 1 : source.end_line or source.line])
            assert source.words in " ".join(found.replace("\u0640", "").split()), (
                row.iso3,
                language,
            )


def test_states_are_iso_3166_alpha_3_mapped_through_alpha_2() -> None:
    states = {state.iso3: state for state in all_states()}
    assert len(states) == len(pycountry.countries) + len(EXTRA_PARTIES)
    assert states["JOR"].iso2 == "JO" and states["EUU"].iso2 == ""
    for state in states.values():
        for language in NAME_LANGUAGES:
            assert state.name(language) not in ("", state.iso3, state.iso2), (state, language)


def test_the_hand_made_arabic_names_are_gone() -> None:
    arabic = {state.name("ar") for state in all_states()}
    for iso3, (old, new) in OLD_ARABIC.items():
        assert old not in arabic and state_name(iso3, "ar") == new, iso3
    assert "Province" not in state_name("TWN", "en") and state_name("TWN", "zh") == "台湾"
    assert state_name("PSE", "ar") == "دولة فلسطين"  # not CLDR's "الأراضي الفلسطينية"
    assert state_name("TUR", "en") == "Türkiye"  # CLDR's; fr "Turquie" until a source shows more
    assert state_name("EUU", "ar") == "الاتحاد الأوروبي"


def _first_letters(language: str) -> list[str]:
    return [normalise(state.name(language))[:1] for state in states_by_name(language)]


def test_arabic_names_sort_by_arabic_letters() -> None:
    letters = _first_letters("ar")
    assert all("\u0621" <= letter <= "\u064a" for letter in letters), set(letters)
    assert letters == sorted(letters)  # ا ب ت … ي: the Arabic block is in alphabetical order
    assert letters[0] == "ا" and letters[-1] in "هوي"  # هولندا, the last letters
    order = [state.iso3 for state in states_by_name("ar")]
    # أذربيجان, الأردن and إسبانيا among the alefs, whatever their hamza; مصر after لبنان
    assert order.index("AZE") < order.index("ESP") < order.index("JOR") < order.index("EGY")
    assert order.index("LBN") < order.index("EGY")


def test_latin_names_sort_without_regard_to_accents_or_case() -> None:
    french = [state.iso3 for state in states_by_name("fr")]
    assert french.index("ECU") > french.index("EGY")  # Équateur after Égypte, among the E's
    assert french.index("EGY") < french.index("ESP") < french.index("FRA")
    spanish = [state.name("es") for state in states_by_name("es")]
    assert spanish.index("Japón") < spanish.index("Jordania")


def test_pickers_list_every_state_in_the_reader_s_order() -> None:
    choices = state_choices("ar", blank=None)
    assert [code for code, _name in choices] == [s.iso3 for s in states_by_name("ar")]
    assert dict(choices)["SRB"] == "صربيا"


@pytest.mark.parametrize(
    ("query", "iso3"),
    [
        ("الاردن", "JOR"),  # without the hamza
        ("الأردن", "JOR"),
        ("صربيا", "SRB"),
        ("فلسطين", "PSE"),
        ("جمهوريه ايران الاسلاميه", "IRN"),  # ه for ة and no hamza, as people type
        ("سوريا", "SYR"),  # CLDR's everyday name still finds it
        ("Syria", "SYR"),
        ("cote d ivoire", "CIV"),
        ("Türkiye", "TUR"),
        ("turquie", "TUR"),
        ("韩国", "KOR"),
        ("jor", "JOR"),
    ],
)
def test_a_folded_search_finds_states_by_any_of_their_names(query: str, iso3: str) -> None:
    assert iso3 in [state.iso3 for state in find_states(query, "ar")], query


def test_an_empty_search_lists_every_state_in_order() -> None:
    assert find_states("", "fr") == states_by_name("fr")
    assert find_states("nothing like this", "ar") == ()


@pytest.mark.parametrize("reader", NAME_LANGUAGES)
def test_language_names_are_cldr_s_in_every_document_language(reader: str) -> None:
    locale = cldr_locale(reader)
    assert locale is not None
    for code in (*DOCUMENT_LANGUAGES, "it", "fa", "tr"):
        expected = locale.languages[code]
        assert language_name(code, reader) == expected
        assert language_label(code, reader) == expected
        assert display_name(code, reader) == expected
    assert LanguageNames(["ar", "en"]).translated(_gettext_in(reader)) == (
        {"ar": "\u060c ", "zh": "\u3001"}.get(reader, ", ").join(
            [locale.languages["ar"], locale.languages["en"]]
        )
    )


def _gettext_in(language: str) -> Any:
    """A gettext whose catalogue says it translates into `language`."""

    class Catalogue:
        def info(self) -> dict[str, str]:
            return {"language": language}

        def gettext(self, message: str) -> str:
            return message

    return Catalogue().gettext


def test_languages_are_named_in_themselves_from_cldr() -> None:
    for code in COMMON_LANGUAGES:
        locale = cldr_locale(code)
        assert locale is not None
        own = locale.get_display_name(locale)
        assert own_language_name(code) == own_name(code) == own[:1].upper() + own[1:]
    assert own_language_name("zh") == "中文 (简体)" and own_language_name("de") == "Deutsch"
