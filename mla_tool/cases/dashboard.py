"""Dashboard panels of the case tracker per role: drafts, queue, deadlines, overdue, recent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import and_, func, or_, select

from ..auth.models import User
from ..extensions import db
from ..home.panels import Panel
from ..i18n import due_phrase, said_text, time_tag
from . import workflow
from .access import accessible_clause
from .dates import today
from .deadlines import passed_while_open
from .forms import STATUS_LABELS
from .listing import overdue_clause
from .models import Case, CaseMember, Deadline

PANEL_LIMIT = 8
DEADLINE_HORIZON_DAYS = 14

#: Which panels each role sees first, in order.
ROLE_PANELS: dict[str, tuple[str, ...]] = {
    "prosecutor": ("drafts", "queue", "deadlines", "overdue", "recent"),
    "caseworker": ("queue", "deadlines", "overdue", "drafts", "recent"),
    "admin": ("overdue", "recent"),
    "auditor": ("recent",),
}
#: Statuses in which a case waits for the central authority.
AWAITING_AUTHORITY: tuple[str, ...] = ("under_review", "received")


class _Context:
    """What every panel of one dashboard shares: the access condition, labels, membership."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.access = accessible_clause(user, probed=True)  # each panel reads a few cases
        self.on = today()
        self.status_names = {code: str(label) for code, label in STATUS_LABELS.items()}
        self.confidential_label = _("Confidential case")
        self.member_ids: set[int] = set()

    def label(self, case: Case) -> str:
        visible = not case.confidential or case.id in self.member_ids
        return f"#{case.id} {case.title if visible else self.confidential_label}"

    def cases(self, *conditions: Any, order: Any) -> list[Case]:
        query = (
            select(Case)
            .where(self.access, *conditions)
            .order_by(order, Case.id.desc())
            .limit(PANEL_LIMIT)
        )
        found = list(db.session.execute(query).scalars())
        self.learn_membership(found)
        return found

    def learn_membership(self, cases: list[Case]) -> None:
        """Confidential titles show to members only: ask about the few cases shown, not all."""
        secret = [case.id for case in cases if case.confidential and case.id not in self.member_ids]
        if secret:
            self.member_ids.update(
                db.session.execute(
                    select(CaseMember.case_id).where(
                        CaseMember.user_id == self.user.id, CaseMember.case_id.in_(secret)
                    )
                ).scalars()
            )


def _rows(ctx: _Context, cases: list[Case], note: Callable[[Case], str]) -> list[dict[str, Any]]:
    return [
        {"label": ctx.label(c), "url": url_for("cases.show", case_id=c.id), "note": note(c)}
        for c in cases
    ]


def _status_note(ctx: _Context) -> Callable[[Case], str]:
    return lambda case: ctx.status_names.get(case.status, case.status)


def _drafts(ctx: _Context) -> Panel:
    cases = ctx.cases(
        Case.created_by == ctx.user.id,
        Case.direction == "outgoing",
        Case.status.in_(("draft", "returned")),
        order=Case.updated_at.desc(),
    )
    return Panel(
        title=_("Outgoing cases in preparation"),
        rows=_rows(ctx, cases, _status_note(ctx)),
        empty_text=_("No outgoing case in preparation."),
        action_label=_("New outgoing case"),
        action_url=url_for("cases.new", direction="outgoing"),
        order=20,
    )


def _queue(ctx: _Context) -> Panel:
    user = ctx.user
    mine = and_(Case.assigned_to == user.id, Case.status.not_in(workflow.FINISHED_STATUSES))
    condition: Any = mine
    if user.may("case.supervise") and user.country_iso3:
        condition = or_(
            mine,
            and_(Case.owner_country == user.country_iso3, Case.status.in_(AWAITING_AUTHORITY)),
        )
    cases = ctx.cases(condition, order=Case.updated_at.desc())
    panel = Panel(
        title=_("My queue"),
        rows=_rows(ctx, cases, _status_note(ctx)),
        empty_text=_("Nothing waiting for you."),
        order=21,
    )
    if user.may("case.register_incoming"):
        panel.action_label = _("Register an incoming request")
        panel.action_url = url_for("requests.incoming_new")
    return panel


