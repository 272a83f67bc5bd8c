"""Deadlines of a case: adding, completing and listing them, and whether a case is overdue."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, select

from ..auth.models import User
from ..errors import NotFoundError
from ..extensions import db
from ..i18n import N_, Phrase, phrase_columns
from . import workflow
from .dates import parse_date, today
from .errors import CaseError
from .models import DEADLINE_KINDS, Case, Deadline
from .timeline import new_event, with_said

DEFAULT_REMIND_DAYS: tuple[int, ...] = (14, 3)
#: An open deadline due in this many days or fewer is due soon.
SOON_DAYS = 7


def _has_control_characters(text: str) -> bool:
    """Line breaks and other control characters: a label goes into email subjects."""
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def add_deadline(
    case: Case,
    *,
    kind: str,
    due_on: date | str,
    label: str | Phrase = "",
    remind_days: Iterable[int] | None = None,
    actor: User | None = None,
) -> Deadline:
    """A countdown on the case (also used by the e-evidence and extradition modules). A label
    the system writes is a Phrase (kept as message id and parameters); any other is typed text."""
    errors: dict[str, str] = {}
    if kind not in DEADLINE_KINDS:
        errors["kind"] = f"one of {', '.join(DEADLINE_KINDS)}"
    when = parse_date(due_on, "due_on", errors)
    days = list(DEFAULT_REMIND_DAYS if remind_days is None else remind_days)
    if any(not isinstance(d, int) or isinstance(d, bool) or d < 0 or d > 365 for d in days):
        errors["remind_days"] = N_("whole numbers of days between 0 and 365")
    if len(label or "") > 200:
        errors["label"] = N_("at most 200 characters")
    elif not isinstance(label, Phrase) and _has_control_characters(label or ""):
        errors["label"] = N_("one line of text, without control characters")
    if errors:
        raise CaseError(N_("the deadline could not be added"), errors)
    deadline = Deadline(
        case_id=case.id,
        kind=kind,
        due_on=when,
        **phrase_columns(label if isinstance(label, Phrase) else (label or "").strip(), "label"),
        remind_days=sorted(set(days), reverse=True),
        created_by=getattr(actor, "id", None),
    )
    db.session.add(deadline)
    db.session.flush()
    if kind == "due":
        case.due_date = when
    new_event(
        case,
        "deadline",
        actor,
        note=deadline.label or None,
        details=with_said(
            label,
            {"deadline_id": deadline.id, "kind": kind, "due_on": when.isoformat()},  # type: ignore[union-attr]
        ),
    )
    db.session.flush()
    return deadline


def complete_deadline(deadline: Deadline, actor: User) -> Deadline:
    deadline.done = True
    case = db.session.get(Case, deadline.case_id)
    if case is not None:
        new_event(case, "deadline", actor, details={"deadline_id": deadline.id, "done": True})
    db.session.flush()
    return deadline


def deadlines_of(case: Case) -> list[Deadline]:
    return list(
        db.session.execute(
            select(Deadline)
            .where(Deadline.case_id == case.id)
            .order_by(Deadline.done, Deadline.due_on, Deadline.id)
        ).scalars()
    )


def passed_while_open(on: Any) -> Any:
    """SQL condition on `Deadline`: not done, and due before `on` (a date or a bound parameter):
    a deadline that makes its case overdue (`listing.overdue_clause`)."""
    return and_(Deadline.done.is_(False), Deadline.due_on < on)


def is_overdue(case: Case, on: date | None = None, *, late_deadline: bool | None = None) -> bool:
    """Open, and due, or with an open deadline due, before `on` (today by default): what the
    list's overdue filter selects (`listing.overdue_clause`). `late_deadline`: whether the case
    has such a deadline, when the caller has read it already; asked otherwise."""
    on = on or today()
    if not workflow.is_open(case.status):
        return False
    if case.due_date and case.due_date < on:
        return True
    if late_deadline is None:
        late = select(Deadline.id).where(Deadline.case_id == case.id, passed_while_open(on))
        late_deadline = db.session.execute(late.limit(1)).first() is not None
    return late_deadline


def deadline_of(case: Case, deadline_id: int) -> Deadline:
    """The deadline `deadline_id` of this case; NotFoundError when the case has no such one."""
    deadline = db.session.get(Deadline, deadline_id)
    if deadline is None or deadline.case_id != case.id:
        raise NotFoundError()
    return deadline


def countdown(deadline: Deadline, on: date) -> dict[str, Any]:
    """Days left on `on` and the deadline's state: done, overdue, soon or ok."""
    days = (deadline.due_on - on).days
    if deadline.done:
        state = "done"
    elif days < 0:
        state = "overdue"
    else:
        state = "soon" if days <= SOON_DAYS else "ok"
    return {"deadline": deadline, "days": days, "state": state}
