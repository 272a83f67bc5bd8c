"""Checks of the assistance sought: measures, their details, and the offences behind them."""

from __future__ import annotations

from ..fieldspec import is_filled
from ..measures import MEASURES
from .findings import Label, Miss
from .rule import RuleContext


def no_measures(ctx: RuleContext) -> list[Miss]:
    return [] if ctx.items("measures") else [("measures", {})]


def no_offences(ctx: RuleContext) -> list[Miss]:
    return (
        [] if any(is_filled(o.get("name")) for o in ctx.items("offences")) else [("offences", {})]
    )


def offence_text_missing(ctx: RuleContext) -> list[Miss]:
    if any(is_filled(o.get("text")) for o in ctx.items("offences")):
        return []
    return [("offences", {})]


def measure_details_missing(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in enumerate(ctx.items("measures")):
        measure = MEASURES.get(str(item.get("type")))
        if measure is None:
            continue
        details = item.get("details") if isinstance(item.get("details"), dict) else {}
        for name in measure.missing_details(details):
            spec = measure.field(name)
            misses.append(
                (
                    f"measures[{index}].details.{name}",
                    {"number": index + 1, "detail": Label(spec.label) if spec else name},
                )
            )
    return misses
