"""Notifications of deadlines and of request events: who must act, their list (urgent first),
read state, sending their emails."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import func, or_, select, update

from .. import mailer
from ..auth.models import User, utcnow
from ..errors import NotFoundError
from ..extensions import db
from ..i18n import said_text
from .access import accessible_clause
from .dates import today
from .membership import ASSIGNABLE_ROLES
from .models import Case, CaseMember, Deadline, Notification
from .notify_events import EVENT_LABELS, URGENT_CASE_KINDS, URGENT_DEADLINE_KINDS
from .reminder_email import compose, compose_event

log = logging.getLogger(__name__)

#: A claim on a notification's email older than this is taken to be from a process that died.
STALE_CLAIM = timedelta(minutes=15)
LIST_LIMIT = 500


# ---------------------------------------------------------------------------------------------
# Who must act


def recipients_of(case: Case) -> list[User]:
    """The active assigned user, else the case's active caseworkers and prosecutors."""
    if case.assigned_to is not None:
        assignee = db.session.get(User, case.assigned_to)
        if assignee is not None and assignee.active:
            return [assignee]
    users = db.session.execute(
        select(User)
        .where(
            User.id.in_(select(CaseMember.user_id).where(CaseMember.case_id == case.id)),
            User.active.is_(True),
            User.role.in_(ASSIGNABLE_ROLES),
        )
        .order_by(User.id)
    ).scalars()
    return list(users)


def notify(case: Case, deadline: Deadline, threshold: int, days_left: int) -> list[Notification]:
    """Add (not commit) one notification per person who must act; part of the reminder's
    transaction, so a reminder and its notifications are recorded together or not at all."""
    status = "pending" if mailer.enabled() else None
    added = []
    for user in recipients_of(case):
        notification = Notification(
            user_id=user.id,
            case_id=case.id,
            deadline_id=deadline.id,
            threshold=threshold,
            days_left=days_left,
            email_status=status,
        )
        db.session.add(notification)
        added.append(notification)
    return added


# ---------------------------------------------------------------------------------------------
# The signed-in user's list


@dataclass(frozen=True)
class NotificationRow:
    id: int
    case_id: int
    case_reference: str
    case_title: str
    deadline_kind: str
    deadline_label: str
    due_on: date | None
    days_left: int | None
    created_at: datetime
    read: bool
    event: str | None = None
    event_label: str = ""
    urgent: bool = False


def _own_visible(user: User) -> Any:
    """A user's own notifications, on cases they may still see (need to know outlives nothing)."""
    return (
        select(Notification, Case, Deadline)
        .join(Case, Case.id == Notification.case_id)
        .outerjoin(Deadline, Deadline.id == Notification.deadline_id)
        .where(Notification.user_id == user.id, accessible_clause(user))
    )


#: 0 for an urgent item (sorted first), 1 otherwise.
_URGENCY = sql_case(
    (
        or_(Case.kind.in_(URGENT_CASE_KINDS), Deadline.kind.in_(URGENT_DEADLINE_KINDS)),
        0,
    ),
    else_=1,
)


def _row(notification: Notification, case: Case, deadline: Deadline | None, on: date) -> Any:
    event_label = EVENT_LABELS.get(notification.event or "")
    return NotificationRow(
        id=notification.id,
        case_id=case.id,
        case_reference=case.reference or f"#{case.id}",
        case_title=case.title,
        deadline_kind=deadline.kind if deadline else "",
        deadline_label=(
            said_text(deadline.label, deadline.label_message, deadline.label_params)
            if deadline
            else ""
        ),
        due_on=deadline.due_on if deadline else None,
        days_left=(deadline.due_on - on).days if deadline else None,
        created_at=notification.created_at,
        read=notification.read_at is not None,
        event=notification.event,
        event_label=str(event_label) if event_label else "",
        urgent=case.kind in URGENT_CASE_KINDS
        or (deadline is not None and deadline.kind in URGENT_DEADLINE_KINDS),
    )


