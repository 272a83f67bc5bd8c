"""Provisional arrest on a case: record the arrest (a deadline), convert into the formal request,
or start a provisional arrest from the formal request: the two share person, warrant, offences."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select

from ...audit.service import record as audit_record
from ...auth.models import User
from ...cases.dates import today
from ...cases.deadlines import add_deadline, deadlines_of
from ...cases.errors import CaseError
from ...cases.models import Case, Deadline
from ...cases.timeline import add_event
from ...extensions import db
from ...i18n import Phrase
from ..access import can_edit
from ..drafting import create_request
from ..errors import RequestError
from ..fieldspec import N_
from ..models import MlaRequest
from ..request_document import document_of
from .choices import EXTRADITION, PROVISIONAL_ARREST
from .time_limit import (
    DEFAULT_TIME_LIMIT_DAYS,
    DEFAULT_TIME_LIMIT_SOURCE,
    TimeLimit,
    provisional_time_limit,
)

#: Reminders before the formal request is due (days before), as for preserved data.
ARREST_REMIND_DAYS = (14, 7, 3, 1)
#: What a formal request does not take over from the provisional-arrest request.
NOT_CONVERTED = ("channel", "interpol_notice", "formal_request_undertaking", "time_limit_days")
#: What a provisional-arrest request takes over from the formal request: who asks whom, on what
#: basis, the person sought, the warrant or judgment, the offences and the facts.
SHARED_WITH_PROVISIONAL = (
    "requesting_state",
    "requested_state",
    "requested_authority",
    "requesting_authority",
    "issuing_authority",
    "legal_basis",
    "language",
    "reference",
    "subject",
    "proceedings",
    "persons",
    "person_description",
    "warrant",
    "judgment",
    "offences",
    "facts",
)


def requests_in_case(case_id: int, kind: str) -> list[MlaRequest]:
    """The requests of one kind filed in the case, oldest first."""
    return list(
        db.session.execute(
            select(MlaRequest)
            .where(MlaRequest.case_id == case_id, MlaRequest.kind == kind)
            .order_by(MlaRequest.id)
        ).scalars()
    )


def time_limit_for(request: MlaRequest | None) -> TimeLimit:
    """The time limit of a provisional-arrest request, read as the rules read it."""
    if request is None:
        return TimeLimit(DEFAULT_TIME_LIMIT_DAYS, DEFAULT_TIME_LIMIT_SOURCE, known=False)
    return provisional_time_limit(document_of(request))


def open_arrest_deadline(case: Case) -> Deadline | None:
    """The case's countdown to the formal request, while it is not done."""
    return next(
        (
            deadline
            for deadline in deadlines_of(case)
            if deadline.kind == "provisional_arrest_limit" and not deadline.done
        ),
        None,
    )


def record_arrest(case: Case, arrested_on: date | str, actor: User) -> Deadline:
    """The person was arrested on `arrested_on`: a deadline for the formal request, with
    reminders, counted by the time limit of the provisional-arrest request in the case."""
    if not actor.may("case.write"):
        raise CaseError("your role may not change cases", {"case": "forbidden"})
    try:
        when = arrested_on if isinstance(arrested_on, date) else date.fromisoformat(arrested_on)
    except (TypeError, ValueError) as error:
        raise CaseError(
            N_("the arrest date could not be recorded"), {"arrested_on": N_("a date YYYY-MM-DD")}
        ) from error
    if when > today():
        raise CaseError(
            N_("the arrest date could not be recorded"),
            {"arrested_on": N_("may not be in the future")},
        )
    provisional = requests_in_case(case.id, PROVISIONAL_ARREST)
    if case.kind != PROVISIONAL_ARREST and not provisional:
        raise CaseError(
            N_("the arrest date could not be recorded"),
            {"case": "only a provisional-arrest case counts down to the formal request"},
        )
    existing = open_arrest_deadline(case)
    if existing is not None:
        raise CaseError(
            N_("the arrest date is already recorded"),
            {"arrested_on": f"the formal request is due on {existing.due_on.isoformat()}"},
        )
    limit = time_limit_for(provisional[0] if provisional else None)
    due = when + timedelta(days=limit.days)
    deadline = add_deadline(
        case,
        kind="provisional_arrest_limit",
        due_on=due,
        label=Phrase(
            N_("Formal extradition request (%(days)s days from the arrest on %(arrested)s)"),
            days=limit.days,
            arrested=when.isoformat(),
        ),
        remind_days=[days for days in ARREST_REMIND_DAYS if days < limit.days],
        actor=actor,
    )
    add_event(
        case,
        "note",
        actor,
        note=Phrase(
            N_(
                "Arrest on %(arrested)s: the formal request is due by %(due)s (%(days)s days, "
                "%(source)s)."
            ),
            arrested=when.isoformat(),
            due=due.isoformat(),
            days=limit.days,
            source=str(limit.source),
        ),
        details={"arrested_on": when.isoformat(), "due_on": due.isoformat(), "days": limit.days},
    )
    audit_record(
        "case.arrest_recorded",
        "case",
        case.id,
        {"arrested_on": when.isoformat(), "due_on": due.isoformat(), "days": limit.days},
        actor=actor,
    )
    return deadline


