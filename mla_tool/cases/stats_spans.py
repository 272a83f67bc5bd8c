"""A period as the cheapest signed sum of the cells of the maintained statistics: whole years,
months, tens of days and days, a ragged end read either as its finer cells or
as the coarser cell holding it less the finer cells of the rest of it."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from .stats_cells import ALL_TIME, dekad_of

#: Unbounded periods are read as from the first year to this day.
FIRST_DAY = date(1, 1, 1)
LAST_DAY = date(9000, 12, 31)
#: A cell's cost in reading against a day cell's, as the ranks of a histogram are read (a month
#: or ten days: their buckets, then the days of the few buckets holding the ranks; a year: the
#: same over more days; a day: all its numbers of days).
WEIGHT = {"a": 6, "y": 6, "m": 2, "t": 2, "d": 1}
#: The grain of the cells a cell of each grain is made of, without and with the tens of days
#: ("t": kept for every fact since migration 0031, read with `dekads`).
FINER = {"y": "m", "m": "d"}
FINER_DEKADS = {"y": "m", "m": "t", "t": "d"}
#: A span of cells: (sign, grain, first cell start, last cell start); the sign is -1 for the
#: cells subtracted from a coarser one that holds them.
Span = tuple[int, str, date, date]


def _unit(grain: str, day: date) -> tuple[date, date]:
    """The first and last day of the cell of `grain` ("y", "m", "t") holding `day`."""
    if grain == "y":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if grain == "m":
        return day.replace(day=1), month_end
    first = dekad_of(day)
    return first, month_end if first.day == 21 else first + timedelta(days=9)


def _count(grain: str, first: date, last: date) -> int:
    """How many cells of `grain` from the one starting on `first` to the one on `last`."""
    if grain == "d":
        return (last - first).days + 1
    months = (last.year - first.year) * 12 + last.month - first.month
    if grain == "m":
        return months + 1
    if grain == "t":
        return months * 3 + (last.day - first.day) // 10 + 1
    return last.year - first.year + 1 if grain == "y" else 1


def _cost(spans: list[Span]) -> int:
    return sum(WEIGHT[grain] * _count(grain, first, last) for _, grain, first, last in spans)


def _negated(spans: list[Span]) -> list[Span]:
    return [(-sign, grain, first, last) for sign, grain, first, last in spans]


def _cover(low: date, high: date, grain: str, finer: dict[str, str]) -> list[Span]:
    """[low, high] as whole cells of `grain` and, at its ragged ends, the cheapest sum of
    finer cells (`_part`)."""
    if grain == "d":
        return [(1, "d", low, high)]
    first_low, last_low = _unit(grain, low)
    first_high, last_high = _unit(grain, high)
    if first_low == first_high:
        return _part(low, high, grain, finer)
    out: list[Span] = []
    if low != first_low:
        out += _part(low, last_low, grain, finer)
        low = last_low + timedelta(days=1)
    whole_end = high if high == last_high else first_high - timedelta(days=1)
    if low <= whole_end:
        out.append((1, grain, low, _unit(grain, whole_end)[0]))
    if whole_end < high:
        out += _part(first_high, high, grain, finer)
    return out


def _part(low: date, high: date, grain: str, finer: dict[str, str]) -> list[Span]:
    """[low, high] within one cell of `grain`: its finer cells, or the whole cell less the
    finer cells of the rest of it, whichever costs less."""
    first, last = _unit(grain, low)
    if (low, high) == (first, last):
        return [(1, grain, first, first)]
    rest: list[Span] = []
    if low > first:
        rest += _cover(first, low - timedelta(days=1), finer[grain], finer)
    if high < last:
        rest += _cover(high + timedelta(days=1), last, finer[grain], finer)
    direct = _cover(low, high, finer[grain], finer)
    less = [(1, grain, first, first), *_negated(rest)]
    return less if _cost(less) < _cost(direct) else direct


def spans(start: date | None, end: date | None, *, dekads: bool = False) -> list[Span]:
    """The period as the cheapest signed sum of cells: whole years, whole months (with
    `dekads`: tens of days) and days, a ragged end read either as
    its finer cells or as its coarser cell less the finer cells of the rest of it; an open end
    as all time less what lies beyond its other end."""
    finer = FINER_DEKADS if dekads else FINER
    everything: Span = (1, "a", ALL_TIME, ALL_TIME)
    if start is None and end is None:
        return [everything]
    if start is None:
        beyond = _cover(end + timedelta(days=1), LAST_DAY, "y", finer) if end < LAST_DAY else []
        return [everything, *_negated(beyond)]
    if end is None:
        before = (
            _cover(FIRST_DAY, start - timedelta(days=1), "y", finer) if start > FIRST_DAY else []
        )
        return [everything, *_negated(before)]
    return _cover(start, end, "y", finer)


def starts(grain: str, first: date, last: date, years: tuple[date, date]) -> list[date]:
    """The first days of the cells of a span (its years clipped to those held)."""
    if grain == "d":
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if grain == "t":
        return [
            day
            for n in range((last - first).days + 1)
            if (day := first + timedelta(days=n)).day in (1, 11, 21)
        ]
    if grain == "m":
        return [date(first.year, month, 1) for month in range(first.month, last.month + 1)]
    if grain == "y":
        low, high = max(first.year, years[0].year), min(last.year, years[1].year)
        return [date(year, 1, 1) for year in range(low, high + 1)]
    return [first]