def due_note(day: date) -> Markup:
    """The note "due 2026-12-10" in the reader's language, the date in `<time>`."""
    return escape(_("due %(date)s")) % {"date": time_tag(day)}


def _passed_on(cases: list[Case], on: date) -> dict[int, date]:
    """The day each of these overdue cases became overdue: its due date, or the day its
    earliest open deadline was due, whichever came first."""
    earliest = dict(
        db.session.execute(
            select(Deadline.case_id, func.min(Deadline.due_on))
            .where(Deadline.case_id.in_([case.id for case in cases]), passed_while_open(on))
            .group_by(Deadline.case_id)
        ).all()
    )
    passed = {}
    for case in cases:
        days = [d for d in (case.due_date, earliest.get(case.id)) if d is not None and d < on]
        passed[case.id] = min(days) if days else on
    return passed


def _overdue(ctx: _Context) -> Panel:
    """The cases the list's overdue filter selects (`listing.overdue_clause`: a due date or an
    open deadline passed), those with the earliest due date first."""
    cases = ctx.cases(overdue_clause(ctx.on), order=Case.due_date.asc().nulls_last())
    passed = _passed_on(cases, ctx.on) if cases else {}
    return Panel(
        title=_("Overdue"),
        rows=_rows(ctx, cases, lambda c: due_note(passed[c.id])),
        empty_text=_("Nothing overdue."),
        action_label=_("All overdue cases"),
        action_url=url_for("cases.index", overdue=1),
        order=23,
    )


def _deadlines(ctx: _Context) -> Panel:
    on = ctx.on
    rows = db.session.execute(
        select(Deadline, Case)
        .join(Case, Case.id == Deadline.case_id)
        .where(
            ctx.access,
            Deadline.done.is_(False),
            Deadline.due_on <= on + timedelta(days=DEADLINE_HORIZON_DAYS),
            Case.status.not_in(workflow.FINISHED_STATUSES),
        )
        .order_by(Deadline.due_on, Deadline.id)
        .limit(PANEL_LIMIT)
    ).all()
    ctx.learn_membership([case for _deadline, case in rows])
    out = []
    for deadline, case in rows:
        days = (deadline.due_on - on).days
        note = due_phrase(days)
        # a label the system wrote is read in the reader's language; a typed one as typed
        what = said_text(deadline.label, deadline.label_message, deadline.label_params)
        what = what or deadline.kind
        out.append(
            {
                "label": f"{ctx.label(case)} — {what}",
                "url": url_for("cases.show", case_id=case.id) + "#deadlines",
                "note": note,
            }
        )
    return Panel(
        title=_("Deadlines in the next two weeks"),
        rows=out,
        empty_text=_("No deadlines coming up."),
        order=22,
    )


def _recent(ctx: _Context) -> Panel:
    cases = ctx.cases(order=Case.updated_at.desc())
    return Panel(
        title=_("Recently updated cases"),
        rows=_rows(ctx, cases, _status_note(ctx)),
        empty_text=_("No cases yet."),
        action_label=_("All cases"),
        action_url=url_for("cases.index"),
        order=24,
    )


PANEL_BUILDERS: dict[str, Callable[[_Context], Panel]] = {
    "drafts": _drafts,
    "queue": _queue,
    "overdue": _overdue,
    "deadlines": _deadlines,
    "recent": _recent,
}


def case_panels(user: User) -> list[Panel]:
    if not user.may("case.read"):
        return []
    ctx = _Context(user)
    return [PANEL_BUILDERS[name](ctx) for name in ROLE_PANELS.get(user.role, ())]
