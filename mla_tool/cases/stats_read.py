"""Reading the maintained statistics for a reader and a period: the stored cells of the reader's
authority over the fewest day, month, year or all-time cells, plus the live facts of the few
cases counted apart (those they are on in another authority, outcomes dated before the start)."""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from ..auth.models import User
from ..extensions import db
from .models import Case, CaseMember
from .stats_aggregates import ALL_TIME, CELLS, stored
from .stats_facts import STAT_COLUMNS, counts_in, facts_of
from .stats_sql import Period

#: Unbounded periods are read as from the first year to this day.
FIRST_DAY = date(1, 1, 1)
LAST_DAY = date(9000, 12, 31)
Tally = Counter[tuple[str, str, int]]  # (fact, key, days) -> cases


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _last_full_month(cur: date, end: date) -> date:
    """The first day of the last whole month from `cur` to `end` within cur's year."""
    if end >= date(cur.year, 12, 31):
        return date(cur.year, 12, 1)
    last = end.replace(day=1)
    return last if _month_end(end) == end else (last - timedelta(days=1)).replace(day=1)


def spans(start: date | None, end: date | None) -> list[tuple[str, date, date]]:
    """The period as (grain, first cell start, last cell start): whole years, whole months and
    days at its edges."""
    if start is None and end is None:
        return [("a", ALL_TIME, ALL_TIME)]
    cur, end = start or FIRST_DAY, end or LAST_DAY
    out: list[tuple[str, date, date]] = []
    while cur <= end:
        if cur.day != 1 or _month_end(cur) > end:
            last = min(end, _month_end(cur))
            out.append(("d", cur, last))
        elif cur.month != 1 or date(cur.year, 12, 31) > end:
            month = _last_full_month(cur, end)
            out.append(("m", cur, month))
            last = _month_end(month)
        else:
            year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
            out.append(("y", cur, date(year, 1, 1)))
            last = date(year, 12, 31)
        if last >= LAST_DAY:
            break
        cur = last + timedelta(days=1)
    return out


def _stored(country: str, facts: tuple[str, ...], period: list[tuple[str, date, date]]) -> Tally:
    within = or_(*(and_(CELLS.c.grain == g, CELLS.c.start.between(lo, hi)) for g, lo, hi in period))
    query = (
        select(CELLS.c.fact, CELLS.c.key, CELLS.c.days, func.sum(CELLS.c.n))
        .where(CELLS.c.owner_country == country, CELLS.c.fact.in_(facts), within)
        .group_by(CELLS.c.fact, CELLS.c.key, CELLS.c.days)
    )
    return Counter({(f, k, d): int(n) for f, k, d, n in db.session.execute(query) if n})


def _apart(user: User) -> list[dict[str, Any]]:
    """Column values of the cases counted live: those the user is on outside their authority,
    and those of their authority with an outcome dated before their start."""
    columns = [getattr(Case, name) for name in STAT_COLUMNS]
    members = select(CaseMember.case_id).where(CaseMember.user_id == user.id)
    country = user.country_iso3
    if not country:
        queries = [select(*columns).where(Case.id.in_(members))]
    else:
        outside = or_(Case.owner_country.is_(None), Case.owner_country != country)
        queries = [
            select(*columns).where(Case.id.in_(members), outside),
            select(*columns).where(
                Case.owner_country == country, Case.started_on > Case.concluded_on
            ),
        ]
    return [
        dict(zip(STAT_COLUMNS, row, strict=True))
        for query in queries
        for row in db.session.execute(query)
    ]


def tally(
    user: User, period: Period, facts: tuple[str, ...], cumulative: tuple[str, ...] = ()
) -> Tally:
    """(fact, key, days) -> cases of the user's statistics scope: `facts` in the period,
    `cumulative` ones from the beginning to the period's end."""
    wanted = set(facts) | set(cumulative)
    out: Tally = Counter()
    if not user.may("stats.read"):
        return out
    country = user.country_iso3
    if country:
        out += _stored(country, facts, spans(period.start, period.end))
        if cumulative:
            out += _stored(country, cumulative, spans(None, period.end))
    for values in _apart(user):
        own = bool(country) and values["owner_country"] == country
        for fact in facts_of(values):
            if fact.fact not in wanted or (own and stored(fact)):
                continue
            start = None if fact.fact in cumulative else period.start
            if counts_in(fact, start, period.end):
                out[(fact.fact, fact.key, fact.days)] += 1
    return out


def by_fact(counts: Tally) -> dict[str, dict[str, dict[int, int]]]:
    """fact -> key -> days -> cases."""
    out: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for (fact, key, days), n in counts.items():
        if n:
            out[fact][key][days] = n
    return out


def summary(histogram: dict[int, int]) -> dict[str, Any]:
    """{n, median_days, p90_days} of a histogram of days, by the rules of
    `stats_sql.duration_summaries`: the mean of the middle one or two values, p90 the
    ceil(0.9·n)-th smallest."""
    n = sum(histogram.values())
    ranks = {(n + 1) // 2: None, (n + 2) // 2: None, (n * 9 + 9) // 10: None}
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        for rank in ranks:
            if ranks[rank] is None and rank <= seen:
                ranks[rank] = days
    median = (ranks[(n + 1) // 2] + ranks[(n + 2) // 2]) / 2
    return {
        "n": n,
        "median_days": round(float(median), 2),
        "p90_days": round(float(ranks[(n * 9 + 9) // 10]), 2),
    }
