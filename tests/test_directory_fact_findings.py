"""Findings that rest on participation or declaration data say which dated fact they read: a
legal basis a party is not recorded in, or declared against, and the source of the languages a
requested state accepts (its entry, or its declaration under UNTOC 18(14) / UNCAC 46(14))."""

from __future__ import annotations

from sqlalchemy import select

from mla_tool.directory.language_facts import language_fact
from mla_tool.directory.models import Declaration
from mla_tool.extensions import db
from mla_tool.forms.checking import evaluate_document
from mla_tool.forms.rules.fact_phrases import SOURCE_LENGTH, FactPhrase, short_source
from mla_tool.forms.rules.legal_basis import why_not_shared
from mla_tool.forms.samples import complete_request
from tests.factories.loaded_once import reference_rows


def _findings(document: dict, code: str) -> list[str]:
    return [f.message for f in evaluate_document(document).findings if f.code == code]


def test_a_basis_a_party_is_not_recorded_in_names_the_list_and_its_date() -> None:
    reference_rows()
    document = complete_request(
        requesting_state="JOR", requested_state="FRA", legal_basis=["BUDAPEST"]
    )
    [message] = _findings(document, "legal_basis_not_shared")
    assert message.startswith("The directory does not record both states as bound by BUDAPEST: ")
    assert "Jordan is not in the list of parties the tool holds (as of " in message
    assert "source: " in message and "date not stated" not in message


def test_a_declaration_against_the_basis_is_named_with_its_source() -> None:
    facts = {
        "requesting": {"state": "FRA", "status": "party", "as_of": "2014-01-27"},
        "requested": {"state": "VNM", "status": "party", "as_of": "2014-01-27"},
        "declaration": {"legal_basis_extradition": "no", "source": "UNTC", "as_of": None},
        "covers": True,
    }
    [phrase] = why_not_shared(facts, "extradition", "VNM")
    assert str(phrase) == (
        "Viet Nam declared it does not take it as the legal basis for extradition "
        "(as of date not stated; source: UNTC)"
    )
    assert why_not_shared(facts, "mla", "VNM")[0].message.startswith("no participation fact")
    signatory = {**facts, "requested": {"state": "VNM", "status": "signatory", "as_of": None}}
    assert "Viet Nam is not recorded as a party" in str(why_not_shared(signatory, "mla", "VNM")[0])


def test_a_fact_phrase_speaks_the_reader_s_language() -> None:
    phrase = FactPhrase("%(state)s: %(date)s (%(source)s)", "JOR", "2014-01-27", "UNTC")
    assert str(phrase) == "Jordan: Jan 27, 2014 (UNTC)"

    def arabic(message: str) -> str:
        return message

    arabic.__self__ = type("Catalogue", (), {"info": lambda self: {"language": "ar"}})()  # type: ignore[attr-defined]
    assert phrase.translated(arabic).startswith("الأردن: ")
    assert len(short_source("word " * 100)) <= SOURCE_LENGTH + 1


def _language_finding(iso3: str) -> str:
    document = complete_request(requesting_state="FRA", requested_state=iso3, language="zh")
    document.pop("requested_authority", None)
    [message] = _findings(document, "language_not_accepted")
    return message


def test_a_language_finding_names_where_the_languages_come_from() -> None:
    reference_rows()
    by_basis: dict[str, str] = {}
    for iso3 in db.session.execute(select(Declaration.state_iso3)).scalars():
        fact = language_fact(iso3, "mla")
        if fact and fact["basis"] in ("entry", "declaration") and "zh" not in fact["languages"]:
            by_basis.setdefault(fact["basis"], iso3)
    assert set(by_basis) == {"entry", "declaration"}
    declared = _language_finding(by_basis["declaration"])
    assert "declared under UNTOC art. 18(14) or UNCAC art. 46(14), as of " in declared
    entry = _language_finding(by_basis["entry"])
    assert "the languages of the directory entry that receives this kind of request" in entry
    assert "source: " in declared and "source: " in entry
