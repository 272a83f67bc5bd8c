"""Rule cases of the fields the official forms ask for (issue 18): statements, earlier requests,
legal persons, languages, costs and the measures' own fields, as (breaks, holds) mutations of
the complete MLA request of rule_cases_mla."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Mutation = Callable[[dict[str, Any], dict[str, Any]], None]


def _set(**values: Any) -> Mutation:
    def mutate(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
        doc.update(values)

    return mutate


def _to_germany(**values: Any) -> Mutation:
    """Addressed to Germany, whose profile requires dual criminality for coercive measures."""

    def mutate(doc: dict[str, Any], ctx: dict[str, Any]) -> None:
        doc.update(requested_state="DEU", **values)
        ctx["authority"] = {**ctx["authority"], "country": "DEU"}

    return mutate


def _person(**values: Any) -> Mutation:
    """A second person concerned, as given."""

    def mutate(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
        doc["persons"].append({"role": "account_holder", "nationality": "ARE", **values})

    return mutate


def _measure(measure: dict[str, Any]) -> Mutation:
    """One more measure asked."""

    def mutate(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
        doc["measures"].append(copy.deepcopy(measure))

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(doc: dict[str, Any], ctx: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(doc, ctx)

    return mutate


VIDEOCONFERENCE = {
    "type": "videoconference",
    "description": "Hearing of the account manager by videoconference.",
    "link_to_facts": "He opened the account and approved the transfers.",
    "details": {"person": "Account manager of Emirates Example Bank PJSC"},
}
TRANSFER = {
    "type": "transfer_detained_person",
    "description": "Transfer of the co-accused to testify at the trial in Paris.",
    "link_to_facts": "He carried the cash to the bank.",
    "details": {"person": "Omar Saleh", "place_of_detention": "Al Awir prison, Dubai"},
}
PERIOD = {"from": "2027-01-01", "to": "2027-01-31"}
PHONE = [{"type": "phone", "value": "+971501234567"}]
INTERCEPTION = {
    "type": "interception",
    "description": "Interception of the suspect's mobile line for one month.",
    "link_to_facts": "The suspect arranges the transfers by telephone.",
    "details": {
        "identifiers": PHONE,
        "provider": {"name": "Emirates Telecom", "country": "ARE"},
        "data_categories": ["content"],
        "date_range": PERIOD,
    },
}
REALTIME = {
    "type": "realtime_traffic_data",
    "description": "Real-time collection of the traffic data of the suspect's mobile line.",
    "link_to_facts": "The suspect arranges the transfers by telephone.",
    "details": {
        "identifiers": PHONE,
        "provider": {"name": "Emirates Telecom", "country": "ARE"},
        "data_categories": ["traffic"],
    },
}
PROPORTIONATE = (
    "The bank records are the only way to trace the transfers; they cover six months and one "
    "account, and no less intrusive measure would show where the money went."
)
EQUIVALENT = "Betrug, § 263 StGB (fraud): deceiving another to obtain property."

EARLIER = {
    "date": "2026-09-14",
    "authority": "Ministry of Justice, Abu Dhabi",
    "reference": "PNF 26/118",
}

#: rule code -> (mutation that breaks the rule, mutation under which it holds again)
REQUEST_FIELD_CASES: dict[str, tuple[Mutation, Mutation]] = {
    "proportionality_missing": (_set(proportionality=" "), _set(proportionality=PROPORTIONATE)),
    "similar_domestic_case_unconfirmed": (
        _set(similar_domestic_case=False),
        _set(similar_domestic_case=True),
    ),
    "dual_criminality_statement_missing": (
        _to_germany(),
        _to_germany(dual_criminality=EQUIVALENT),
    ),
    "legal_person_unidentified": (
        _person(type="legal", name="Gulf Trading FZE", legal_form="Free zone establishment"),
        _person(
            type="legal", name="Gulf Trading FZE", registration_number="DMCC-88213", seat="Dubai"
        ),
    ),
    "person_languages_unknown": (
        _person(role="witness", name="Account manager of Emirates Example Bank PJSC"),
        _person(
            role="witness",
            name="Account manager of Emirates Example Bank PJSC",
            languages=["ar", "en"],
        ),
    ),
    "extraordinary_costs_unaddressed": (
        _measure(VIDEOCONFERENCE),
        both(_measure(VIDEOCONFERENCE), _set(costs={"borne_by": "requesting_state"})),
    ),
    "transfer_consent_missing": (
        _measure(TRANSFER),
        _measure({**TRANSFER, "details": {**TRANSFER["details"], "consent": True}}),
    ),
    "videoconference_conduct_missing": (
        _measure(VIDEOCONFERENCE),
        _measure(
            {
                **VIDEOCONFERENCE,
                "details": {**VIDEOCONFERENCE["details"], "conducted_by": "requesting_state"},
            }
        ),
    ),
    "interception_delivery_missing": (
        _measure(INTERCEPTION),
        _measure({**INTERCEPTION, "details": {**INTERCEPTION["details"], "delivery": "recorded"}}),
    ),
    "realtime_period_missing": (
        _measure(REALTIME),
        _measure({**REALTIME, "details": {**REALTIME["details"], "date_range": PERIOD}}),
    ),
    "related_request_unidentified": (
        _set(related_requests=[{"authority": "Ministry of Justice, Abu Dhabi"}]),
        _set(related_requests=[EARLIER]),
    ),
}
