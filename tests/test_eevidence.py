"""Electronic-evidence kinds: every rule with a failing and a passing case, categories, routes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from mla_tool.directory.profiles import lookup
from mla_tool.forms.eevidence.categories import CATEGORY_THRESHOLDS, categories_of
from mla_tool.forms.eevidence.routing import recorded_period
from mla_tool.forms.eevidence.rules import EEVIDENCE_RULES
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.eevidence.steps import EMERGENCY_KIND, PRESERVATION_KIND
from mla_tool.forms.forms import format_identifiers, parse_identifiers
from mla_tool.forms.kinds import KINDS, request_kind
from mla_tool.forms.rules import RULES_BY_CODE, RuleContext, evaluate

AUTHORITY_24_7 = {"id": 1, "country": "IRL", "functions": ["cybercrime_24_7"], "languages": ["en"]}

Mutation = Callable[[dict[str, Any], dict[str, Any]], None]


def emergency_sample() -> dict[str, Any]:
    document = sample_preservation(requested_authority=1)
    document["kind"] = "emergency_disclosure"
    document.pop("preservation")
    document["urgent"] = {
        "is_urgent": True,
        "reason": "The sender threatens to kill a hostage held since this morning.",
        "respond_by": "2099-01-01",
    }
    document["purpose"] = "The hostage may be killed within hours; a normal request takes weeks."
    document["measures"][0]["type"] = "subscriber_information"
    return document


def codes(document: dict[str, Any], context: dict[str, Any] | None = None) -> list[str]:
    base = {
        "authority": copy.deepcopy(AUTHORITY_24_7),
        "accepted_languages": ["en"],
        "available_legal_bases": ["BUDAPEST"],
    }
    base.update(context or {})
    return [f.code for f in evaluate(RuleContext(document=document, **base)).findings]


def preservation() -> dict[str, Any]:
    return sample_preservation(requested_authority=1)


def identifiers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["measures"][0]["details"]["identifiers"]


def details(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["measures"][0]["details"]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
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


def _ip(**item: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        identifiers(doc)[0] = {"type": "ip", **item}

    return mutate


def _detail(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        if value is None:
            details(doc).pop(key, None)
        else:
            details(doc)[key] = value

    return mutate


def _measure(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        doc["measures"][0][key] = value

    return mutate


def _all(*mutations: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(doc)

    return mutate


LONG = "x" * 400
#: rule -> (kind sample, mutation breaking it, mutation under which it holds, context)
CASES: dict[str, tuple[Callable[[], dict[str, Any]], Any, Any, dict[str, Any]]] = {
    "identifier_unusable": (
        preservation,
        _ip(value="81.2.69.160", observed_at="2026-11-20T14:03:00"),  # no time zone
        _ip(value="81.2.69.160", observed_at="2026-11-20T14:03:00", timezone="UTC", port="1"),
        {},
    ),
    "identifier_doubtful": (
        preservation,
        _ip(value="81.2.69.160", observed_at="2026-11-20T14:03:00", timezone="UTC"),  # no port
        _ip(value="2001:4860::8888", observed_at="2026-11-20T14:03:00", timezone="UTC"),
        {},
    ),
    "data_categories_missing": (
        preservation,
        _detail("data_categories", None),
        _all(
            _detail("data_categories", None),
            lambda doc: identifiers(doc)[1].update(data_categories=["subscriber"]),
        ),
        {},
    ),
    "content_evidence_standard": (
        emergency_sample,
        _measure("type", "stored_content"),
        _measure("type", "subscriber_information"),
        {},
    ),
    "date_range_missing": (
        preservation,
        _detail("date_range", {"from": "2026-11-01"}),
        _detail("date_range", {"from": "2026-11-01", "to": "2026-11-02"}),
        {},
    ),
    "date_range_wide": (
        emergency_sample,
        _detail("date_range", {"from": "2026-01-01", "to": "2026-11-24"}),  # traffic > 92 days
        _all(
            _detail("date_range", {"from": "2026-01-01", "to": "2026-11-24"}),
            _detail("data_categories", ["subscriber"]),
        ),
        {},
    ),
    "provider_country_missing": (
        preservation,
        _detail("provider", {"name": "Example Mail Ltd"}),
        _detail("provider", {"name": "Example Mail Ltd", "country": "IRL"}),
        {},
    ),
    "provider_in_other_state": (
        preservation,
        _detail("provider", {"name": "Example Mail Ltd", "country": "USA"}),
        _detail("provider", {"name": "Example Mail Ltd", "country": "IRL"}),
        {},
    ),
    "preservation_offence_missing": (
        preservation,
        _set("offences", [{"provision": "art. 312-1"}]),
        _set("offences", [{"name": "Extortion"}]),
        {},
    ),
    "preservation_facts_missing": (preservation, _set("facts", " "), _set("facts", "Facts."), {}),
    "preservation_dual_criminality_reserved": (
        preservation,
        _all(_set("requested_state", "XXR"), lambda doc: doc["offences"][0].pop("text")),
        _set("requested_state", "XXR"),
        {},
    ),
    "preservation_measure_missing": (
        preservation,
        _measure("type", "disclose_traffic_data"),
        _measure("type", "preserve_data"),
        {},
    ),
    "preservation_link_missing": (
        preservation,
        _measure("link_to_facts", ""),
        _measure("link_to_facts", LONG),
        {},
    ),
    "preservation_necessity_missing": (
        preservation,
        _set("purpose", None),
        _set("purpose", "Logs are deleted after 30 days."),
        {},
    ),
    "preservation_mla_undertaking_missing": (
        preservation,
        _set("preservation.mla_to_follow", False),
        _set("preservation.mla_to_follow", True),
        {},
    ),
    "eevidence_recipient_not_24_7": (
        preservation,
        lambda doc: None,
        lambda doc: None,
        {"authority": {**AUTHORITY_24_7, "functions": ["central_authority_mla"]}},
    ),
    "emergency_risk_missing": (
        emergency_sample,
        _set("urgent.reason", ""),
        _set("urgent.reason", "A child is held and threatened."),
        {},
    ),
    "emergency_why_not_wait_missing": (
        emergency_sample,
        _set("purpose", None),
        _set("purpose", "Hours count."),
        {},
    ),
    "emergency_facts_missing": (
        emergency_sample,
        _set("facts", None),
        _set("facts", "A threat was sent."),
        {},
    ),
    "emergency_link_missing": (
        emergency_sample,
        _measure("link_to_facts", None),
        _measure("link_to_facts", LONG),
        {},
    ),
    "emergency_content_needs_mla": (
        emergency_sample,
        _all(_measure("type", "stored_content"), _measure("link_to_facts", LONG)),
        _measure("link_to_facts", LONG),
        {},
    ),
    # traffic data asked by the police: a judge, investigating judge or prosecutor validates it
    "issuer_not_validated": (
        emergency_sample,
        _all(_set("issuing_authority.type", "police"), _measure("type", "disclose_traffic_data")),
        _all(
            _set("issuing_authority.type", "police"),
            _measure("type", "disclose_traffic_data"),
            _set(
                "validating_authority",
                {
                    "name": "Investigating judge, Dublin District Court",
                    "type": "investigating_judge",
                    "validated_on": "2026-12-01",
                },
            ),
        ),
        {},
    ),
}


def test_every_eevidence_rule_is_registered_and_tested() -> None:
    assert {rule.code for rule in EEVIDENCE_RULES} == set(CASES)
    for rule in EEVIDENCE_RULES:
        assert RULES_BY_CODE[rule.code] is rule
        assert rule.reference.startswith(
            ("Budapest", "Second Additional Protocol", "Regulation (EU) 2023/1543")
        )


def test_samples_are_complete_and_clean() -> None:
    assert codes(preservation()) == []
    assert codes(emergency_sample()) == []


@pytest.fixture(autouse=True)
def reserving_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fictional state "XXR" whose profile records a Budapest art. 29(4) reservation."""
    real = lookup.profiles()
    reserved = lookup.SourcedValue("budapest_29_4_reservation", True, "test profile")
    states = {**real["states"], "XXR": {"budapest_29_4_reservation": reserved}}
    monkeypatch.setattr(lookup, "profiles", lambda: {**real, "states": states})


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fails_then_passes(code: str) -> None:
    make, breaks, holds, context = CASES[code]
    broken = make()
    breaks(broken)
    if code == "eevidence_recipient_not_24_7":
        from tests.test_requests_api import make_authority

        assert code not in codes(broken, context)  # the directory knows no 24/7 contact there
        make_authority("IRL", ["cybercrime_24_7"], name_en="Garda 24/7")
        assert code in codes(broken, context)  # now it does, and another body was chosen
        assert code not in codes(broken)  # the 24/7 contact itself was chosen
        return
    assert code in codes(broken, context)
    fixed = make()
    holds(fixed)
    assert code not in codes(fixed, context)