def converted_from(request: MlaRequest, kind: str = EXTRADITION) -> MlaRequest | None:
    """The request of `kind` already made from this one (the formal request from a provisional
    arrest, or the provisional arrest from a formal request), if any.

    Only requests of the same case or of the same owner count: anyone may write
    `converted_from` into their own draft, and a stranger's draft must neither block this
    conversion nor have its id shown to the owner."""
    same_side = MlaRequest.owner_id == request.owner_id
    if request.case_id is not None:
        same_side = or_(same_side, MlaRequest.case_id == request.case_id)
    candidates = db.session.execute(
        select(MlaRequest).where(MlaRequest.kind == kind, same_side).order_by(MlaRequest.id)
    ).scalars()
    return next(
        (
            item
            for item in candidates
            if (item.data.get("extradition") or {}).get("converted_from") == request.id
        ),
        None,
    )


def formal_of(provisional: MlaRequest) -> MlaRequest | None:
    """The formal request of a provisional arrest: the one made from it, or the one it was
    started from (of the same case or owner)."""
    made = converted_from(provisional)
    if made is not None:
        return made
    origin_id = (provisional.data.get("extradition") or {}).get("converted_from")
    origin = db.session.get(MlaRequest, origin_id) if isinstance(origin_id, int) else None
    if origin is None or origin.kind != EXTRADITION:
        return None
    same_case = provisional.case_id is not None and origin.case_id == provisional.case_id
    return origin if same_case or origin.owner_id == provisional.owner_id else None


def _may_make_from(
    request: MlaRequest, actor: User, existing: MlaRequest | None, made: str
) -> None:
    """Refuse (404) a request the actor may not edit, and (409) one already made from it."""
    if not can_edit(actor, request):
        raise RequestError(N_("request not found"), status=404)
    if existing is not None:
        raise RequestError(
            f"the {made} request was made already: #{existing.id}",
            {"request": str(existing.id)},
            409,
        )


def _file_made_from(
    request: MlaRequest, actor: User, data: dict[str, Any], step: str, action: str
) -> MlaRequest:
    """The new request made from `request`: a draft in the same case, audited."""
    made = create_request(actor, data, step=step)
    made.case_id = request.case_id
    audit_record(
        action, "request", made.id, {"from": request.id, "case_id": request.case_id}, actor=actor
    )
    db.session.flush()
    return made


def convert_to_extradition(request: MlaRequest, actor: User) -> MlaRequest:
    """A formal extradition request, pre-filled from the provisional-arrest request and filed
    in the same case; refused when one was made already."""
    if request.kind != PROVISIONAL_ARREST:
        raise RequestError(
            N_("only a provisional-arrest request converts into a formal request"), status=409
        )
    _may_make_from(request, actor, formal_of(request), "formal")
    data = document_of(request)
    data["kind"] = EXTRADITION
    details = {k: v for k, v in (data.get("extradition") or {}).items() if k not in NOT_CONVERTED}
    data["extradition"] = {**details, "converted_from": request.id}
    data.pop("urgent", None)
    return _file_made_from(request, actor, data, "assurances", "request.convert")


def start_provisional_arrest(request: MlaRequest, actor: User) -> MlaRequest:
    """A provisional-arrest request for the same person, pre-filled from the formal extradition
    request (person, warrant or judgment, offences, facts) and filed in the same case; refused
    when one was made already."""
    if request.kind != EXTRADITION:
        raise RequestError(
            N_("only a formal extradition request starts a provisional arrest"), status=409
        )
    existing = converted_from(request, PROVISIONAL_ARREST)
    _may_make_from(request, actor, existing, "provisional-arrest")
    source = document_of(request)
    data = {key: source[key] for key in SHARED_WITH_PROVISIONAL if key in source}
    data["kind"] = PROVISIONAL_ARREST
    data["extradition"] = {"converted_from": request.id}
    return _file_made_from(request, actor, data, "provisional", "request.start_provisional_arrest")


def case_panel(case: Case) -> dict[str, Any] | None:
    """What the case page shows about provisional arrest: countdown, conversion (plain data),
    or, in a case of a formal request alone, the start of a provisional arrest from it."""
    provisional = requests_in_case(case.id, PROVISIONAL_ARREST)
    if case.kind != PROVISIONAL_ARREST and not provisional:
        formal = requests_in_case(case.id, EXTRADITION)
        if not formal:
            return None
        return {"formal_request_id": formal[0].id, "start_provisional": True}
    source = provisional[0] if provisional else None
    limit = time_limit_for(source)
    deadline = open_arrest_deadline(case)
    formal = formal_of(source) if source is not None else None
    out: dict[str, Any] = {
        "provisional_request_id": source.id if source else None,
        "formal_request_id": formal.id if formal else None,
        "time_limit_days": limit.days,
        "time_limit_source": limit.source,
        "time_limit_known": limit.known,
        "deadline": None,
    }
    if deadline is not None:
        out["deadline"] = {
            "due_on": deadline.due_on.isoformat(),
            "days_left": (deadline.due_on - today()).days,
            "label": deadline.label,
        }
    return out
