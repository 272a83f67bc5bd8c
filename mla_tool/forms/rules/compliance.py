"""Rules of the time limit for compliance: a date already past, a person in custody and no date."""

from __future__ import annotations

from datetime import date

from ...request_kinds import EMERGENCY_DISCLOSURE, MLA, PRESERVATION
from ..fieldspec import N_, is_filled
from .findings import ERROR, WARNING, Miss
from .rule import Rule, RuleContext

#: The kinds whose wizard asks for a time limit for compliance.
TIME_LIMIT_KINDS = frozenset({MLA, PRESERVATION, EMERGENCY_DISCLOSURE})


def time_limit_past(ctx: RuleContext) -> list[Miss]:
    try:
        when = date.fromisoformat(str(ctx.value("time_limit.date")))
    except ValueError:
        return []
    return [("time_limit.date", {})] if when < ctx.today else []


def custody_without_date(ctx: RuleContext) -> list[Miss]:
    if ctx.value("time_limit.reason") == "custody" and not is_filled(ctx.value("time_limit.date")):
        return [("time_limit.date", {})]
    return []


COMPLIANCE_RULES: tuple[Rule, ...] = (
    Rule(
        "time_limit_in_past",
        "time_limit.date",
        ERROR,
        time_limit_past,
        N_("The date by which compliance is requested has passed: give a date still to come."),
        "UNTOC art. 18(24)",
        kinds=TIME_LIMIT_KINDS,
        applies=lambda ctx: bool(ctx.value("time_limit.date")),
    ),
    Rule(
        "time_limit_custody_without_date",
        "time_limit.date",
        WARNING,
        custody_without_date,
        N_("A person is in custody: say by which date compliance is needed."),
        "UNTOC art. 18(24)",
        kinds=TIME_LIMIT_KINDS,
        applies=lambda ctx: ctx.value("time_limit.reason") == "custody",
    ),
)
