"""Every completeness rule has a failing and a passing case; the score and next fixes follow."""

from __future__ import annotations

import re

import pytest

from mla_tool.forms.rules import RULES, RuleContext, evaluate, guess_language
from mla_tool.forms.samples import complete_request
from tests.factories.rule_cases_mla import CASES, Mutation, base


def run(mutate: Mutation) -> list[str]:
    document, context = base()
    mutate(document, context)
    result = evaluate(RuleContext(document=document, **context))
    return [finding.code for finding in result.findings]


SEARCH = {
    "type": "search_and_seizure",
    "description": "Search the suspect's office.",
    "link_to_facts": "The contracts are kept there.",
    "details": {"premises": "Office 12, Dubai", "items_sought": "Contracts and ledgers"},
}


def test_the_complete_sample_meets_every_rule() -> None:
    assert run(lambda _d, _c: None) == []


def test_every_rule_has_a_case() -> None:
    from mla_tool.forms.eevidence.rules import EEVIDENCE_RULES  # tested in tests/test_eevidence.py

    tested_elsewhere = {rule.code for rule in EEVIDENCE_RULES}
    tested_elsewhere.add("text_untranslated")  # needs stored translations: tests/test_xliff.py
    assert set(CASES) == {rule.code for rule in RULES if "mla" in rule.kinds} - tested_elsewhere


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fails_then_passes(code: str) -> None:
    failing, passing = CASES[code]
    assert code in run(failing), f"{code} should fire"
    assert code not in run(passing), f"{code} should hold"


def test_findings_name_the_field_and_legal_reference() -> None:
    document, context = base()
    document["measures"][0]["details"].pop("institution")
    document["persons"][0].pop("nationality")
    result = evaluate(RuleContext(document=document, **context))
    by_code = {finding.code: finding for finding in result.findings}
    assert by_code["measure_details_missing"].field == "measures[0].details.institution"
    assert "Bank or institution" in by_code["measure_details_missing"].message
    assert by_code["measure_details_missing"].reference == "UNTOC art. 18(15)(d)"
    assert by_code["person_nationality_missing"].severity == "warning"
    assert not result.complete  # a missing sub-form field is an error


def test_errors_make_it_incomplete_and_warnings_do_not() -> None:
    document, context = base()
    document["persons"][0].pop("nationality")
    warned = evaluate(RuleContext(document=document, **context))
    assert warned.complete and warned.findings
    document.pop("facts")
    assert not evaluate(RuleContext(document=document, **context)).complete


def test_score_falls_with_each_unmet_rule_and_next_fixes_put_errors_first() -> None:
    document, context = base()
    full = evaluate(RuleContext(document=document, **context))
    assert full.score == 100 and full.next_fixes == []
    document["persons"][0].pop("nationality")
    one_warning = evaluate(RuleContext(document=document, **context))
    document.pop("facts")
    document.pop("purpose")
    document.pop("subject")
    document["requesting_authority"] = {}
    worse = evaluate(RuleContext(document=document, **context))
    assert 100 > one_warning.score > worse.score
    assert len(worse.next_fixes) == 3
    assert all(fix.severity == "error" for fix in worse.next_fixes)
    assert worse.next_fixes[0].code == "facts_missing"  # the heaviest: art. 18(15)(c)


def test_an_empty_draft_scores_low_but_evaluates() -> None:
    result = evaluate(RuleContext(document={"kind": "mla"}))
    assert not result.complete
    assert result.score < 30
    codes = {finding.code for finding in result.findings}
    assert {"subject_missing", "facts_missing", "measures_missing", "purpose_missing"} <= codes


def test_messages_are_translated_with_the_given_gettext() -> None:
    result = evaluate(RuleContext(document={"kind": "mla"}), gettext=lambda message: "T:" + message)
    assert all(finding.message.startswith("T:") for finding in result.findings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قام المشتبه به بتحويل الأموال إلى حساب في دبي", "ar"),
        ("The suspect transferred the money to the account of the company.", "en"),
        ("Le suspect a transféré les fonds sur le compte de la société.", "fr"),
        ("El sospechoso transfirió los fondos a la cuenta de la empresa.", "es"),
        ("AE07 0331", None),
    ],
)
def test_guess_language(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected


def test_labels_inside_a_message_are_translated_with_it(app) -> None:
    """ "Measure 1 needs: Kind of records." reads entirely in Arabic in an Arabic check."""
    from mla_tool.forms.documents import gettext_for

    document = complete_request()
    document["measures"][0]["details"].pop("record_type", None)
    arabic = evaluate(RuleContext(document), gettext_for("ar"))
    (finding,) = [f for f in arabic.findings if f.code == "measure_details_missing"]
    assert "Kind of records" not in finding.message
    assert re.search("[\u0600-\u06ff]", finding.message.split(":")[-1])
    english = evaluate(RuleContext(document))
    (finding,) = [f for f in english.findings if f.code == "measure_details_missing"]
    assert "Kind of records" in finding.message