def test_a_central_authority_is_an_accepted_recipient_but_another_body_is_not() -> None:
    central = {**AUTHORITY_24_7, "functions": ["central_authority_mla"]}
    police = {**AUTHORITY_24_7, "functions": ["police_cooperation"]}
    assert "authority_not_central" not in codes(preservation(), {"authority": central})
    assert "authority_not_central" not in codes(preservation(), {"authority": AUTHORITY_24_7})
    assert "authority_not_central" in codes(preservation(), {"authority": police})


def test_identifier_message_names_the_problem() -> None:
    document = preservation()
    identifiers(document)[0] = {"type": "ip", "value": "81.2.69.160"}
    result = evaluate(RuleContext(document=document, authority=AUTHORITY_24_7))
    messages = [f.message for f in result.findings if f.code == "identifier_unusable"]
    assert messages == [
        "Measure 1: ip 81.2.69.160 identifies no one: an IP address identifies no one "
        "without the date and time seen."
    ]
    identifiers(document)[0] = {"type": "device", "value": "490154203237519"}  # bad IMEI
    found = [f for f in evaluate(RuleContext(document=document)).findings]
    assert any("check digit" in f.message for f in found if f.code == "identifier_unusable")


def test_identifier_problems_are_quoted_in_the_language_of_the_finding(app: Any) -> None:
    from flask_babel import force_locale, gettext

    document = preservation()
    identifiers(document)[0] = {"type": "device", "value": "490154203237519"}  # bad IMEI
    with app.test_request_context(), force_locale("ar"):
        found = evaluate(RuleContext(document=document), gettext).findings
    [message] = [f.message for f in found if f.code == "identifier_unusable"]
    assert "رقم التحقق في IMEI 490154203237519 خاطئ" in message
    assert "check digit" not in message


