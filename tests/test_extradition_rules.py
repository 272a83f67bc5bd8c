"""Extradition and provisional-arrest rules: each fails on a case made for it and passes once
fixed; a complete request meets every rule; durations and time limits are read as people write
them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mla_tool.forms.extradition.checks import limitation_end
from mla_tool.forms.extradition.durations import duration_months
from mla_tool.forms.extradition.rules import EXTRADITION_RULES
from mla_tool.forms.extradition.time_limit import DEFAULT_TIME_LIMIT_DAYS, provisional_time_limit
from mla_tool.forms.rules import evaluate
from mla_tool.forms.samples import extradition_request
from tests.factories.extradition_requests import provisional_request
from tests.factories.rule_cases_extradition import (
    AUTHORITY,
    CASES,
    TODAY,
    context,
    enforcement,
    offence,
    setting,
)


def codes(document: dict[str, Any], **overrides: Any) -> list[str]:
    return [f.code for f in evaluate(context(document, **overrides)).findings]


def test_complete_requests_meet_every_rule() -> None:
    assert codes(extradition_request()) == []
    assert codes(provisional_request()) == []
    enforced = extradition_request()
    enforcement(enforced)
    assert codes(enforced) == []


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == {rule.code for rule in EXTRADITION_RULES}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fails_then_passes(code: str) -> None:
    make, breaks, fixes, overrides = CASES[code]
    document = make()
    breaks(document)
    found = codes(document, **overrides)
    assert code in found, found
    fixes(document)
    assert code not in codes(document, **overrides)


def test_findings_carry_field_severity_and_reference() -> None:
    document = extradition_request()
    offence(max_penalty="death")(document)
    findings = evaluate(context(document)).findings
    (finding,) = [f for f in findings if f.code == "death_penalty_assurance_missing"]
    assert finding.severity == "error"
    assert finding.field == "assurances"
    assert "art. 4(d)" in finding.reference


def test_threshold_comes_from_the_treaty_the_basis_or_the_state_never_untoc() -> None:
    """Issue 18: UNTOC's four years (art. 2(b)) says what the Convention covers, not what a
    state extradites for (art. 16(7)): a 3-year count is no error by itself."""
    document = extradition_request()
    offence(max_penalty="3 years")(document)
    result = evaluate(context(document))
    assert result.complete, [f.as_dict() for f in result.findings]
    (finding,) = [f for f in result.findings if f.code == "offence_outside_basis_scope"]
    assert "otherwise cite another legal basis" in finding.message
    setting("extradition.treaty_threshold", "5 years")(document)
    offence(max_penalty="4 years")(document)
    (finding,) = [
        f for f in evaluate(context(document)).findings if f.code == "offence_below_threshold"
    ]
    assert "5 y" in finding.message and "the treaty, as recorded in the request" in finding.message


def test_a_3_year_count_next_to_a_5_year_count_to_germany_is_not_blocked() -> None:
    document = extradition_request(requested_state="DEU", language="de")
    germany = {"authority": {**AUTHORITY, "country": "DEU"}, "accepted_languages": ["de", "en"]}
    document["offences"] = [
        {**document["offences"][0], "name": "Fraud", "max_penalty": "3 years"},
        {**document["offences"][0], "max_penalty": "5 years"},
    ]
    result = evaluate(context(document, **germany))
    assert result.complete, [f.as_dict() for f in result.findings if f.severity == "error"]
    found = {f.code: f for f in result.findings}
    assert "offence_below_threshold" not in found  # § 3 IRG: 1 year
    assert "UNTOC" in found["offence_outside_basis_scope"].message
    assert "accessory offence (art. 16(3))" in found["offence_outside_basis_scope"].message
    # below Germany's year, next to a count that reaches it: an accessory offence (§ 4 IRG)
    document["offences"][0]["max_penalty"] = "6 months"
    result = evaluate(context(document, **germany))
    assert result.complete
    (accessory,) = [f for f in result.findings if f.code == "offence_accessory_below_threshold"]
    assert "(IRG) § 3(2)" in accessory.message and "UNTOC art. 16(3)" in accessory.message


def test_the_done_when_request_is_refused_until_every_assurance_and_document() -> None:
    """A national of the requested state, an offence punishable by death: the tool asks for
    the death-penalty assurance, the speciality undertaking, every document, certification
    as the directory requires, and warns about the nationality, before it is complete."""
    document = extradition_request(assurances=[], supporting_documents=[])
    document["persons"][0]["nationality"] = "ARE"
    offence(max_penalty="Death penalty")(document)
    requirements = ["Certified and authenticated copies of the warrant and judgment"]
    result = evaluate(context(document, requirements=requirements))
    found = {f.code for f in result.findings}
    assert {
        "death_penalty_assurance_missing",
        "speciality_undertaking_missing",
        "supporting_document_missing",
        "national_of_requested_state",
    } <= found
    missing_documents = [
        f.message for f in result.findings if f.code == "supporting_document_missing"
    ]
    assert len(missing_documents) == 4  # warrant, law text, identification, certification
    assert not result.complete
    document["assurances"] = [
        {"type": "death_penalty", "text": "The death penalty will not be imposed."},
        {"type": "speciality", "text": "Only for these offences."},
    ]
    document["supporting_documents"] = [
        {"type": "warrant", "status": "attached", "language": "en", "certified": True},
        {"type": "law_text", "status": "attached", "language": "en", "certified": True},
        {"type": "identification", "status": "attached", "language": "en"},
        {"type": "certification", "status": "attached"},
    ]
    document["requirements_confirmed"] = requirements
    result = evaluate(context(document, requirements=requirements))
    assert result.complete, [f.as_dict() for f in result.findings if f.severity == "error"]
    # the nationality stays a warning: it does not block, it informs
    assert [f.code for f in result.findings] == ["national_of_requested_state"]
    # ... until the requesting state says which alternative it accepts (art. 16(10))
    document["assurances"].append({"type": "national_prosecution"})
    assert evaluate(context(document, requirements=requirements)).findings == []


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("10 years", 120),
        ("2 ans 6 mois", 30),
        ("٥ سنوات", 60),
        ("18 months", 18),
        ("3 años", 36),
        ("4 yrs", 48),
        ("life imprisonment", float("inf")),
        ("الإعدام", float("inf")),
        ("severe", None),
        ("", None),
    ],
)
def test_durations_are_read_as_written(text: str, months: float | None) -> None:
    assert duration_months(text) == months


def test_provisional_time_limit_comes_from_request_then_profile_then_default() -> None:
    """The request's (treaty) value, else the legal basis's or the requested state's profile
    (never the directory's free text), else unknown: the Model Treaty's 40 days stand in."""
    document = provisional_request()
    assert provisional_time_limit(document).days == 60
    document["extradition"].pop("time_limit_days")
    document["requested_state"] = "GBR"
    from_profile = provisional_time_limit(document)
    assert (from_profile.days, from_profile.known) == (45, True)
    assert "Extradition Act 2003" in from_profile.source
    document["legal_basis"] = ["EUR_EXT1957"]
    assert provisional_time_limit(document).days == 18  # the shorter: ECE art. 16(4)
    document["requested_state"], document["legal_basis"] = "ARE", ["UNTOC"]
    default = provisional_time_limit(document)
    assert (default.days, default.known) == (DEFAULT_TIME_LIMIT_DAYS, False)
    assert "9(4)" in default.source


def test_limitation_end_is_computed_from_the_offence_date() -> None:
    end = limitation_end({"committed_on": "2020-01-01", "limitation": "6 years"})
    assert end is not None and abs((end - date(2026, 1, 1)).days) <= 1
    assert limitation_end({"limitation_expires": "2030-05-01"}) == date(2030, 5, 1)
    assert limitation_end({"limitation": "life"}) is None
    document = extradition_request()
    offence(committed_on=(TODAY - timedelta(days=7 * 365)).isoformat())(document)
    assert "limitation_expired" in codes(document)


def test_shared_rules_cite_the_article_of_the_request_kind() -> None:
    document = extradition_request()
    document.pop("legal_basis", None)
    document["requesting_authority"] = {}
    result = evaluate(context(document))
    references = {f.code: f.reference for f in result.findings}
    assert references["legal_basis_missing"] == "UNTOC art. 16(4)-(6)"
    assert references["requesting_authority_missing"].startswith("UN Model Treaty on Extradition")
    assert not any("18(" in ref for ref in references.values())
