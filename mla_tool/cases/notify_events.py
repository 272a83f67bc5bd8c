"""Who is told of a request's events (submitted, returned, approved, transmitted, registered), and
which items are urgent; the receivers of the named signals (connected in wiring)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import mailer
from ..auth.models import User, utcnow
from ..extensions import db
from .models import Case, CaseEvent, CaseMember, Notification

#: What each event notification says, by event.
EVENT_LABELS = {
    "submitted": _l("Request submitted for your review"),
    "returned": _l("Returned for correction"),
    "approved": _l("Approved"),
    "transmitted": _l("Transmitted to the requested state"),
    "registered": _l("Incoming request registered"),
}

#: A case status whose reaching tells the case's author (returned or approved).
AUTHOR_EVENTS_BY_STATUS = {"returned": "returned", "approved": "approved"}

#: Urgent items, first in every list: 24/7 preservation, persons in custody, emergency disclosure.
URGENT_CASE_KINDS = frozenset({"preservation", "emergency_disclosure", "provisional_arrest"})
URGENT_DEADLINE_KINDS = frozenset({"preservation_expiry", "provisional_arrest_limit"})

#: The role that reviews a submitted request.
REVIEWER_ROLE = "caseworker"

#: The same event for the same person and case within this is told once (a case's move and its
#: requests' own events arrive together).
ONCE_WITHIN = timedelta(minutes=5)
#: Events that arrive together for all of a case's requests (submitting or sending the case):
#: told once per case within ONCE_WITHIN, whichever request they concern. Other events of a
#: request are told once per request.
ONCE_PER_CASE_EVENTS = frozenset({"submitted", "transmitted"})
#: A case's own event that is news beyond its requests' same event: approving the case (its
#: last request approved) readies it to be sent, so it is told even just after a request's.
CASE_NEWS_EVENTS = frozenset({"approved"})


def is_urgent(case_kind: str | None, deadline_kind: str | None = None) -> bool:
    return case_kind in URGENT_CASE_KINDS or deadline_kind in URGENT_DEADLINE_KINDS


def _active(user_ids: Iterable[int | None]) -> list[User]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return []
    query = select(User).where(User.id.in_(ids), User.active.is_(True)).order_by(User.id)
    return list(db.session.execute(query).scalars())


def reviewers_of(case: Case, actor: Any = None) -> list[User]:
    """The caseworkers on the case but the actor, else the active caseworkers of its authority's
    country."""
    on_case = db.session.execute(
        select(User)
        .join(CaseMember, CaseMember.user_id == User.id)
        .where(
            CaseMember.case_id == case.id,
            User.id != getattr(actor, "id", None),
            User.role == REVIEWER_ROLE,
            User.active.is_(True),
        )
        .order_by(User.id)
    ).scalars()
    found = list(on_case)
    if found or case.owner_country is None:
        return found
    query = select(User).where(
        User.role == REVIEWER_ROLE,
        User.active.is_(True),
        User.country_iso3 == case.owner_country,
    )
    return list(db.session.execute(query.order_by(User.id)).scalars())


def notify_event(
    case: Case,
    event: str,
    users: Iterable[User],
    *,
    actor: Any = None,
    request_id: int | None = None,
) -> list[Notification]:
    """Add (not commit) one notification of `event` per user, never to the actor who did it and
    not twice within ONCE_WITHIN; the email goes with the next sweep when SMTP is configured."""
    status = "pending" if mailer.enabled() else None
    actor_id = getattr(actor, "id", None)
    since = utcnow() - ONCE_WITHIN
    added = []
    for user in users:
        if user.id == actor_id:
            continue
        told = db.session.execute(
            select(Notification.id).where(
                Notification.user_id == user.id,
                Notification.case_id == case.id,
                Notification.event == event,
                Notification.created_at >= since,
                *_same_subject(event, request_id),
            )
        ).first()
        if told is not None:
            continue
        notification = Notification(
            user_id=user.id,
            case_id=case.id,
            event=event,
            request_id=request_id,
            email_status=status,
        )
        db.session.add(notification)
        db.session.flush()
        added.append(notification)
    return added


def _same_subject(event: str, request_id: int | None) -> list[Any]:
    """What an earlier notification of the same event must concern to make this one a repeat."""
    if event in ONCE_PER_CASE_EVENTS:
        return []
    if request_id is not None:
        return [Notification.request_id == request_id]
    if event in CASE_NEWS_EVENTS:
        return [Notification.request_id.is_(None)]
    return []  # a case's move repeats its requests' same event (returned)


# ---------------------------------------------------------------------------------------------
# Receivers of the named signals (connected in wiring.connect_reactions)


def on_request_submitted(request: Any, case: Case | None = None, actor: Any = None) -> None:
    """A request went into review: its case's reviewers are told."""
    if case is not None:
        notify_event(
            case, "submitted", reviewers_of(case, actor), actor=actor, request_id=request.id
        )


def on_request_transmitted(request: Any, case: Case | None = None, actor: Any = None) -> None:
    """A request was sent: its author and the case's author are told."""
    if case is not None:
        users = _active([getattr(request, "owner_id", None), case.created_by])
        notify_event(case, "transmitted", users, actor=actor, request_id=request.id)


def on_request_reviewed(
    request: Any, case: Case | None = None, actor: Any = None, outcome: str = ""
) -> None:
    """One request was returned or approved on its own: its author is told."""
    if case is not None and outcome in AUTHOR_EVENTS_BY_STATUS:
        users = _active([getattr(request, "owner_id", None)])
        notify_event(
            case, AUTHOR_EVENTS_BY_STATUS[outcome], users, actor=actor, request_id=request.id
        )


def on_case_moved(case: Case, event: CaseEvent | None = None) -> None:
    """A case was returned or approved: its author is told."""
    if event is None or event.to_status not in AUTHOR_EVENTS_BY_STATUS:
        return
    actor = db.session.get(User, event.actor_id) if event.actor_id else None
    notify_event(
        case, AUTHOR_EVENTS_BY_STATUS[event.to_status], _active([case.created_by]), actor=actor
    )


def on_case_opened(case: Case, actor: Any = None) -> None:
    """An incoming request was registered: its assignee is told, else its authority's
    caseworkers (who must take it up)."""
    if case.direction != "incoming":
        return
    users = _active([case.assigned_to]) if case.assigned_to else reviewers_of(case, actor)
    notify_event(case, "registered", users, actor=actor)
