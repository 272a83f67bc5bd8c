"""The maintained statistics counts: never drift from a recount, and give what the direct SQL
count gives, on random cases, readers and periods (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, event

from mla_tool.cases import opening, stats, stats_members, transitions
from mla_tool.cases.correspondence import record_correspondence
from mla_tool.cases.dates import today
from mla_tool.cases.models import Case, CaseMember
from mla_tool.cases.stats_aggregates import (
    CaseStatCell,
    count_buckets,
    rebuild_with,
    recount,
    stored_cells,
)
from mla_tool.cases.stats_cells import count_dekads
from mla_tool.cases.stats_direct import compute_stats_direct, untoc_report_direct
from mla_tool.cases.stats_spans import spans
from mla_tool.cases.stats_sql import Period
from mla_tool.cases.untoc_report import untoc_report
from mla_tool.extensions import db
from tests.factories.stat_cases import random_case as _random_case
from tests.factories.stat_cases import random_day as _random_day

OUTGOING_TO_EXECUTED = ("under_review", "approved", "transmitted", "in_execution", "executed")
INCOMING_TO_REFUSED = ("under_review", "refused")


def _assert_no_drift() -> None:
    connection = db.session.connection()
    assert stored_cells(connection) == +recount(connection)
    assert stats_members.stored_member_cells(connection) == +stats_members.recount(connection)


def test_counts_follow_openings_moves_receipts_edits_and_deletions(
    make_user: Callable[..., Any],
) -> None:
    cw = make_user("caseworker", country="FRA")
    cases = []
    for n in range(6):
        direction = "outgoing" if n % 2 else "incoming"
        cases.append(
            opening.open_case(
                direction=direction, kind="mla", counterpart_state="DEU", title="c", actor=cw
            )
        )
    db.session.commit()
    _assert_no_drift()
    for n, case in enumerate(cases):
        if case.direction == "incoming":
            record_correspondence(
                case,
                cw,
                way="received",
                channel="post",
                on=today() - timedelta(days=n + 3),
                summary="received",
            )
            path = INCOMING_TO_REFUSED
        else:
            path = OUTGOING_TO_EXECUTED
        for status in path[: 2 + n % 4]:
            details = {"refusal_ground": "dual_criminality"} if status == "refused" else {}
            transitions.transition(case, status, cw, note="done", details=details)
            db.session.commit()
            _assert_no_drift()
    # edits after the fact (as the demo's backdated samples do), then a deletion
    cases[1].created_at = datetime(2025, 12, 31, 23, 59)
    cases[1].counterpart_state = "ESP"
    cases[2].started_on = date(2024, 2, 29)
    db.session.commit()
    _assert_no_drift()
    db.session.delete(cases[3])
    db.session.commit()
    _assert_no_drift()
    rebuild_with(db.session.connection())
    _assert_no_drift()


def _random_period(rng: random.Random) -> Period:
    start = _random_day(rng) if rng.random() < 0.7 else None
    end = _random_day(rng) if rng.random() < 0.7 else None
    if rng.random() < 0.3 and start is not None:
        start = start.replace(day=1, month=1 if rng.random() < 0.5 else start.month)
    if start is not None and end is not None and end < start:
        start, end = end, start
    return Period(start, end)


@pytest.mark.slow  # 400 random cases read 75 ways: the full command runs it, not --fast
def test_maintained_counts_give_the_direct_count_on_random_data(
    make_user: Callable[..., Any],
) -> None:
    rng = random.Random(21)
    readers = [
        make_user("caseworker", country="FRA"),
        make_user("auditor", country="BEL"),
        make_user("admin", country=None),
        make_user("prosecutor", country="FRA"),  # no statistics: nothing
        make_user("caseworker", country="DEU"),  # none counted apart: medians ranked in SQL
    ]
    cases = [_random_case(rng, ["FRA", "FRA", "BEL", None]) for _ in range(300)]
    cases += [_random_case(rng, ["DEU"], early=0) for _ in range(100)]
    db.session.add_all(cases)
    db.session.flush()
    for case in rng.sample(cases[:300], 60):  # readers on cases of other authorities too
        db.session.add(
            CaseMember(case_id=case.id, user_id=rng.choice(readers[:4]).id, role_in_case="member")
        )
    db.session.commit()
    for case in rng.sample(cases[:300], 40):  # then some change and some go
        replacement = _random_case(rng, ["FRA", "BEL"])
        for column in ("status", "started_on", "concluded_on", "outcome", "owner_country"):
            setattr(case, column, getattr(replacement, column))
    for case in rng.sample(cases[:300], 10):
        db.session.delete(case)
    db.session.commit()
    _assert_no_drift()
    # the buckets of days that migration 0027 sums from the all-time cells are those counted
    db.session.execute(delete(CaseStatCell).where(CaseStatCell.grain.in_(("M", "Y", "A"))))
    count_buckets(db.session.connection())
    _assert_no_drift()
    # and the tens of days that migration 0029 sums from the day cells
    count_dekads(db.session.connection(), CaseStatCell.__table__, "owner_country")
    count_dekads(db.session.connection(), stats_members.MEMBER_CELLS, "user_id")
    _assert_no_drift()
    _change_people(rng, cases[:300], readers)
    ragged = [  # ends read as days, or as their month or year less the other days or months
        Period(date(2024, 11, 17), date(2026, 2, 3)),
        Period(date(2025, 1, 2), date(2025, 12, 30)),
        Period(date(2025, 3, 1), date(2025, 3, 30)),
        Period(None, date(2025, 8, 9)),
        Period(date(2025, 5, 20), None),
    ]
    periods = [Period(), *ragged, *(_random_period(rng) for _ in range(14))]
    for period in periods:
        _assert_same_as_direct(readers, period)


def test_durations_of_cases_counted_apart_join_the_ranked_cells(
    make_user: Callable[..., Any],
) -> None:
    """A case whose outcome is dated before its start is counted live (cases_apart); its
    durations join the stored histograms as literal rows of the ranks' query (stats_ranks), and
    the medians and p90s equal the direct count's."""
    rng = random.Random(8)
    readers = [make_user("caseworker", country="FRA"), make_user("auditor", country="FRA")]
    cases = [_random_case(rng, ["FRA"], early=0) for _ in range(150)]
    for case in cases[:30]:  # executed on a day typed before the start
        case.started_on = case.started_on or _random_day(rng)
        case.concluded_on = case.started_on - timedelta(days=rng.randint(0, 40))
        case.outcome, case.refusal_ground = "executed", None
    db.session.add_all(cases)
    db.session.commit()
    _assert_no_drift()
    periods = [
        Period(),
        Period(date(2025, 1, 1), date(2025, 12, 31)),
        Period(date(2024, 11, 17), date(2026, 2, 3)),
        *(_random_period(rng) for _ in range(5)),
    ]
    for period in periods:
        _assert_same_as_direct(readers, period)


