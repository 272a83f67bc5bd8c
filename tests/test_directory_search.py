"""Directory search: Arabic and Latin normalisation, filters, retired entries, staleness."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mla_tool.directory.authorities import (
    authority_as_dict,
    count_stale,
    create_authority,
    find_authorities,
    is_stale,
    retire_authority,
)
from mla_tool.directory.language_facts import language_fact
from mla_tool.directory.states import states_by_name
from mla_tool.extensions import db
from mla_tool.text_folding import like_pattern, normalise, query_terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وَزَارَةُ العَدْلِ", "وزاره العدل"),  # tashkeel stripped, ta marbuta folded
        ("النيابة العامـــة", "النيابه العامه"),  # tatweel removed
        ("الإدارة", "الاداره"),  # hamza below
        ("أحمد", "احمد"),  # hamza above
        ("آمنة", "امنه"),  # madda
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("Ministère de la Justice", "ministere de la justice"),
        ("ÉTAT", "etat"),
        ("Office-of  International\tAffairs", "office of international affairs"),
        ("٢٠٢٤", "2024"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise(text: str | None, expected: str) -> None:
    assert normalise(text) == expected


def test_query_terms_and_like_escaping() -> None:
    assert query_terms("  وزارةُ   العدل ") == ["وزاره", "العدل"]
    assert like_pattern("50%_a") == "%50\\%\\_a%"


def _entry(**overrides):
    data = {
        "country": "EGY",
        "functions": ["central_authority_mla"],
        "name": "مكتب التعاون الدولي، مكتب النائب العام",
        "name_en": "International Cooperation Office, Office of the Public Prosecutor",
        "languages": ["ar", "en"],
        "verified_on": date.today().isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def entries():
    egypt = create_authority(_entry())
    morocco = create_authority(
        _entry(
            country="MAR",
            name="مديرية الشؤون الجنائية والعفو، وزارة العدل",
            name_en="Directorate of Criminal Affairs and Pardons, Ministry of Justice",
            languages=["ar", "fr"],
            functions=["central_authority_mla", "central_authority_extradition"],
        )
    )
    france = create_authority(
        _entry(
            country="FRA",
            name="Bureau de l'entraide pénale internationale",
            name_en="",
            name_ar="",
            languages=["fr"],
            functions=["central_authority_mla"],
            verified_on=None,
        )
    )
    cyber = create_authority(
        _entry(
            country="EGY",
            name="الإدارة العامة لمكافحة جرائم تقنية المعلومات",
            name_en="",
            functions=["cybercrime_24_7"],
            languages=["ar"],
        )
    )
    db.session.commit()
    return {"egypt": egypt, "morocco": morocco, "france": france, "cyber": cyber}


@pytest.mark.parametrize(
    "query",
    [
        "النائب",  # plain
        "النَّائِبِ",  # with tashkeel
        "النائـــب",  # with tatweel
        "التعاون الدولي",  # two words
        "الدولى",  # alef maqsura typed for ya
        "public prosecutor",  # English name
        "PROSECUTOR",
    ],
)
def test_part_of_arabic_or_english_name_finds_the_egyptian_authority(entries, query) -> None:
    found = find_authorities(q=query)
    assert entries["egypt"] in found
    assert entries["france"] not in found


def test_hamza_variants_match_each_other(entries) -> None:
    for query in ("الادارة", "الإدارة", "الأدارة", "الاداره"):
        assert find_authorities(q=query) == [entries["cyber"]], query


def test_latin_accents_and_state_names(entries) -> None:
    assert find_authorities(q="penale") == [entries["france"]]
    assert find_authorities(q="pénale ENTRAIDE") == [entries["france"]]
    # the state's names in every interface language are searchable too
    assert entries["morocco"] in find_authorities(q="Morocco")
    assert entries["morocco"] in find_authorities(q="المغرب")
    assert find_authorities(q="nothing-like-this") == []


def test_filters_combine(entries) -> None:
    assert set(find_authorities(country="egy")) == {entries["egypt"], entries["cyber"]}
    assert find_authorities(country="EGY", function="cybercrime_24_7") == [entries["cyber"]]
    assert find_authorities(function="central_authority_extradition") == [entries["morocco"]]
    assert set(find_authorities(language="fr")) == {entries["morocco"], entries["france"]}
    assert find_authorities(language="ar", q="وزارة") == [entries["morocco"]]
    # a function name is not matched as a part of another one
    assert find_authorities(function="central_authority") == []


def test_punctuation_and_wildcards_are_not_search_terms(entries) -> None:
    everything = find_authorities()
    assert len(everything) == 4
    assert find_authorities(q="%") == everything
    assert find_authorities(q="_") == everything
    assert find_authorities(q="%zz%") == []


def test_retired_entries_leave_the_search(entries) -> None:
    retire_authority(entries["cyber"])
    db.session.commit()
    assert entries["cyber"] not in find_authorities(country="EGY")
    assert entries["cyber"] in find_authorities(country="EGY", include_retired=True)


def test_stale_after_twelve_months(entries) -> None:
    today = date.today()
    authority = entries["egypt"]
    assert not is_stale(authority)
    authority.verified_on = today - timedelta(days=366)
    assert is_stale(authority)
    authority.verified_on = today - timedelta(days=364)
    assert not is_stale(authority)
    assert is_stale(entries["france"])  # never verified
    db.session.commit()
    assert find_authorities(stale_only=True) == [entries["france"]]
    assert count_stale() == 1


def test_authority_as_dict_and_accepted_languages(entries) -> None:
    data = authority_as_dict(entries["egypt"], "ar")
    assert data["country"] == "EGY"
    assert data["country_name"] == "مصر"
    assert data["display_name"] == entries["egypt"].name
    assert data["stale"] is False
    assert data["verified_on"] == date.today().isoformat()
    assert authority_as_dict(entries["egypt"], "en")["display_name"].startswith(
        "International Cooperation"
    )
    # the languages a state accepts, per kind of request: the entry that receives that kind,
    # never the union of every entry's (Egypt's 24/7 contact takes only Arabic)
    assert language_fact("EGY", "mla")["languages"] == ["ar", "en"]
    assert language_fact("EGY", "preservation")["languages"] == ["ar"]
    assert language_fact("MAR", "mla")["languages"] == ["ar", "fr"]
    assert language_fact("XXX", "mla") is None


def test_pages_list_states_in_the_order_of_their_names_in_the_reader_language(entries) -> None:
    create_authority(_entry(country="ARE", name="Ministry of Justice (UAE)"))
    create_authority(_entry(country="ESP", name="Ministerio de Justicia"))
    db.session.commit()

    def states(language: str | None) -> list[str]:
        found = find_authorities(states_named_in=language)
        return list(dict.fromkeys(a.country_iso3 for a in found))

    assert states(None) == ["ARE", "EGY", "ESP", "FRA", "MAR"]  # the API: ISO order
    # Egypt, France, Morocco, Spain, United Arab Emirates
    assert states("en") == ["EGY", "FRA", "MAR", "ESP", "ARE"]
    # Égypte among the E's, not after Maroc: accents do not count
    assert states("fr") == ["EGY", "ARE", "ESP", "FRA", "MAR"]
    # إسبانيا, الإمارات, المغرب, فرنسا, مصر: hamza forms of alef sort as alef
    assert states("ar") == ["ESP", "ARE", "MAR", "FRA", "EGY"]
    french = [state.iso3 for state in states_by_name("fr")]
    assert french.index("ARE") < french.index("FRA") < french.index("ZWE")  # Émirats, France
