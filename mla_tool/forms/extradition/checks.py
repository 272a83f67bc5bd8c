"""Checks of the request's content: proceedings, person sought, offences, limitation, assurances."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from ..fieldspec import is_filled
from ..rules import Check, Miss, RuleContext
from ..rules.death_penalty import punishable_by_death
from ..rules.profile import profile_says
from .choices import NATIONAL_ALTERNATIVES
from .durations import UNLIMITED, duration_months


def stage(ctx: RuleContext) -> str | None:
    value = ctx.value("proceedings.stage")
    if value == "enforcement":
        return "enforcement"
    return "prosecution" if value else None


def for_prosecution(ctx: RuleContext) -> bool:
    return stage(ctx) == "prosecution"


def for_enforcement(ctx: RuleContext) -> bool:
    return stage(ctx) == "enforcement"


def has_offences(ctx: RuleContext) -> bool:
    return bool(ctx.items("offences"))


def death_penalty_possible(ctx: RuleContext) -> bool:
    """An offence is punishable by death (the same test as for MLA), and the requested state's
    profile does not record that it asks no assurance."""
    return punishable_by_death(ctx) and not profile_says(
        ctx, "death_penalty_assurance_required", False
    )


def in_absentia(ctx: RuleContext) -> bool:
    return ctx.value("judgment.in_absentia") is True


def has_assurance(ctx: RuleContext, kind: str) -> bool:
    return any(
        item.get("type") == kind and is_filled(item.get("text")) for item in ctx.items("assurances")
    )


def assurance_needed(kind: str) -> Check:
    def check(ctx: RuleContext) -> list[Miss]:
        return [] if has_assurance(ctx, kind) else [("assurances", {})]

    return check


def penalty_unreadable(ctx: RuleContext) -> list[Miss]:
    return [
        (f"offences[{index}].max_penalty", {"number": index + 1})
        for index, offence in enumerate(ctx.items("offences"))
        if is_filled(offence.get("max_penalty"))
        and duration_months(offence.get("max_penalty")) is None
    ]


def remaining_unreadable(ctx: RuleContext) -> list[Miss]:
    value = ctx.value("judgment.remaining")
    if is_filled(value) and duration_months(value) is None:
        return [("judgment.remaining", {})]
    return []


def limitation_end(offence: dict[str, Any]) -> date | None:
    """The recorded end of the limitation period, else the offence date plus the period."""
    if offence.get("limitation_expires"):
        try:
            return date.fromisoformat(str(offence["limitation_expires"]))
        except ValueError:
            return None
    months = duration_months(offence.get("limitation"))
    committed = offence.get("committed_on")
    if months is None or months == UNLIMITED or not committed:
        return None
    try:
        start = date.fromisoformat(str(committed))
    except ValueError:
        return None
    return start + timedelta(days=round(months * 365.25 / 12))


def limitation_expired(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, offence in enumerate(ctx.items("offences")):
        end = limitation_end(offence)
        if end is not None and end < ctx.today:
            misses.append((f"offences[{index}].limitation", {"number": index + 1, "date": end}))
    return misses


def limitation_unknown(ctx: RuleContext) -> list[Miss]:
    return [
        (f"offences[{index}].limitation", {"number": index + 1})
        for index, offence in enumerate(ctx.items("offences"))
        if limitation_end(offence) is None
        and duration_months(offence.get("limitation")) != UNLIMITED
    ]


def offences_needing(
    attribute: str, skip: Callable[[RuleContext, dict[str, Any]], bool] | None = None
) -> Check:
    def check(ctx: RuleContext) -> list[Miss]:
        return [
            (f"offences[{index}].{attribute}", {"number": index + 1})
            for index, offence in enumerate(ctx.items("offences"))
            if not is_filled(offence.get(attribute)) and not (skip and skip(ctx, offence))
        ]

    return check


def offences_of_nature(nature: str) -> Check:
    def check(ctx: RuleContext) -> list[Miss]:
        return [
            (f"offences[{index}].nature", {"number": index + 1})
            for index, offence in enumerate(ctx.items("offences"))
            if offence.get("nature") == nature
        ]

    return check


def acts_described(ctx: RuleContext, offence: dict[str, Any]) -> bool:
    return is_filled(ctx.value("facts"))


def person_sought_missing(ctx: RuleContext) -> list[Miss]:
    if any(is_filled(person.get("name")) for person in ctx.items("persons")):
        return []
    return [("persons", {})]


def description_missing(ctx: RuleContext) -> list[Miss]:
    if is_filled(ctx.value("person_description.description")):
        return []
    if any(is_filled(person.get("description")) for person in ctx.items("persons")):
        return []
    return [("person_description.description", {})]


def no_photo_or_fingerprints(ctx: RuleContext) -> list[Miss]:
    if ctx.value("person_description.photograph") or ctx.value("person_description.fingerprints"):
        return []
    return [("person_description.photograph", {})]


def national_of_requested_state(ctx: RuleContext) -> list[Miss]:
    requested = ctx.value("requested_state")
    if not requested:
        return []
    if any(item.get("type") in NATIONAL_ALTERNATIVES for item in ctx.items("assurances")):
        return []  # the requesting state has said which alternative it accepts
    if profile_says(ctx, "extradites_nationals", "yes"):
        return []  # its profile records that it extradites its nationals
    return [
        (f"persons[{index}].nationality", {"number": index + 1})
        for index, person in enumerate(ctx.items("persons"))
        if requested in (person.get("nationality"), person.get("other_nationality"))
    ]


def group_missing(*paths: str) -> Check:
    def check(ctx: RuleContext) -> list[Miss]:
        return [(path, {}) for path in paths if not is_filled(ctx.value(path))]

    return check
