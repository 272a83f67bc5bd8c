"""Deadline reminders: thresholds reached once each, idempotent, listed by `mla-tool cases remind`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from mla_tool.cases import correspondence, deadlines, errors, opening
from mla_tool.cases.models import CaseEvent, DeadlineReminder
from mla_tool.cases.reminders import OVERDUE_THRESHOLD, run_reminders
from mla_tool.extensions import db

TODAY = date(2030, 6, 1)


@pytest.fixture
def case(make_user: Callable[..., Any]) -> Any:
    caseworker = make_user("caseworker")
    opened = opening.open_case(
        direction="incoming", kind="mla", counterpart_state="DEU", title="R", actor=caseworker
    )
    db.session.commit()
    return opened


def _reminder_events(case: Any) -> list[CaseEvent]:
    return list(db.session.query(CaseEvent).filter_by(case_id=case.id, type="reminder"))


def test_thresholds_fire_once_each_as_days_pass(case: Any) -> None:
    deadline = deadlines.add_deadline(
        case, kind="respond_by", due_on=TODAY + timedelta(days=20), remind_days=[14, 3]
    )
    db.session.commit()
    assert run_reminders(TODAY) == []  # 20 days left: nothing yet
    first = run_reminders(TODAY + timedelta(days=6))  # 14 days left
    assert [(r.deadline_id, r.threshold, r.days_left) for r in first] == [(deadline.id, 14, 14)]
    assert run_reminders(TODAY + timedelta(days=6)) == []  # same day again: idempotent
    assert run_reminders(TODAY + timedelta(days=10)) == []  # 10 days left: between thresholds
    second = run_reminders(TODAY + timedelta(days=18))  # 2 days left: the 3-day one
    assert [(r.threshold, r.days_left) for r in second] == [(3, 2)]
    late = run_reminders(TODAY + timedelta(days=21))
    assert [(r.threshold, r.days_left) for r in late] == [(OVERDUE_THRESHOLD, -1)]
    assert run_reminders(TODAY + timedelta(days=40)) == []
    events = _reminder_events(case)
    assert sorted(e.details["threshold"] for e in events) == [OVERDUE_THRESHOLD, 3, 14]
    assert all(e.details["deadline_id"] == deadline.id for e in events)


def test_a_late_deadline_gives_one_reminder_for_all_thresholds_reached(case: Any) -> None:
    deadlines.add_deadline(
        case, kind="other", due_on=TODAY + timedelta(days=1), remind_days=[14, 3]
    )
    db.session.commit()
    given = run_reminders(TODAY)
    assert [r.threshold for r in given] == [3]
    assert len(_reminder_events(case)) == 1
    assert db.session.query(DeadlineReminder).count() == 2
    assert run_reminders(TODAY) == []


def test_met_deadlines_closed_cases_and_dry_runs_give_nothing(
    case: Any, make_user: Callable[..., Any]
) -> None:
    met = deadlines.add_deadline(case, kind="other", due_on=TODAY, remind_days=[3])
    deadlines.complete_deadline(met, make_user("caseworker"))
    db.session.commit()
    assert run_reminders(TODAY) == []
    pending = deadlines.add_deadline(case, kind="other", due_on=TODAY, remind_days=[3])
    db.session.commit()
    assert [r.deadline_id for r in run_reminders(TODAY, dry_run=True)] == [pending.id]
    assert _reminder_events(case) == []
    case.status = "closed"
    db.session.commit()
    assert run_reminders(TODAY) == []


def test_the_cli_lists_and_records_reminders(app: Flask, case: Any) -> None:
    deadlines.add_deadline(
        case, kind="due", due_on=TODAY + timedelta(days=3), label="Reply", remind_days=[3]
    )
    db.session.commit()
    runner = app.test_cli_runner()
    from mla_tool.cli import main

    result = runner.invoke(main, ["cases", "remind", "--on", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert f"case #{case.id}" in result.output and "due in 3 days" in result.output
    assert "1 reminder(s) recorded" in result.output
    again = runner.invoke(main, ["cases", "remind", "--on", TODAY.isoformat()])
    assert "0 reminder(s) recorded" in again.output
    bad = runner.invoke(main, ["cases", "remind", "--on", "tomorrow"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def test_deadline_input_is_checked(case: Any) -> None:
    for kwargs in [
        {"kind": "eventually", "due_on": TODAY},
        {"kind": "due", "due_on": "31/12/2030"},
        {"kind": "due", "due_on": TODAY, "remind_days": [-1]},
        {"kind": "due", "due_on": TODAY, "remind_days": ["3"]},
        {"kind": "due", "due_on": "1900-01-01"},  # a slip of the keyboard, not a deadline
        {"kind": "due", "due_on": "2999-01-01"},
    ]:
        with pytest.raises(errors.CaseError):
            deadlines.add_deadline(case, **kwargs)
    with pytest.raises(errors.CaseError) as reply_first:
        correspondence.record_info_request(
            case,
            case_owner(case),
            way="sent",
            on="2026-03-10",
            summary="Which account?",
            respond_by="2026-03-01",
        )
    assert "respond_by" in reply_first.value.fields
    assert deadlines.deadlines_of(case) == []


def case_owner(case: Any) -> Any:
    from mla_tool.auth.models import User

    return db.session.get(User, case.created_by)