def list_for(
    user: User, on: date | None = None, limit: int = LIST_LIMIT, unread_only: bool = False
) -> list[NotificationRow]:
    """The user's notifications, urgent first, then newest first; days left are counted from
    `on` (today)."""
    on = on or today()
    query = _own_visible(user)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = db.session.execute(
        query.order_by(_URGENCY, Notification.created_at.desc(), Notification.id.desc()).limit(
            limit
        )
    ).all()
    return [_row(notification, case, deadline, on) for notification, case, deadline in rows]


def unread_count(user: User) -> int:
    query = (
        select(func.count(Notification.id))
        .join(Case, Case.id == Notification.case_id)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            accessible_clause(user),
        )
    )
    return int(db.session.execute(query).scalar_one())


def get_own(user: User, notification_id: int) -> Notification:
    """The notification if it is the user's own, on a case they may see; NotFoundError otherwise."""
    row = db.session.execute(_own_visible(user).where(Notification.id == notification_id)).first()
    if row is None:
        raise NotFoundError()
    return row[0]


def mark_read(user: User, notification_id: int) -> Notification:
    notification = get_own(user, notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    ids = [
        n.id
        for n, _case, _deadline in db.session.execute(
            _own_visible(user).where(Notification.read_at.is_(None))
        ).all()
    ]
    if not ids:
        return 0
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return len(ids)


# ---------------------------------------------------------------------------------------------
# Email: which notifications it went to (what it says is `reminder_email`, sending `mailer`)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0


def _claim(notification_id: int) -> bool:
    """Take the email of one notification for this process; False when another has it or it went."""
    now = utcnow()
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            or_(
                Notification.email_status.in_(("pending", "failed")),
                (Notification.email_status == "sending")
                & (Notification.email_claimed_at < now - STALE_CLAIM),
            ),
        )
        .values(email_status="sending", email_claimed_at=now)
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _record_failure(notification_id: int, error: BaseException) -> None:
    description = mailer.describe(error)
    # the kind of failure only: the server's text names the recipient (kept on the notification)
    log.warning(
        "reminder email for notification %s not sent: %s", notification_id, type(error).__name__
    )
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(
            email_status="failed",
            email_error=description,
            email_claimed_at=None,
            email_attempts=Notification.email_attempts + 1,
        )
    )
    db.session.commit()


def deliver_pending_emails(on: date | None = None) -> DeliveryReport:
    """Send every notification email not yet sent; each success is committed at once, so a
    later run retries only the failures and never sends a message twice."""
    report = DeliveryReport()
    if not mailer.enabled():
        return report
    pending = db.session.execute(
        select(Notification.id)
        .where(Notification.email_status.in_(("pending", "failed", "sending")))
        .order_by(Notification.id)
    ).scalars()
    ids = list(pending)
    if not ids:
        return report
    with mailer.Mailer() as mail:
        for notification_id in ids:
            if not _claim(notification_id):
                continue
            notification = db.session.get(Notification, notification_id)
            assert notification is not None
            user = db.session.get(User, notification.user_id)
            case = db.session.get(Case, notification.case_id)
            deadline = (
                db.session.get(Deadline, notification.deadline_id)
                if notification.deadline_id is not None
                else None
            )
            if user is None or case is None or (deadline is None and not notification.event):
                _record_failure(notification_id, LookupError("recipient, case or deadline gone"))
                report.failed += 1
                continue
            try:
                mail.connect()
            except mailer.SEND_ERRORS as error:
                # The server is unreachable: the rest wait, still pending, for the next run.
                _record_failure(notification_id, error)
                report.failed += 1
                break
            try:
                composed = (
                    compose(user, case, deadline, on)
                    if deadline is not None
                    else compose_event(user, case, notification.event or "")
                )
                mail.send(composed)
            except mailer.SEND_ERRORS as error:
                _record_failure(notification_id, error)
                report.failed += 1
                continue
            notification.email_status = "sent"
            notification.emailed_at = utcnow()
            notification.email_error = None
            notification.email_attempts = (notification.email_attempts or 0) + 1
            db.session.commit()
            report.sent += 1
    if report.sent or report.failed:
        log.info("reminder emails: %d sent, %d failed", report.sent, report.failed)
    return report
