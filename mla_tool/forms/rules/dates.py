"""Checks of dates: periods that end before they begin, response dates already past."""

from __future__ import annotations

from datetime import date

from ..fieldspec import get_path
from .findings import Miss
from .rule import RuleContext

#: Where a measure keeps a period: (start, end) paths inside its details.
PERIOD_PATHS = (("period_from", "period_to"), ("date_range.from", "date_range.to"))


def measure_period_reversed(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in enumerate(ctx.items("measures")):
        details = item.get("details") if isinstance(item.get("details"), dict) else {}
        for start_path, end_path in PERIOD_PATHS:
            try:
                start = date.fromisoformat(str(get_path(details, start_path)))
                end = date.fromisoformat(str(get_path(details, end_path)))
            except ValueError:
                continue
            if end < start:
                field = f"measures[{index}].details.{end_path}"
                misses.append((field, {"number": index + 1}))
    return misses


def respond_by_past(ctx: RuleContext) -> list[Miss]:
    value = ctx.value("urgent.respond_by")
    if not value:
        return []
    try:
        when = date.fromisoformat(str(value))
    except ValueError:
        return []
    return [("urgent.respond_by", {})] if when < ctx.today else []
