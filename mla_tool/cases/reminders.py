"""Deadline reminders: which deadlines reached one of their `remind_days` thresholds, once each."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from ..audit.service import record as audit_record
from ..extensions import db
from . import workflow
from .dates import today
from .models import Case, CaseEvent, Deadline, DeadlineReminder
from .notifications import deliver_pending_emails, notify

log = logging.getLogger(__name__)

#: The threshold recorded when a deadline has passed (remind once that it is overdue).
OVERDUE_THRESHOLD = -1
MAX_REMIND_DAYS = 365


@dataclass(frozen=True)
class Reminder:
    case_id: int
    deadline_id: int
    kind: str
    label: str
    due_on: date
    days_left: int
    threshold: int
    # a label the system wrote: its message id and parameters (None for a typed label)
    label_message: str | None = None
    label_params: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["due_on"] = self.due_on.isoformat()
        return out


def _thresholds_reached(deadline: Deadline, days_left: int) -> list[int]:
    reached = [t for t in deadline.remind_days or [] if days_left <= t]
    if days_left < 0:
        reached.append(OVERDUE_THRESHOLD)
    return reached


def run_reminders(on: date | None = None, *, dry_run: bool = False) -> list[Reminder]:
    """Record one reminder event per deadline whose thresholds were newly reached.

    Idempotent: each (deadline, threshold) is remembered in `case_deadline_reminders`, so running
    twice on the same day, or missing days, never repeats a reminder. When several thresholds
    are reached at once (a deadline added late), one reminder for the nearest one is given.
    Each reminder notifies the people who must act in the same transaction; when SMTP is
    configured their emails go after the commit (and those that failed before are retried).
    """
    on = on or today()
    rows = db.session.execute(
        select(Deadline, Case)
        .join(Case, Case.id == Deadline.case_id)
        .where(
            Deadline.done.is_(False),
            Deadline.due_on <= on + timedelta(days=MAX_REMIND_DAYS),
            Case.status.not_in(workflow.FINISHED_STATUSES),
        )
        .order_by(Deadline.due_on, Deadline.id)
    ).all()
    if not rows:
        if not dry_run:
            _deliver_emails(on)
        return []
    given: dict[int, set[int]] = {}
    for deadline_id, threshold in db.session.execute(
        select(DeadlineReminder.deadline_id, DeadlineReminder.threshold).where(
            DeadlineReminder.deadline_id.in_([d.id for d, _c in rows])
        )
    ):
        given.setdefault(deadline_id, set()).add(threshold)
    out: list[Reminder] = []
    for deadline, case in rows:
        days_left = (deadline.due_on - on).days
        already = given.get(deadline.id, set())
        new = [t for t in _thresholds_reached(deadline, days_left) if t not in already]
        if not new:
            continue
        reminder = Reminder(
            case_id=case.id,
            deadline_id=deadline.id,
            kind=deadline.kind,
            label=deadline.label,
            due_on=deadline.due_on,
            days_left=days_left,
            threshold=min(new),
            label_message=deadline.label_message,
            label_params=deadline.label_params,
        )
        out.append(reminder)
        if dry_run:
            continue
        for threshold in new:
            db.session.add(DeadlineReminder(deadline_id=deadline.id, threshold=threshold))
        details = reminder.as_dict()
        details.pop("case_id")
        db.session.add(
            CaseEvent(case_id=case.id, actor_id=None, type="reminder", note=None, details=details)
        )
        audit_record("case.reminder", "case", case.id, details)
        notify(case, deadline, reminder.threshold, days_left)
    if not dry_run:
        db.session.commit()
        _deliver_emails(on)
    return out


def _deliver_emails(on: date) -> None:
    # The reminders are committed whatever happens to the mail: a failure waits for the next run.
    try:
        deliver_pending_emails(on)
    except Exception as error:
        db.session.rollback()
        # the kind of failure, not its message: that may quote addresses or case data
        log.error(
            "reminder emails could not be delivered (%s); they are retried on the next run",
            type(error).__name__,
        )