def test_a_provider_elsewhere_with_no_contact_recorded_is_said_in_words() -> None:
    document = preservation()
    details(document)["provider"] = {"name": "ChatApp", "country": "TUV"}
    found = evaluate(RuleContext(document=document, authority=AUTHORITY_24_7)).findings
    [message] = [f.message for f in found if f.code == "provider_in_other_state"]
    assert message.endswith("central authority: none is recorded in the directory.")


def test_mla_requests_with_electronic_measures_are_checked_too() -> None:
    document = preservation()
    document["kind"] = "mla"
    document["measures"][0]["type"] = "stored_content"
    document["measures"][0]["details"]["identifiers"] = [{"type": "phone", "value": "12345"}]
    found = codes(document)
    assert "identifier_unusable" in found
    assert "content_evidence_standard" in found  # content: what the requested state requires
    assert "preservation_mla_undertaking_missing" not in found  # not an MLA rule


def test_categories_and_their_thresholds_rise() -> None:
    levels = [CATEGORY_THRESHOLDS[c] for c in ("subscriber", "traffic", "content")]
    assert [t.level for t in levels] == [1, 2, 3]
    assert levels[0].widest_days > levels[1].widest_days > levels[2].widest_days
    # a measure of content asks for content even when only subscriber data is ticked
    item = {"type": "stored_content", "details": {"data_categories": ["subscriber"]}}
    assert categories_of(item) == ["subscriber", "content"]
    per_identifier = {
        "type": "preserve_data",
        "details": {
            "identifiers": [
                {"type": "email", "value": "a@b.example", "data_categories": ["traffic"]}
            ]
        },
    }
    assert categories_of(per_identifier) == ["traffic"]


def test_kinds_are_registered_with_their_steps() -> None:
    assert KINDS["preservation"] is PRESERVATION_KIND
    assert request_kind("emergency_disclosure") is EMERGENCY_KIND
    assert [s.code for s in PRESERVATION_KIND.steps] == [
        "requesting",
        "requested",
        "legal_basis",
        "offences",
        "facts",
        "measures",
        "necessity",
        "review",
    ]
    assert "emergency" in [s.code for s in EMERGENCY_KIND.steps]
    assert PRESERVATION_KIND.measure_codes[0] == "preserve_data"


def test_identifier_lines_carry_port_platform_and_categories(app: Any) -> None:
    text = (
        "ip | 81.2.69.160 | 2026-11-20T14:03:00 | Europe/Paris | port=51234 | "
        "categories=subscriber,traffic\n"
        "account | jdoe | | | platform=Example"
    )
    items = parse_identifiers(text)
    assert items[0]["port"] == "51234"
    assert items[0]["data_categories"] == ["subscriber", "traffic"]
    assert items[1] == {"type": "account", "value": "jdoe", "platform": "Example"}
    assert parse_identifiers(format_identifiers(items)) == items
    with app.test_request_context(), pytest.raises(ValueError, match="colour=red"):
        parse_identifiers("ip | 81.2.69.160 | 2026-11-20T14:03:00 | UTC | colour=red")


def test_directory_period_is_read_when_recorded() -> None:
    assert recorded_period(["Preservation period: 90 days."]) == 90
    assert recorded_period(["Urgent requests by email.", "preserved for 120 days"]) == 120
    assert recorded_period(["Preservation period: 30 days"]) is None  # below art. 29(7)
    assert recorded_period(["nothing here"]) is None
