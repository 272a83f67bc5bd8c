"""Rule cases of the grounds of refusal anticipated in extradition (refusal_checks.py): the
request, the mutation that leaves the ground unanswered, the one that answers it, the context."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from mla_tool import clock
from mla_tool.forms.samples import extradition_request

Mutation = Callable[[dict[str, Any]], None]
ANSWERS = "refusal_answers"


def answer(ground: str, text: str | None) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        answers = doc.setdefault("extradition", {}).setdefault(ANSWERS, {})
        if text is None:
            answers.pop(ground, None)
        else:
            answers[ground] = text

    return mutate


def aged(years: int) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        born = clock.today() - timedelta(days=years * 366)
        doc["persons"][0]["birth_date"] = born.isoformat()

    return mutate


def penalty(text: str) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        doc["offences"][0]["max_penalty"] = text

    return mutate


def in_united_states(doc: dict[str, Any]) -> None:
    """Addressed to the United States (its profile requires evidence), under a treaty."""
    doc["requested_state"] = "USA"
    doc.setdefault("extradition", {})["treaty_threshold"] = "1 year"


US_AUTHORITY = {
    "id": 9,
    "country": "USA",
    "functions": ["central_authority_extradition"],
    "languages": ["en"],
    "channels": ["central_authority"],
    "requirements": "",
}

REFUSAL_CASES: dict[
    str, tuple[Callable[[], dict[str, Any]], Mutation, Mutation, dict[str, Any]]
] = {
    "refusal_ne_bis_in_idem_unanswered": (
        extradition_request,
        answer("ne_bis_in_idem", None),
        answer("ne_bis_in_idem", "Not tried or prosecuted there for these acts."),
        {},
    ),
    "refusal_limitation_amnesty_unanswered": (
        extradition_request,
        answer("limitation_amnesty", None),
        answer("limitation_amnesty", "Not time-barred; no amnesty."),
        {},
    ),
    "refusal_humanitarian_unanswered": (
        extradition_request,
        aged(76),
        answer("humanitarian", "A prison doctor follows his heart condition."),
        {},
    ),
    "refusal_life_sentence_review_unanswered": (
        extradition_request,
        penalty("Life imprisonment"),
        answer("life_sentence_review", "Reviewed after 18 years (Code, art. 729)."),
        {},
    ),
    "refusal_prima_facie_unanswered": (
        extradition_request,
        in_united_states,
        answer("prima_facie", "Two witnesses saw him; bank records; see annex 4."),
        {"authority": US_AUTHORITY, "accepted_languages": ["en"]},
    ),
}
