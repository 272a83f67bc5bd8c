"""Reading the maintained statistics for a reader and a period: the stored cells of the reader's
authority and of the reader (the cases they are on outside it) as the cheapest signed sum of day,
month, year or all-time cells, plus the live facts of the few cases whose outcome is dated
before the start."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select, text

from ..auth.models import User
from ..extensions import db
from .models import Case, CaseMember
from .stats_aggregates import CELLS
from .stats_cells import stored
from .stats_facts import STAT_COLUMNS, counts_in, facts_of
from .stats_members import MEMBER_CELLS
from .stats_ranks import Holder, Tally, grain_starts, ranked_summaries, select_cells, union_cells
from .stats_spans import Span, spans
from .stats_sql import Period

#: PostgreSQL's planner settings for the statistics' reads, which read a few thousand cells by
#: index: no parallel workers (the planner, misjudging how many cells the facts listed select,
#: started workers that cost more than the read); nested loops only (merge or hash joins read
#: every day cell of a year to find the few buckets holding the ranks, which the nested loop
#: reads by index); and a plan for each execution's values (psycopg prepares a statement run
#: five times, after which PostgreSQL may plan it once for any values: such a generic plan of
#: the ranks' query took twice as long).
PLANNER = {
    "max_parallel_workers_per_gather": "0",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
    "plan_cache_mode": "force_custom_plan",
}


def _set(settings: dict[str, str]) -> None:
    """SET LOCAL each setting (DEFAULT: back to its default), in one round trip."""
    db.session.execute(text("; ".join(f"SET LOCAL {k} TO {v}" for k, v in settings.items())))


@contextmanager
def _serial() -> Iterator[None]:
    """On PostgreSQL, the statistics' queries run with the settings `PLANNER`, restored after
    them (only on success: a failed transaction drops the settings with it)."""
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        _set(PLANNER)
    yield
    if postgresql:
        _set(dict.fromkeys(PLANNER, "DEFAULT"))


def _holders(user: User) -> list[Holder]:
    """The cells a reader's statistics add up: their authority's, and their own when they
    are on cases outside it; each with the years it holds (one round trip)."""
    candidates = [(MEMBER_CELLS, MEMBER_CELLS.c.user_id == user.id)]
    if user.country_iso3:
        candidates.insert(0, (CELLS, CELLS.c.owner_country == user.country_iso3))
    years = [
        select(bound(table.c.start)).where(held, table.c.grain == "y").scalar_subquery()
        for table, held in candidates
        for bound in (func.min, func.max)
    ]
    found = db.session.execute(select(*years)).one()
    return [
        (table, held, (found[2 * n], found[2 * n + 1]))
        for n, (table, held) in enumerate(candidates)
        if found[2 * n] is not None  # every counted case has a year cell
    ]


def _cells(holders: list[Holder], reads: list[tuple[tuple[str, ...], list[Span]]]) -> Any:
    """The cells of each (facts, period) read held by `holders`, each count signed as its
    span: per holder, read, grain and sign, the cells' first days and the facts listed, so
    that the index is entered at each cell and fact rather than scanned over a range."""
    parts = [
        select_cells(
            table,
            sign,
            held,
            table.c.grain == grain,
            table.c.start.in_(days),
            table.c.fact.in_(facts),
        )
        for table, held, years in holders
        for facts, period in reads
        for (grain, sign), days in grain_starts(period, years).items()
    ]
    return union_cells(parts)


def _stored(holders: list[Holder], *reads: tuple[tuple[str, ...], list[Span]]) -> Tally:
    """The cells of each (facts, period) read, summed in one query (the reads' facts differ)."""
    cells = _cells(holders, list(reads))
    query = select(cells.c.fact, cells.c.key, cells.c.days, func.sum(cells.c.n)).group_by(
        cells.c.fact, cells.c.key, cells.c.days
    )
    return Counter({(f, k, d): int(n) for f, k, d, n in db.session.execute(query) if n})


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
    """A report's figures for the reader, read together (the cases counted apart, the cells
    held and PostgreSQL's planner settings looked up and set once): (fact, key, days) -> cases
    of `facts` in the period and of `cumulative` ones from the beginning to the period's end;
    and fact -> key -> {n, median_days, p90_days} of the `durations` that ended in the period,
    by the rules of `stats_sql.duration_summaries` (the mean of the middle one or two values,
    p90 the ceil(0.9·n)-th smallest), ranked in SQL from the histograms of days (stats_ranks)."""
    if not user.may("stats.read"):
        return Counter(), defaultdict(dict)
    apart = cases_apart(user)
    with _serial():
        holders = _holders(user)
        counts = _tally(holders, period, apart, facts, cumulative)
        return counts, _summaries(holders, period, apart, durations)


def _tally(
    holders: list[Holder],
    period: Period,
    apart: list[dict[str, Any]],
    facts: tuple[str, ...],
    cumulative: tuple[str, ...],
) -> Tally:
    reads = [(facts, spans(period.start, period.end, dekads=True))]
    if cumulative:
        reads.append((cumulative, spans(None, period.end, dekads=True)))
    return _stored(holders, *reads) + _live(period, apart, facts, cumulative)


def _summaries(
    holders: list[Holder], period: Period, apart: list[dict[str, Any]], facts: tuple[str, ...]
) -> Summaries:
    return ranked_summaries(holders, period, facts, _live(period, apart, facts))


def by_fact(counts: Tally) -> dict[str, dict[str, dict[int, int]]]:
    """fact -> key -> days -> cases."""
    out: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for (fact, key, days), n in counts.items():
        if n:
            out[fact][key][days] = n
    return out
