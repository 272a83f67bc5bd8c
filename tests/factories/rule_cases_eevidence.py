"""Test data builders and fixtures shared by several test modules (rule cases eevidence)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mla_tool.directory.profiles import lookup
from mla_tool.forms.eevidence.samples import sample_preservation
from tests.factories.document_mutations import chain, setting

AUTHORITY_24_7 = {"id": 1, "country": "IRL", "functions": ["cybercrime_24_7"], "languages": ["en"]}


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


def preservation() -> dict[str, Any]:
    return sample_preservation(requested_authority=1)


def identifiers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["measures"][0]["details"]["identifiers"]


def details(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["measures"][0]["details"]


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


LONG = "x" * 400


def _only_first_ip(categories: list[str]) -> Callable[[dict[str, Any]], None]:
    """The measure names only its IP address seen at a moment, and asks these categories."""

    def mutate(doc: dict[str, Any]) -> None:
        del identifiers(doc)[1:]
        details(doc)["data_categories"] = categories

    return mutate


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
        chain(
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
    "identification_only_undeclared": (
        emergency_sample,
        chain(_measure("type", "disclose_traffic_data"), _only_first_ip(["traffic"])),
        chain(_measure("type", "disclose_traffic_data"), _only_first_ip(["identification"])),
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
        chain(
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
        setting("offences", [{"provision": "art. 312-1"}]),
        setting("offences", [{"name": "Extortion"}]),
        {},
    ),
    "preservation_facts_missing": (
        preservation,
        setting("facts", " "),
        setting("facts", "Facts."),
        {},
    ),
    "preservation_dual_criminality_reserved": (
        preservation,
        chain(setting("requested_state", "XXR"), lambda doc: doc["offences"][0].pop("text")),
        setting("requested_state", "XXR"),
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
        setting("purpose", None),
        setting("purpose", "Logs are deleted after 30 days."),
        {},
    ),
    "preservation_mla_undertaking_missing": (
        preservation,
        setting("preservation.mla_to_follow", False),
        setting("preservation.mla_to_follow", True),
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
        setting("urgent.reason", ""),
        setting("urgent.reason", "A child is held and threatened."),
        {},
    ),
    "emergency_why_not_wait_missing": (
        emergency_sample,
        setting("purpose", None),
        setting("purpose", "Hours count."),
        {},
    ),
    "emergency_facts_missing": (
        emergency_sample,
        setting("facts", None),
        setting("facts", "A threat was sent."),
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
        chain(_measure("type", "stored_content"), _measure("link_to_facts", LONG)),
        _measure("link_to_facts", LONG),
        {},
    ),
    # traffic data asked by the police: a judge, investigating judge or prosecutor validates it
    "issuer_not_validated": (
        emergency_sample,
        chain(
            setting("issuing_authority.type", "police"), _measure("type", "disclose_traffic_data")
        ),
        chain(
            setting("issuing_authority.type", "police"),
            _measure("type", "disclose_traffic_data"),
            setting(
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


@pytest.fixture(autouse=True)
def reserving_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fictional state "XXR" whose profile records a Budapest art. 29(4) reservation."""
    real = lookup.profiles()
    reserved = lookup.SourcedValue("budapest_29_4_reservation", True, "test profile")
    states = {**real["states"], "XXR": {"budapest_29_4_reservation": reserved}}
    monkeypatch.setattr(lookup, "profiles", lambda: {**real, "states": states})
