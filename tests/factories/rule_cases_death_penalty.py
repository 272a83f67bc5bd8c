"""Rule cases of the death-penalty assurance in MLA: (mutation that breaks, that holds)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Mutation = Callable[[dict[str, Any], dict[str, Any]], None]
ASSURANCE = "The evidence will not be used to seek, impose or carry out the death penalty."


def punishable_by_death(state: str, assured: bool) -> Mutation:
    """An offence punishable by death, the request addressed to `state` (its authority too)."""

    def mutate(doc: dict[str, Any], ctx: dict[str, Any]) -> None:
        doc["offences"][0]["max_penalty"] = "Death penalty"
        doc["requested_state"] = state
        ctx["authority"] = {**ctx["authority"], "country": state}
        if assured:
            doc["death_penalty_assurance"] = ASSURANCE

    return mutate


#: Germany's profile requires the assurance (IRG § 8); the UAE's records nothing.
DEATH_PENALTY_CASES: dict[str, tuple[Mutation, Mutation]] = {
    "evidence_death_penalty_assurance_missing": (
        punishable_by_death("DEU", assured=False),
        punishable_by_death("DEU", assured=True),
    ),
    "evidence_death_penalty_assurance_unknown": (
        punishable_by_death("ARE", assured=False),
        punishable_by_death("ARE", assured=True),
    ),
}
