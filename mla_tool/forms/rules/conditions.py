"""Small predicates and check builders the rule table composes."""

from __future__ import annotations

from collections.abc import Callable

from ..fieldspec import is_filled
from ..measures import measure_type
from .findings import Miss
from .rule import Check, RuleContext


def required(path: str) -> Check:
    return lambda ctx: [] if is_filled(ctx.value(path)) else [(path, {})]


def unless(condition: Callable[[RuleContext], bool], check: Check) -> Check:
    return lambda ctx: [] if condition(ctx) else check(ctx)


def only_if(condition: Callable[[RuleContext], bool], check: Check) -> Check:
    return lambda ctx: check(ctx) if condition(ctx) else []


def each_item_needs(
    list_name: str, attribute: str, skip: Callable[[dict], bool] | None = None
) -> Check:
    def check(ctx: RuleContext) -> list[Miss]:
        return [
            (f"{list_name}[{index}].{attribute}", {"number": index + 1})
            for index, item in enumerate(ctx.items(list_name))
            if not (skip and skip(item)) and not is_filled(item.get(attribute))
        ]

    return check


def only_service_of_documents(ctx: RuleContext) -> bool:
    measures = ctx.items("measures")
    return bool(measures) and all(m.get("type") == "service_of_documents" for m in measures)


def is_urgent(ctx: RuleContext) -> bool:
    return bool(ctx.value("urgent.is_urgent"))


def is_confidential(ctx: RuleContext) -> bool:
    return bool(ctx.value("confidential.is_confidential"))


def has_coercive_measure(ctx: RuleContext) -> bool:
    return any(
        (measure := measure_type(item.get("type"))) is not None and measure.coercive
        for item in ctx.items("measures")
    )