def _assert_same_as_direct(readers: list[Any], period: Period) -> None:
    for reader in readers:
        assert stats.compute_stats(reader, period) == compute_stats_direct(reader, period), (
            reader.role,
            period,
        )
        assert untoc_report(reader, period) == untoc_report_direct(reader, period), (
            reader.role,
            period,
        )


def _change_people(rng: random.Random, cases: list[Case], readers: list[Any]) -> None:
    """People come off cases, onto others (a second role on a case counts it once), cases
    they are on change, move and go, and a reader changes authority; no count drifts."""
    live = [case for case in cases if case in db.session]
    members = db.session.query(CaseMember).filter(CaseMember.user_id.in_([r.id for r in readers]))
    for member in rng.sample(members.all(), 15):
        db.session.delete(member)
    for case in rng.sample(live, 30):
        for role in rng.sample(("member", "assignee"), rng.randint(1, 2)):
            reader = rng.choice(readers[:4])
            if (
                not db.session.query(CaseMember)
                .filter_by(case_id=case.id, user_id=reader.id, role_in_case=role)
                .first()
            ):
                db.session.add(CaseMember(case_id=case.id, user_id=reader.id, role_in_case=role))
    db.session.commit()
    _assert_no_drift()
    on_cases = {m.case_id for m in members}
    for case in rng.sample([c for c in live if c.id in on_cases], 10):
        replacement = _random_case(rng, ["FRA", "BEL", "DEU", None])
        for column in (
            "created_at",
            "counterpart_state",
            "owner_country",
            "started_on",
            "concluded_on",
            "outcome",
            "refusal_ground",
        ):  # the milestones together, as the workflow sets them
            setattr(case, column, getattr(replacement, column))
    for case in rng.sample([c for c in live if c.id in on_cases and c.status != "draft"], 3):
        db.session.delete(case)
    db.session.commit()
    _assert_no_drift()
    mine = {m.case_id for m in members if m.user_id == readers[0].id}
    moved = [c for c in live if c in db.session and c.id in mine]
    for case in rng.sample(moved, 5):  # a move by compare-and-set (case_moved)
        case.status = "draft" if case.direction == "outgoing" else "received"
        db.session.commit()
        transitions.transition(case, "under_review", readers[0])
        db.session.commit()
    _assert_no_drift()
    readers[0].country_iso3 = "BEL"
    readers[2].country_iso3 = "FRA"
    db.session.commit()
    _assert_no_drift()


