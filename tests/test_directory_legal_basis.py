"""The legal-basis finder on the real packaged treaty data, and the reference-data loader."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from mla_tool.directory.errors import DirectoryError
from mla_tool.directory.language_facts import language_fact
from mla_tool.directory.legal_basis import legal_basis
from mla_tool.directory.models import DirectoryVersion, Instrument, Participation
from mla_tool.directory.reference import dates_in_source, language_codes, load_reference_data
from mla_tool.directory.treaties import (
    BilateralTreaty,
    create_bilateral_instrument,
    get_instrument,
    set_participation,
)
from mla_tool.directory.versions import history as version_history
from mla_tool.extensions import db

pytestmark = pytest.mark.slow  # the whole treaty data per test: left out of scripts/test --fast


@pytest.fixture
def reference() -> dict[str, int]:
    counts = load_reference_data()
    db.session.commit()
    return counts


def codes(results: list[dict]) -> list[str]:
    return [item["code"] for item in results]


def by_code(results: list[dict], code: str) -> dict:
    return next(item for item in results if item["code"] == code)


def test_loader_reads_the_packaged_data_and_is_idempotent(reference) -> None:
    assert reference["instruments"] >= 15
    # participation.csv (1136), the Arab and GCC rows (108) and six 2020-2023 accessions
    # that participation.csv lacks
    assert reference["participation"] == 1136 + 108 + 6
    # UNTOC declarations and notifications merged per state (66), UNCAC notifications (9)
    assert reference["declarations"] == 66 + 9
    versions = db.session.execute(select(func.count(DirectoryVersion.id))).scalar_one()
    again = load_reference_data()
    db.session.commit()
    assert again["changed"] == 0
    assert db.session.execute(select(func.count(DirectoryVersion.id))).scalar_one() == versions
    egypt_untoc = db.session.execute(
        select(Participation)
        .join(Instrument)
        .where(Instrument.code == "UNTOC", Participation.state_iso3 == "EGY")
    ).scalar_one()
    assert egypt_untoc.status == "party"
    assert egypt_untoc.consent_date == date(2004, 3, 5)
    assert "treaties.un.org" in egypt_untoc.source
    assert egypt_untoc.data_as_of == date(2014, 1, 27)
    # a signature without consent is not participation as a party
    egypt_uncc = db.session.execute(
        select(Participation)
        .join(Instrument)
        .where(Instrument.code == "UNCC", Participation.state_iso3 == "EGY")
    ).scalar_one()
    assert egypt_uncc.status == "signatory"
    # instruments beyond the CSV exist, without invented participation
    european = get_instrument("EUR_MLA1959")
    assert european.kind == "regional" and european.participation_known is False
    assert european.participations == []


def test_a_maintainers_correction_survives_a_reload(reference) -> None:
    instrument = get_instrument("UNTOC")
    record = set_participation(
        instrument,
        "EGY",
        {"status": "party", "consent_date": "2004-03-05", "source": "Official gazette (test)"},
    )
    db.session.commit()
    assert record.origin == "user" and record.version == 2
    load_reference_data()
    db.session.commit()
    db.session.refresh(record)
    assert record.source == "Official gazette (test)"
    history = version_history("participation", record.id)
    assert [v.action for v in history] == ["update", "reference"]


def test_france_to_egypt_mla_gives_untoc_and_uncac(reference) -> None:
    results = legal_basis("FRA", "EGY", "mla")
    assert codes(results)[:2] == ["UNTOC", "UNCAC"]
    untoc = by_code(results, "UNTOC")
    assert untoc["article"] == "art. 18"
    assert untoc["status"] == "applies"
    assert untoc["instrument_kind"] == "global"
    assert untoc["requested"]["state"] == "EGY"
    assert untoc["requested"]["consent_date"] == "2004-03-05"
    assert "treaties.un.org" in untoc["requested"]["source"]
    assert untoc["requested"]["data_as_of"] == "2014-01-27"
    assert untoc["requesting"]["state"] == "FRA"
    assert by_code(results, "UNCAC")["article"] == "art. 46"
    # the UN cybercrime convention is not in force: signatures do not bind
    assert "UNCC" not in codes(results)
    # reciprocity is the labelled fallback, always last
    assert results[-1]["code"] == "reciprocity"
    assert results[-1]["status"] == "fallback"
    assert "Fallback" in results[-1]["label"]
    assert [item["rank"] for item in results] == list(range(1, len(results) + 1))


def test_a_state_that_does_not_take_untoc_for_extradition(reference) -> None:
    # Viet Nam declared under art. 16(5) that it does not take UNTOC as legal basis
    results = legal_basis("FRA", "VNM", "extradition")
    untoc = by_code(results, "UNTOC")
    assert untoc["status"] == "not_a_legal_basis"
    effect = untoc["declarations"][0]
    assert effect["effect"] == "not_a_legal_basis"
    assert effect["article"] == "art. 16(5)"
    assert "does not take UNTOC" in effect["message"]
    assert effect["source"]
    # usable bases rank before the one the declaration rules out
    usable = [item["code"] for item in results if item["status"] == "applies"]
    assert "UNCAC" in usable
    assert codes(results).index("UNTOC") > max(codes(results).index(c) for c in usable)
    # the same question towards Latvia, which accepts UNTOC as legal basis
    latvia = by_code(legal_basis("FRA", "LVA", "extradition"), "UNTOC")
    assert latvia["status"] == "applies"
    assert latvia["declarations"][0]["effect"] == "confirms"
    # and towards a state whose answer is not known
    egypt = by_code(legal_basis("FRA", "EGY", "extradition"), "UNTOC")
    assert egypt["status"] == "applies"
    assert egypt["declarations"][0]["effect"] == "unknown"


def test_mla_route_notes_from_declarations(reference) -> None:
    india = by_code(legal_basis("FRA", "IND", "mla"), "UNTOC")
    messages = " ".join(effect["message"] for effect in india["declarations"])
    assert "art. 18(13)" in messages and "Ministry of Home Affairs" in messages
    assert "English and/or Hindi" in messages


def test_ranking_bilateral_regional_global(reference) -> None:
    treaty = create_bilateral_instrument(
        BilateralTreaty(
            code="FRA-EGY-MLA",
            name_en="Convention on mutual legal assistance between France and Egypt (test)",
            states=("FRA", "EGY"),
            articles={"mla": "art. 1"},
            source="test",
        )
    )
    db.session.commit()
    results = legal_basis("FRA", "EGY", "mla")
    assert results[0]["code"] == treaty.code
    assert results[0]["instrument_kind"] == "bilateral"
    kinds = [item["instrument_kind"] for item in results if item["status"] == "applies"]
    assert kinds == sorted(kinds, key=["bilateral", "regional", "global"].index)
    # the treaty binds only its two states
    assert treaty.code not in codes(legal_basis("FRA", "MAR", "mla"))
    # Budapest (regional, both parties) ranks before the global conventions
    germany = legal_basis("FRA", "DEU", "mla")
    assert codes(germany).index("BUDAPEST") < codes(germany).index("UNTOC")
    assert by_code(germany, "BUDAPEST")["article"].startswith("arts. 25, 27")


def test_regional_instruments_without_participation_data_are_labelled_check(reference) -> None:
    results = legal_basis("FRA", "DEU", "mla")
    european = by_code(results, "EUR_MLA1959")
    assert european["status"] == "check"
    assert european["requesting"] is None and european["requested"] is None
    assert any("not recorded" in note for note in european["notes"])
    # Morocco only signed the Riyadh Agreement (1983): recorded, and not as a party
    riyadh = by_code(legal_basis("EGY", "MAR", "extradition"), "RIYADH1983")
    assert riyadh["status"] == "not_bound"
    assert riyadh["requested"]["consent_type"] == "signature only"
    # outside the League of Arab States the Riyadh Agreement is not offered
    assert "RIYADH1983" not in codes(legal_basis("FRA", "EGY", "extradition"))


def test_preservation_uses_the_cybercrime_instruments(reference) -> None:
    results = legal_basis("FRA", "DEU", "preservation")
    assert by_code(results, "BUDAPEST")["article"] == "art. 29"
    assert "UNTOC" not in codes(results)


def test_every_pair_of_states_in_the_data_gets_an_answer(reference) -> None:
    states = sorted(set(db.session.execute(select(Participation.state_iso3)).scalars()) - {"EUU"})[
        :40
    ]
    for requesting in states[:5]:
        for requested in states:
            if requested != requesting:
                results = legal_basis(requesting, requested, "extradition")
                assert results[-1]["code"] == "reciprocity"


@pytest.mark.parametrize(
    ("requesting", "requested", "kind", "field"),
    [
        ("XXX", "EGY", "mla", "requesting"),
        ("FRA", "", "mla", "requested"),
        ("FRA", "EGY", "letters", "kind"),
        ("FRA", "FRA", "mla", "requested"),
    ],
)
def test_bad_questions_are_refused(reference, requesting, requested, kind, field) -> None:
    with pytest.raises(DirectoryError) as error:
        legal_basis(requesting, requested, kind)
    assert field in error.value.fields


def test_accepted_languages_include_declarations(reference) -> None:
    # the languages per kind of request: the receiving entry's, else the declarations'
    assert language_fact("IND", "mla")["languages"] == ["en", "hi"]
    assert language_fact("IND", "extradition")["basis"] == "declaration"
    assert language_fact("IND", "extradition")["languages"] == ["en", "hi"]
    lithuania = language_fact("LTU", "mla")
    assert lithuania["basis"] == "declaration" and lithuania["languages"] == ["en", "lt", "ru"]


def test_source_dates_and_language_names() -> None:
    assert dates_in_source("status as of 03/12/2015; file last changed 2014-07-10") == [
        date(2014, 7, 10),
        date(2015, 12, 3),
    ]
    assert dates_in_source("list as of September 2015") == [date(2015, 9, 1)]
    assert language_codes("Ukrainian, Russian, English or French") == ["uk", "ru", "en", "fr"]
