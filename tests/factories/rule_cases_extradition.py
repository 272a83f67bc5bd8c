"""Test data builders and fixtures shared by several test modules (rule cases extradition)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from mla_tool import clock
from mla_tool.forms.rules import RuleContext
from mla_tool.forms.samples import extradition_request
from tests.factories.document_mutations import Mutation, chain, setting
from tests.factories.extradition_requests import provisional_request
from tests.factories.rule_cases_refusal import REFUSAL_CASES

#: The rule context's today: the cases give it to the rules, and their dates (and the sample's)
#: are counted from it, so they hold whatever the calendar says.
TODAY = clock.today()


def years_from_today(years: float) -> str:
    """The ISO date `years` (negative: ago) from TODAY."""
    return (TODAY + timedelta(days=round(years * 365))).isoformat()


AUTHORITY = {
    "id": 9,
    "country": "ARE",
    "functions": ["central_authority_extradition"],
    "languages": ["ar", "en"],
    "channels": ["central_authority", "interpol"],
    "urgent_by_interpol": True,
    "requirements": "",
}


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
        offence(committed_on=years_from_today(-17)),
        offence(limitation_expires=years_from_today(4)),
        {},
    ),
    "limitation_unknown": (
        extradition_request,
        offence(limitation=None),
        offence(limitation_expires=years_from_today(5.5)),
        {},
    ),
    "offence_time_missing": (
        extradition_request,
        offence(committed_on=None, limitation_expires=years_from_today(4.5)),
        offence(committed_on=years_from_today(-1.5)),
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
    **REFUSAL_CASES,
}