def test_a_period_is_read_from_the_fewest_cells() -> None:
    day = date
    assert spans(None, None) == [(1, "a", day(1, 1, 1), day(1, 1, 1))]
    assert spans(day(2025, 1, 1), day(2026, 12, 31)) == [(1, "y", day(2025, 1, 1), day(2026, 1, 1))]
    # a ragged start late in its year: the year less its first months and days
    assert spans(day(2025, 3, 15), day(2026, 2, 3)) == [
        (1, "y", day(2025, 1, 1), day(2025, 1, 1)),
        (-1, "m", day(2025, 1, 1), day(2025, 2, 1)),
        (-1, "d", day(2025, 3, 1), day(2025, 3, 14)),
        (1, "m", day(2026, 1, 1), day(2026, 1, 1)),
        (1, "d", day(2026, 2, 1), day(2026, 2, 3)),
    ]
    assert spans(day(2025, 2, 3), day(2025, 2, 3)) == [(1, "d", day(2025, 2, 3), day(2025, 2, 3))]
    # a month less its last day
    assert spans(day(2025, 6, 1), day(2025, 6, 29)) == [
        (1, "m", day(2025, 6, 1), day(2025, 6, 1)),
        (-1, "d", day(2025, 6, 30), day(2025, 6, 30)),
    ]
    # the histograms' ragged ends: tens of days, then days
    assert spans(day(2024, 3, 15), day(2024, 12, 31), dekads=True) == [
        (1, "y", day(2024, 1, 1), day(2024, 1, 1)),
        (-1, "m", day(2024, 1, 1), day(2024, 2, 1)),
        (-1, "t", day(2024, 3, 1), day(2024, 3, 1)),
        (-1, "d", day(2024, 3, 11), day(2024, 3, 14)),
    ]
    assert spans(day(2024, 3, 11), day(2024, 3, 31), dekads=True) == [
        (1, "t", day(2024, 3, 11), day(2024, 3, 21))
    ]
    # an open start: all time less what lies after the end
    assert spans(None, day(2025, 6, 30)) == [
        (1, "a", day(1, 1, 1), day(1, 1, 1)),
        (-1, "m", day(2025, 7, 1), day(2025, 12, 1)),
        (-1, "y", day(2026, 1, 1), day(9000, 1, 1)),
    ]


def test_every_period_is_read_by_the_same_statements(make_user: Callable[..., Any]) -> None:
    """The counts and the ranks are statements of fixed text, their cells passed as
    parameters: periods with different cells send the same SQL (nothing is built per
    request, and PostgreSQL can keep each statement prepared)."""
    reader = make_user("caseworker", country="FRA")
    rng = random.Random(3)
    db.session.add_all([_random_case(rng, ["FRA"], early=0) for _ in range(40)])
    db.session.commit()
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    def statements(period: Period) -> list[str]:
        sent.clear()
        stats.compute_stats(reader, period)
        untoc_report(reader, period)
        return list(sent)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        statements(Period())  # the reader loaded
        ragged = statements(Period(date(2024, 3, 15), date(2026, 2, 3)))
        others = [
            statements(period)
            for period in (
                Period(),
                Period(date(2025, 1, 1), date(2025, 12, 31)),
                Period(date(2025, 2, 10), date(2025, 11, 20)),
                Period(None, date(2025, 8, 9)),
            )
        ]
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(ragged) >= 4
    assert all(other == ragged for other in others)
