"""Rules of the death penalty in mutual legal assistance: the assurance on the use of evidence
that the requested state's profile says it requires, or a warning where the profile is silent."""

from __future__ import annotations

from ...directory.profiles.lookup import state_value
from ..death_penalty_fields import DEATH_WORDS
from ..fieldspec import N_, is_filled
from .findings import ERROR, WARNING, Miss
from .rule import Rule, RuleContext

PROFILE_FIELD = "death_penalty_assurance_required"
REFERENCE = "UNTOC art. 18(19), 18(21)(b)"


def punishable_by_death(ctx: RuleContext) -> bool:
    """An offence is punishable by death in the requesting state (its flag or its penalty)."""
    return any(
        offence.get("death_penalty") is True
        or bool(DEATH_WORDS.search(str(offence.get("max_penalty") or "")))
        for offence in ctx.items("offences")
    )


def _assurance_missing(ctx: RuleContext, required: bool | None) -> list[Miss]:
    found = state_value(ctx.value("requested_state"), PROFILE_FIELD)
    recorded = None if found is None else bool(found.value)
    if recorded is not required or is_filled(ctx.value("death_penalty_assurance")):
        return []
    return [("death_penalty_assurance", {"source": found.source if found else ""})]


def assurance_required(ctx: RuleContext) -> list[Miss]:
    """The profile requires the assurance and the request gives none."""
    return _assurance_missing(ctx, True)


def assurance_unknown(ctx: RuleContext) -> list[Miss]:
    """The profile does not say whether the state requires it, and the request gives none."""
    return _assurance_missing(ctx, None)


DEATH_PENALTY_RULES: tuple[Rule, ...] = (
    Rule(
        "evidence_death_penalty_assurance_missing",
        "death_penalty_assurance",
        ERROR,
        assurance_required,
        N_(
            "An offence is punishable by death and the requested state requires an assurance "
            "(%(source)s): assure that the evidence will not be used to seek, impose or carry "
            "out the death penalty."
        ),
        REFERENCE,
        weight=2,
        applies=punishable_by_death,
        profile_fields=("death_penalty_assurance_required",),
    ),
    Rule(
        "evidence_death_penalty_assurance_unknown",
        "death_penalty_assurance",
        WARNING,
        assurance_unknown,
        N_(
            "An offence is punishable by death: the requested state's profile does not say "
            "whether it requires an assurance on the use of the evidence. Many states refuse "
            "without one: give it, or ask the requested state."
        ),
        REFERENCE,
        applies=punishable_by_death,
        profile_fields=("death_penalty_assurance_required",),
    ),
)
