"""Rules read the requested state's requirement profile: a recorded value changes what they say,
an unknown one is said to be unknown; preservation is not held to the rules of disclosure."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import tests.factories.rule_cases_eevidence as eevidence_cases
import tests.factories.rule_cases_extradition as extradition_cases
import tests.factories.rule_cases_mla as mla_cases
from mla_tool.directory.profiles import lookup
from mla_tool.forms.eevidence.routing import preservation_days
from mla_tool.forms.rules import RuleContext, evaluate


def with_profile(monkeypatch: pytest.MonkeyPatch, iso3: str, **fields: Any) -> None:
    real = lookup.profiles()
    values = {
        name: lookup.SourcedValue(name, value, "test profile") for name, value in fields.items()
    }
    states = {**real["states"], iso3: values}
    monkeypatch.setattr(lookup, "profiles", lambda: {**real, "states": states})


def codes(document: dict[str, Any], **context: Any) -> list[str]:
    return [f.code for f in evaluate(RuleContext(document=document, **context)).findings]


def test_a_preservation_in_the_united_states_lasts_its_profiled_90_days() -> None:
    """18 U.S.C. § 2703(f)(2): 90 days (renewable by 90); elsewhere 60 (Budapest art. 29(7))."""
    assert preservation_days({"requested_state": "USA"}) == 90
    assert preservation_days({"requested_state": "DEU"}) == 60


def test_a_state_that_extradites_its_nationals_is_not_warned_about(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = extradition_cases.extradition_request()
    document["persons"][0]["nationality"] = "ARE"
    context = extradition_cases.context(document)
    assert "national_of_requested_state" in codes(**vars(context))
    with_profile(monkeypatch, "ARE", extradites_nationals="yes")
    assert "national_of_requested_state" not in codes(**vars(context))
    with_profile(monkeypatch, "ARE", extradites_nationals="conditional")
    assert "national_of_requested_state" in codes(**vars(context))


def test_coercive_mla_asks_for_the_law_unless_the_profile_waives_dual_criminality(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document, context = mla_cases.base()
    document["offences"][0].pop("text")
    assert "coercive_without_offence_text" in codes(document, **context)
    with_profile(monkeypatch, "ARE", dual_criminality_mla="no")
    assert "coercive_without_offence_text" not in codes(document, **context)


def test_preservation_is_not_held_to_the_rules_of_disclosure() -> None:
    """Budapest art. 29(3): no dual criminality; nothing is disclosed, so neither what content
    needs shown nor how narrow a disclosed period must be applies; no length of text is a rule."""
    document = eevidence_cases.preservation()
    details = document["measures"][0]["details"]
    details["data_categories"] = ["subscriber", "traffic", "content"]
    details["date_range"] = {"from": "2026-01-01", "to": "2026-11-24"}
    document["measures"][0]["link_to_facts"] = "Threats sent from it."
    document["offences"][0].pop("text")
    context = {
        "authority": copy.deepcopy(eevidence_cases.AUTHORITY_24_7),
        "accepted_languages": ["en"],
        "available_legal_bases": ["BUDAPEST"],
    }
    assert codes(document, **context) == []
    mla = copy.deepcopy(document)
    mla["kind"] = "mla"
    found = codes(mla, **context)
    assert "content_evidence_standard" in found and "date_range_wide" in found


def test_content_from_the_united_states_needs_probable_cause_and_unknown_is_said() -> None:
    document = eevidence_cases.preservation()
    document["kind"] = "mla"
    document["measures"][0]["type"] = "stored_content"
    document["requested_state"] = "USA"
    (us,) = [
        f
        for f in evaluate(RuleContext(document=document)).findings
        if f.code == "content_evidence_standard"
    ]
    assert "probable cause" in us.message and "§ 2703" in us.message
    assert us.severity == "warning"
    document["requested_state"] = "IRL"
    (unknown,) = [
        f
        for f in evaluate(RuleContext(document=document)).findings
        if f.code == "content_evidence_standard"
    ]
    assert "not recorded in the directory's profile" in unknown.message
