"""Reading the maintained statistics for a reader and a period: the stored cells of the reader's
authority and of the reader (the cases they are on outside it) as the cheapest signed sum of day,
month, year or all-time cells, plus the live facts of the few cases whose outcome is dated
before the start."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache
from typing import Any

from sqlalchemy import TextClause, func, select, text

from ..auth.models import User
from ..extensions import db
from .models import Case, CaseMember
from .stats_aggregates import CELLS
from .stats_cells import stored
from .stats_facts import STAT_COLUMNS, counts_in, facts_of
from .stats_members import MEMBER_CELLS
from .stats_ranks import (
    CELL_ROWS,
    FACT_ROWS,
    Held,
    Tally,
    cells_and_facts,
    held_cells,
    period_cells,
    ranked_summaries,
)
from .stats_spans import Span, spans
from .stats_sql import Period, rows_values


def _held(user: User) -> Held | None:
    """Whose cells a reader's statistics add up: their authority's, and their own when they
    are on cases outside it; with the years they hold (one round trip). None: none held."""
    holders = {"user_id": (MEMBER_CELLS, MEMBER_CELLS.c.user_id == user.id)}
    if user.country_iso3:
        holders["country"] = (CELLS, CELLS.c.owner_country == user.country_iso3)
    years = [
        select(bound(table.c.start)).where(holder, table.c.grain == "y").scalar_subquery()
        for table, holder in holders.values()
        for bound in (func.min, func.max)
    ]
    found = db.session.execute(select(*years)).one()
    bounds = {name: found[2 * n : 2 * n + 2] for n, name in enumerate(holders)}
    years_held = {name: pair for name, pair in bounds.items() if pair[0] is not None}
    if not years_held:  # every counted case has a year cell
        return None
    return Held(
        user.country_iso3 if "country" in years_held else None,
        user.id if "user_id" in years_held else None,
        (min(p[0] for p in years_held.values()), max(p[1] for p in years_held.values())),
    )


@cache
def _counts_statement(dialect: str) -> TextClause:
    """The cells of a report's counts, summed: one text per kind of database."""
    cells = held_cells(
        "x.fact, x.key, x.days, c.sign * x.n AS n",
        cells_and_facts(dialect),
        "x.grain = c.grain AND x.start = c.start AND x.fact = ft.fact",
        dialect,
    )
    return text(
        f"SELECT fact, key, days, sum(n) FROM ({cells}) AS cells "  # noqa: S608
        "GROUP BY fact, key, days"
    )


def _stored(held: Held | None, *reads: tuple[tuple[str, ...], list[Span]]) -> Tally:
    """The cells of each (facts, period) read, summed in one query (the reads' facts differ):
    per read, each cell of its period and fact, so that the index is entered at each cell and
    fact rather than scanned over a range."""
    if held is None:
        return Counter()
    dialect = db.session.get_bind().dialect.name
    cells = [
        (grain, day, sign, read)
        for read, (_, period) in enumerate(reads)
        for grain, day, sign in period_cells(period, held.years)
    ]
    facts = [(fact, read) for read, (facts, _) in enumerate(reads) for fact in facts]
    parameters = {
        **held.parameters(),
        **rows_values("c", CELL_ROWS, cells, dialect),
        **rows_values("ft", FACT_ROWS, facts, dialect),
    }
    rows = db.session.execute(_counts_statement(dialect), parameters).all()
    return Counter({(f, k, d): int(n) for f, k, d, n in rows if n})


def cases_apart(user: User) -> list[dict[str, Any]]:
    """Column values of the cases counted live: those of the user's statistics with an outcome
    dated before their start (their other facts are kept), found through the partial index
    of such cases (ix_cases_owner_started_after_concluded), never through the user's cases."""
    columns = [getattr(Case, name) for name in STAT_COLUMNS]
    early = select(Case.id, *columns).where(Case.started_on > Case.concluded_on)
    rows = {row[0]: row[1:] for row in db.session.execute(early)}
    if rows:
        members = select(CaseMember.case_id).where(
            CaseMember.user_id == user.id, CaseMember.case_id.in_(sorted(rows))
        )
        on_case = set(db.session.execute(members).scalars())
        country = user.country_iso3
        rows = {
            case_id: values
            for case_id, values in rows.items()
            if (country and values[0] == country) or case_id in on_case
        }
    return [dict(zip(STAT_COLUMNS, values, strict=True)) for values in rows.values()]


def _live(
    period: Period,
    apart: list[dict[str, Any]],
    facts: tuple[str, ...],
    cumulative: tuple[str, ...] = (),
) -> Tally:
    """The facts of the cases counted apart (`cases_apart`) that fall in the period."""
    wanted = set(facts) | set(cumulative)
    out: Tally = Counter()
    for case in apart:
        for fact in facts_of(case):
            if fact.fact not in wanted or stored(fact):
                continue
            start = None if fact.fact in cumulative else period.start
            if counts_in(fact, start, period.end):
                out[(fact.fact, fact.key, fact.days)] += 1
    return out


Summaries = dict[str, dict[str, dict[str, Any]]]  # fact -> key -> {n, median_days, p90_days}


def figures(
    user: User,
    period: Period,
    facts: tuple[str, ...],
    durations: tuple[str, ...],
    cumulative: tuple[str, ...] = (),
) -> tuple[Tally, Summaries]:
    """A report's figures for the reader, read together (the cases counted apart and the cells
    held looked up once; PostgreSQL plans each read for its values: `postgres_sessions`):
    (fact, key, days) -> cases of `facts` in the period and of `cumulative` ones from the
    beginning to the period's end; and fact -> key -> {n, median_days, p90_days} of the
    `durations` that ended in the period, by the rules of `stats_sql.duration_summaries` (the
    mean of the middle one or two values, p90 the ceil(0.9·n)-th smallest), ranked in SQL from
    the histograms of days (stats_ranks)."""
    if not user.may("stats.read"):
        return Counter(), defaultdict(dict)
    apart = cases_apart(user)
    held = _held(user)
    counts = _tally(held, period, apart, facts, cumulative)
    return counts, _summaries(held, period, apart, durations)


def _tally(
    held: Held | None,
    period: Period,
    apart: list[dict[str, Any]],
    facts: tuple[str, ...],
    cumulative: tuple[str, ...],
) -> Tally:
    reads = [(facts, spans(period.start, period.end, dekads=True))]
    if cumulative:
        reads.append((cumulative, spans(None, period.end, dekads=True)))
    return _stored(held, *reads) + _live(period, apart, facts, cumulative)


def _summaries(
    held: Held | None, period: Period, apart: list[dict[str, Any]], facts: tuple[str, ...]
) -> Summaries:
    return ranked_summaries(held, period, facts, _live(period, apart, facts))


def by_fact(counts: Tally) -> dict[str, dict[str, dict[int, int]]]:
    """fact -> key -> days -> cases."""
    out: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for (fact, key, days), n in counts.items():
        if n:
            out[fact][key][days] = n
    return out
