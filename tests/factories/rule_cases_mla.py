"""Test data builders and fixtures shared by several test modules (rule cases mla)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from mla_tool.forms.samples import complete_request
from tests.factories.rule_cases_death_penalty import DEATH_PENALTY_CASES
from tests.factories.rule_cases_request_fields import REQUEST_FIELD_CASES

AUTHORITY = {
    "id": 7,
    "country": "ARE",
    "functions": ["central_authority_mla"],
    "languages": ["ar", "en"],
    "requirements": "",
}


Mutation = Callable[[dict[str, Any], dict[str, Any]], None]


def base() -> tuple[dict[str, Any], dict[str, Any]]:
    document = complete_request(requested_authority=7)
    context = {
        "accepted_languages": ["ar", "en"],
        "authority": copy.deepcopy(AUTHORITY),
        "requirements": [],
        "available_legal_bases": ["UNTOC", "UNCAC"],
    }
    return document, context


def pop(path: str) -> Mutation:
    def mutate(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = doc
        for part in parents:
            target = target[part]
        target.pop(last, None)

    return mutate


def setv(path: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = doc
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value

    return mutate


def ctx(key: str, value: Any) -> Mutation:
    def mutate(_doc: dict[str, Any], context: dict[str, Any]) -> None:
        context[key] = value

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(doc: dict[str, Any], context: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(doc, context)

    return mutate


def measure(index: int, key: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
        if value is None:
            doc["measures"][index].pop(key, None)
        else:
            doc["measures"][index][key] = value

    return mutate


def detail(index: int, key: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
        if value is None:
            doc["measures"][index]["details"].pop(key, None)
        else:
            doc["measures"][index]["details"][key] = value

    return mutate


def person(key: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
        if value is None:
            doc["persons"][0].pop(key, None)
        else:
            doc["persons"][0][key] = value

    return mutate


SERVICE_ONLY = [
    {
        "type": "service_of_documents",
        "description": "Serve the summons on the witness.",
        "details": {
            "documents": "Summons to appear on 3 June",
            "recipient": "Ahmed Ali",
            "recipient_address": "Abu Dhabi",
        },
    }
]


tomorrow = (date.today() + timedelta(days=1)).isoformat()


yesterday = (date.today() - timedelta(days=1)).isoformat()


#: rule code -> (mutation that breaks the rule, mutation under which it holds again)
CASES: dict[str, tuple[Mutation, Mutation]] = {
    "requesting_state_missing": (pop("requesting_state"), setv("requesting_state", "FRA")),
    "requesting_authority_missing": (
        setv("requesting_authority.name", "  "),
        setv("requesting_authority.name", "Parquet de Paris"),
    ),
    "requesting_contact_missing": (
        both(pop("requesting_authority.email"), pop("requesting_authority.phone")),
        both(pop("requesting_authority.email"), setv("requesting_authority.phone", "+33 1")),
    ),
    "requested_state_missing": (pop("requested_state"), setv("requested_state", "ARE")),
    "requested_authority_missing": (
        both(pop("requested_authority"), ctx("authority", None)),
        setv("requested_authority", 7),
    ),
    "authority_not_found": (ctx("authority", None), setv("requested_authority", 7)),
    "authority_wrong_state": (
        ctx("authority", {**AUTHORITY, "country": "QAT"}),
        ctx("authority", {**AUTHORITY, "country": "ARE"}),
    ),
    "authority_not_central": (
        ctx("authority", {**AUTHORITY, "functions": ["police_cooperation"]}),
        ctx(
            "authority", {**AUTHORITY, "functions": ["police_cooperation", "central_authority_mla"]}
        ),
    ),
    "language_missing": (pop("language"), setv("language", "en")),
    "language_not_accepted": (
        both(
            setv("language", "fr"), setv("subject", "x"), setv("facts", "x"), setv("purpose", "x")
        ),
        ctx("accepted_languages", ["ar", "en", "fr"]),
    ),
    "state_requirement_to_confirm": (
        ctx("requirements", ["Requests must be legalised by the embassy."]),
        both(
            ctx("requirements", ["Requests must be legalised by the embassy."]),
            setv("requirements_confirmed", ["Requests must be legalised by the embassy."]),
        ),
    ),
    "legal_basis_missing": (pop("legal_basis"), setv("legal_basis", ["reciprocity"])),
    "legal_basis_not_shared": (
        setv("legal_basis", ["BUDAPEST"]),
        setv("legal_basis", ["UNCAC"]),
    ),
    "subject_missing": (pop("subject"), setv("subject", "Investigation of fraud.")),
    "proceedings_authority_missing": (
        pop("proceedings.authority"),
        setv("proceedings.authority", "Juge d'instruction"),
    ),
    "proceedings_stage_missing": (pop("proceedings.stage"), setv("proceedings.stage", "trial")),
    "offences_missing": (setv("offences", []), setv("offences", [{"name": "Fraud"}])),
    "facts_missing": (pop("facts"), both(pop("facts"), setv("measures", SERVICE_ONLY))),
    "measures_missing": (setv("measures", []), setv("measures", SERVICE_ONLY)),
    "measure_description_missing": (
        measure(0, "description", None),
        measure(0, "description", "Copies of the statements."),
    ),
    "measure_details_missing": (
        detail(0, "account", None),
        both(detail(0, "account", None), detail(0, "record_type", "business")),
    ),
    "measure_period_reversed": (
        both(detail(0, "period_from", "2025-07-01"), detail(0, "period_to", "2025-01-01")),
        both(detail(0, "period_from", "2025-01-01"), detail(0, "period_to", "2025-07-01")),
    ),
    "measure_not_linked_to_facts": (
        measure(1, "link_to_facts", " "),
        setv("measures", SERVICE_ONLY),
    ),
    "coercive_without_offence_text": (
        lambda doc, _c: doc["offences"][0].pop("text"),
        both(
            lambda doc, _c: doc["offences"][0].pop("text"),
            setv("measures", [copy.deepcopy(complete_request()["measures"][1])]),
        ),
    ),
    "person_name_missing": (person("name", None), person("name", "Jean Dupont")),
    "person_nationality_missing": (person("nationality", None), person("nationality", "FRA")),
    "person_location_missing": (person("address", None), person("address", "Dubai")),
    "purpose_missing": (pop("purpose"), setv("purpose", "Use as evidence at trial.")),
    "urgent_without_reason": (
        setv("urgent", {"is_urgent": True, "respond_by": tomorrow}),
        setv("urgent", {"is_urgent": True, "respond_by": tomorrow, "reason": "Assets move."}),
    ),
    "urgent_without_date": (
        setv("urgent", {"is_urgent": True, "reason": "Assets move."}),
        setv("urgent", {"is_urgent": False, "reason": "Assets move."}),
    ),
    "respond_by_in_past": (
        setv("urgent", {"is_urgent": True, "reason": "x", "respond_by": yesterday}),
        setv("urgent", {"is_urgent": True, "reason": "x", "respond_by": tomorrow}),
    ),
    "time_limit_in_past": (
        setv("time_limit", {"date": yesterday, "reason": "trial"}),
        setv("time_limit", {"date": tomorrow, "reason": "trial"}),
    ),
    "time_limit_custody_without_date": (
        setv("time_limit", {"reason": "custody", "details": "Held on remand since 1 November."}),
        setv("time_limit", {"reason": "custody", "date": tomorrow}),
    ),
    "confidential_without_reason": (
        setv("confidential", {"is_confidential": True}),
        setv("confidential", {"is_confidential": False}),
    ),
    "text_needs_translation": (
        setv("facts", "قام المشتبه به بتحويل الأموال إلى حساب في دبي"),
        setv("facts", "The suspect transferred the money to an account in Dubai."),
    ),
    **REQUEST_FIELD_CASES,
    **DEATH_PENALTY_CASES,
}
