"""Extradition and provisional-arrest rules: each fails on a case made for it and passes once
fixed; a complete request meets every rule; durations and time limits are read as people write
them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from mla_tool.forms.extradition.checks import limitation_end
from mla_tool.forms.extradition.durations import duration_months
from mla_tool.forms.extradition.rules import EXTRADITION_RULES
from mla_tool.forms.extradition.time_limit import DEFAULT_TIME_LIMIT_DAYS, provisional_time_limit
from mla_tool.forms.rules import RuleContext, evaluate
from mla_tool.forms.samples import extradition_request

TODAY = date(2026, 11, 24)
AUTHORITY = {
    "id": 9,
    "country": "ARE",
    "functions": ["central_authority_extradition"],
    "languages": ["ar", "en"],
    "channels": ["central_authority", "interpol"],
    "urgent_by_interpol": True,
    "requirements": "",
}


def provisional_request() -> dict[str, Any]:
    document = extradition_request(kind="provisional_arrest")
    for key in ("assurances", "supporting_documents"):
        document.pop(key)
    document["extradition"] = {
        "channel": "interpol",
        "interpol_notice": "A-1234/5-2026",
        "formal_request_undertaking": True,
        "time_limit_days": 60,
    }
    document["urgent"] = {"is_urgent": False, "reason": "He flies to a third state on Friday."}
    return document


def context(document: dict[str, Any], **overrides: Any) -> RuleContext:
    values: dict[str, Any] = {
        "document": document,
        "accepted_languages": ["ar", "en"],
        "authority": copy.deepcopy(AUTHORITY),
        "requirements": [],
        "available_legal_bases": ["UNTOC"],
        "today": TODAY,
    }
    values.update(overrides)
    return RuleContext(**values)


def codes(document: dict[str, Any], **overrides: Any) -> list[str]:
    return [f.code for f in evaluate(context(document, **overrides)).findings]


Mutation = Callable[[dict[str, Any]], dict[str, Any] | None]


def offence(**values: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        for key, value in values.items():
            if value is None:
                doc["offences"][0].pop(key, None)
            else:
                doc["offences"][0][key] = value

    return mutate


def assurance(kind: str) -> Mutation:
    return lambda doc: doc.setdefault("assurances", []).append({"type": kind, "text": "We do."})


def enforcement(doc: dict[str, Any]) -> None:
    doc["proceedings"]["stage"] = "enforcement"
    doc["judgment"] = {
        "court": "Cour d'assises de Paris",
        "date": "2025-10-01",
        "sentence": "8 years",
        "remaining": "6 years 2 months",
    }
    doc["supporting_documents"][0]["type"] = "judgment"


def chain(*steps: Mutation) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        for step in steps:
            step(doc)

    return mutate


def setting(path: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = doc
        for part in parents:
            target = target.setdefault(part, {})
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value

    return mutate


def doc_item(index: int, **values: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        doc["supporting_documents"][index].update(values)

    return mutate


CERTIFIED_REQUIREMENT = ["Certified copies authenticated by apostille"]

#: rule -> (base document, mutation that breaks it, mutation that then fixes it, context)
CASES: dict[str, tuple[Callable[[], dict[str, Any]], Mutation, Mutation, dict[str, Any]]] = {
    "extradition_subject_missing": (
        extradition_request,
        setting("subject", None),
        setting("subject", "Prosecution of fraud"),
        {},
    ),
    "extradition_stage_missing": (
        extradition_request,
        setting("proceedings.stage", None),
        setting("proceedings.stage", "prosecution"),
        {},
    ),
    "person_sought_missing": (
        extradition_request,
        setting("persons", []),
        setting(
            "persons",
            [
                {
                    "role": "accused",
                    "name": "J. D.",
                    "birth_date": "1980-01-01",
                    "nationality": "FRA",
                    "address": "Dubai",
                }
            ],
        ),
        {},
    ),
    "person_birth_date_missing": (
        extradition_request,
        lambda d: d["persons"][0].pop("birth_date"),
        lambda d: d["persons"][0].update(birth_date="1980-03-04"),
        {},
    ),
    "person_description_missing": (
        extradition_request,
        chain(
            setting("person_description.description", None),
            lambda d: d["persons"][0].pop("description"),
        ),
        setting("person_description.description", "Short, bald"),
        {},
    ),
    "identification_material_missing": (
        extradition_request,
        chain(
            setting("person_description.photograph", False),
            setting("person_description.fingerprints", False),
            lambda d: d["supporting_documents"].pop(2),
        ),
        setting("person_description.fingerprints", True),
        {},
    ),
    "national_of_requested_state": (
        extradition_request,
        lambda d: d["persons"][0].update(other_nationality="ARE"),
        lambda d: d["persons"][0].pop("other_nationality"),
        {},
    ),
    "warrant_missing": (
        extradition_request,
        setting("warrant.number", None),
        setting("warrant.number", "MA-1"),
        {},
    ),
    "judgment_missing": (
        extradition_request,
        chain(enforcement, setting("judgment.court", None)),
        setting("judgment.court", "Cour d'appel"),
        {},
    ),
    "remaining_below_threshold": (
        extradition_request,
        chain(
            enforcement,
            setting("judgment.remaining", "4 months"),
            setting("extradition.treaty_enforcement_threshold", "6 months"),
        ),
        setting("extradition.treaty_enforcement_threshold", "3 months"),
        {},
    ),
    "enforcement_threshold_unknown": (
        extradition_request,
        chain(enforcement, setting("judgment.remaining", "4 months")),
        setting("extradition.treaty_enforcement_threshold", "3 months"),
        {},
    ),
    "remaining_unreadable": (
        extradition_request,
        chain(enforcement, setting("judgment.remaining", "most of it")),
        setting("judgment.remaining", "2 ans"),
        {},
    ),
    "extradition_offences_missing": (
        extradition_request,
        setting("offences", []),
        lambda d: d.update(offences=extradition_request()["offences"]),
        {},
    ),
    "offence_law_text_missing": (
        extradition_request,
        offence(text=None),
        offence(text="Whoever launders…"),
        {},
    ),
    "offence_penalty_missing": (
        extradition_request,
        offence(max_penalty=None),
        offence(max_penalty="7 years"),
        {},
    ),
    "offence_below_threshold": (
        extradition_request,
        chain(offence(max_penalty="3 years"), setting("extradition.treaty_threshold", "5 years")),
        setting("extradition.treaty_threshold", "1 year"),
        {},
    ),
    "offence_accessory_below_threshold": (
        extradition_request,
        chain(
            setting("requested_state", "DEU"),
            lambda d: d["offences"].append({**d["offences"][0], "max_penalty": "6 months"}),
        ),
        lambda d: d["offences"][1].update(max_penalty="3 years"),
        {},
    ),
    "extradition_threshold_unknown": (
        extradition_request,
        offence(max_penalty="18 months"),
        setting("extradition.treaty_threshold", "1 year"),
        {},
    ),
    "offence_outside_basis_scope": (
        extradition_request,
        offence(max_penalty="3 years"),
        setting("legal_basis", ["UNTOC", "EUR_EXT1957"]),
        {},
    ),
    "extradition_treaty_required": (
        extradition_request,
        setting("requested_state", "USA"),
        setting("extradition.treaty_threshold", "1 year"),
        {},
    ),
    "offence_penalty_unreadable": (
        extradition_request,
        offence(max_penalty="severe"),
        offence(max_penalty="life imprisonment"),
        {},
    ),
    "limitation_expired": (
        extradition_request,
        offence(committed_on="2010-01-01"),
        offence(limitation_expires="2031-01-01"),
        {},
    ),
    "limitation_unknown": (
        extradition_request,
        offence(limitation=None),
        offence(limitation_expires="2032-06-01"),
        {},
    ),
    "offence_time_missing": (
        extradition_request,
        offence(committed_on=None, limitation_expires="2031-06-01"),
        offence(committed_on="2025-06-01"),
        {},
    ),
    "offence_place_missing": (
        extradition_request,
        offence(place=None),
        offence(place="Lyon"),
        {},
    ),
    "offence_acts_missing": (
        extradition_request,
        chain(offence(facts=None), setting("facts", None)),
        offence(facts="Transfers through shell companies."),
        {},
    ),
    "dual_criminality_prompt": (
        extradition_request,
        offence(equivalent_offence=None),
        offence(equivalent_offence="Money laundering (art. 2)"),
        {},
    ),
    "offence_nature_unstated": (
        extradition_request,
        offence(nature=None),
        offence(nature="ordinary"),
        {},
    ),
    "political_offence": (
        extradition_request,
        offence(nature="political"),
        offence(nature="ordinary"),
        {},
    ),
    "fiscal_offence": (
        extradition_request,
        offence(nature="fiscal"),
        offence(nature="ordinary"),
        {},
    ),
    "military_offence": (
        extradition_request,
        offence(nature="military"),
        offence(nature="ordinary"),
        {},
    ),
    "death_penalty_assurance_missing": (
        extradition_request,
        offence(max_penalty="Death penalty"),
        assurance("death_penalty"),
        {},
    ),
    "retrial_assurance_missing": (
        extradition_request,
        chain(enforcement, setting("judgment.in_absentia", True)),
        assurance("retrial_in_absentia"),
        {},
    ),
    "speciality_undertaking_missing": (
        extradition_request,
        setting("assurances", []),
        assurance("speciality"),
        {},
    ),
    "supporting_document_missing": (
        extradition_request,
        lambda d: d["supporting_documents"].pop(0),
        lambda d: d["supporting_documents"].append(
            {"type": "warrant", "status": "attached", "language": "en", "certified": True}
        ),
        {},
    ),
    "supporting_document_to_follow": (
        extradition_request,
        doc_item(1, status="to_follow"),
        doc_item(1, status="attached"),
        {},
    ),
    "supporting_document_language_missing": (
        extradition_request,
        lambda d: d["supporting_documents"][0].pop("language"),
        doc_item(0, language="en"),
        {},
    ),
    "supporting_document_not_translated": (
        extradition_request,
        doc_item(0, language="fr"),
        doc_item(0, translated=True),
        {},
    ),
    "supporting_document_not_certified": (
        extradition_request,
        chain(
            doc_item(0, certified=False),
            lambda d: d["supporting_documents"].append({"type": "certification"}),
        ),
        doc_item(0, certified=True),
        {"requirements": CERTIFIED_REQUIREMENT},
    ),
    "formal_request_undertaking_missing": (
        provisional_request,
        setting("extradition.formal_request_undertaking", False),
        setting("extradition.formal_request_undertaking", True),
        {},
    ),
    "provisional_time_limit_unconfirmed": (
        provisional_request,
        setting("extradition.time_limit_days", None),
        setting("extradition.time_limit_days", 40),
        {},
    ),
    "provisional_channel_missing": (
        provisional_request,
        setting("extradition.channel", None),
        setting("extradition.channel", "central_authority"),
        {},
    ),
    "provisional_channel_not_accepted": (
        provisional_request,
        setting("extradition.channel", "diplomatic"),
        setting("extradition.channel", "interpol"),
        {},
    ),
    "provisional_urgency_missing": (
        provisional_request,
        setting("urgent.reason", None),
        setting("urgent.reason", "Imminent flight"),
        {},
    ),
}


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


def test_provisional_time_limit_comes_from_request_then_directory_then_default() -> None:
    document = provisional_request()
    assert provisional_time_limit(document, []).days == 60
    document["extradition"].pop("time_limit_days")
    from_directory = provisional_time_limit(
        document, ["Provisional arrest: formal request within 45 days"]
    )
    assert from_directory.days == 45 and "directory" in from_directory.source
    default = provisional_time_limit(document, ["Send in Arabic"])
    assert default.days == DEFAULT_TIME_LIMIT_DAYS == 40
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
