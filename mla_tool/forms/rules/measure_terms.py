"""Rules of the terms some measures need: consent to a transfer, who conducts a videoconference,
how an interception is delivered, for how long data are collected in real time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..fieldspec import N_, is_filled
from .findings import WARNING, Miss
from .rule import Rule, RuleContext


def _details(item: dict[str, Any]) -> dict[str, Any]:
    details = item.get("details")
    return details if isinstance(details, dict) else {}


def measures_lacking(
    measure_type: str, detail: str, met: Callable[[Any], bool] = is_filled
) -> Callable[[RuleContext], list[Miss]]:
    """Each measure of the type whose detail is not met, at that detail."""

    def check(ctx: RuleContext) -> list[Miss]:
        return [
            (f"measures[{index}].details.{detail}", {"number": index + 1})
            for index, item in enumerate(ctx.items("measures"))
            if item.get("type") == measure_type and not met(_details(item).get(detail))
        ]

    return check


def asks(measure_type: str) -> Callable[[RuleContext], bool]:
    return lambda ctx: any(item.get("type") == measure_type for item in ctx.items("measures"))


def _whole_period(value: Any) -> bool:
    return isinstance(value, dict) and bool(value.get("from")) and bool(value.get("to"))


#: (code, measure type, detail, test of the detail, message, reference)
TERMS: tuple[tuple[str, str, str, Callable[[Any], bool], str, str], ...] = (
    (
        "transfer_consent_missing",
        "transfer_detained_person",
        "consent",
        lambda value: value is True,
        N_(
            "Measure %(number)s: a detained person is transferred only with their free and "
            "informed consent: confirm that they consent."
        ),
        "UNTOC art. 18(10)(a)",
    ),
    (
        "videoconference_conduct_missing",
        "videoconference",
        "conducted_by",
        is_filled,
        N_("Measure %(number)s: say who conducts the hearing by videoconference."),
        "UNTOC art. 18(18)",
    ),
    (
        "interception_delivery_missing",
        "interception",
        "delivery",
        is_filled,
        N_(
            "Measure %(number)s: say whether the communications are to be transmitted "
            "immediately or recorded and transmitted afterwards."
        ),
        "Directive 2014/41/EU art. 30(6)",
    ),
    (
        "realtime_period_missing",
        "realtime_traffic_data",
        "date_range",
        _whole_period,
        N_("Measure %(number)s: say from when to when the traffic data are to be collected."),
        "Budapest Convention art. 33",
    ),
)

MEASURE_TERM_RULES: tuple[Rule, ...] = tuple(
    Rule(
        code,
        "measures",
        WARNING,
        measures_lacking(measure_type, detail, met),
        message,
        reference,
        applies=asks(measure_type),
    )
    for code, measure_type, detail, met, message, reference in TERMS
)
