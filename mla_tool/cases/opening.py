"""Opening a case: checking what it is, its first status, its creator as member, its due date."""

from __future__ import annotations

from datetime import date

from ..audit.service import record as audit_record
from ..auth.models import User
from ..directory.states import state_by_iso3
from ..extensions import db
from ..i18n import N_, Phrase, phrase_columns
from ..signals import case_opened
from . import workflow
from .dates import parse_date
from .deadlines import DEFAULT_REMIND_DAYS
from .errors import CaseError
from .milestones import on_case_opened
from .models import CASE_KINDS, DIRECTIONS, Case, CaseEvent, CaseMember, Deadline


def _validate_open(
    direction: str, kind: str, counterpart_state: str, title: str, reference: str | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if direction not in DIRECTIONS:
        errors["direction"] = f"must be one of {', '.join(DIRECTIONS)}"
    if kind not in CASE_KINDS:
        errors["kind"] = f"must be one of {', '.join(CASE_KINDS)}"
    if not isinstance(counterpart_state, str) or state_by_iso3(counterpart_state.upper()) is None:
        errors["counterpart_state"] = "must be an ISO 3166-1 alpha-3 code"
    if not title or not title.strip():
        errors["title"] = N_("a title is required")
    elif len(title.strip()) > 300:
        errors["title"] = N_("at most 300 characters")
    if reference is not None and len(reference) > 120:
        errors["reference"] = N_("at most 120 characters")
    return errors


def open_case(
    *,
    direction: str,
    kind: str,
    counterpart_state: str,
    title: str,
    actor: User,
    reference: str | None = None,
    due_date: date | None = None,
    confidential: bool = False,
    status: str | None = None,
    is_sample: bool = False,
) -> Case:
    """Open a case (outgoing starts `draft`, incoming `received`); its creator becomes a member."""
    errors = _validate_open(direction, kind, counterpart_state, title, reference)
    if due_date is not None:  # the same range as every other date of a case (add_deadline)
        parse_date(due_date, "due_date", errors)
    if direction == "incoming" and not errors and not actor.may("case.register_incoming"):
        errors["direction"] = N_("only a central-authority caseworker registers incoming requests")
    if not errors and not actor.may("case.create"):
        errors["direction"] = N_("your role may not open cases")
    initial = workflow.INITIAL_STATUS.get(direction, "")
    if status is not None and status != initial and not errors:
        if status not in workflow.DIRECTION_STATUSES.get(direction, ()):
            errors["status"] = f"{status!r} is not a status of an {direction} case"
        elif not is_sample:
            errors["status"] = f"a new {direction} case starts as {initial!r}"
    if errors:
        raise CaseError(N_("the case could not be opened"), errors)
    start = status or initial
    case = Case(
        direction=direction,
        kind=kind,
        counterpart_state=counterpart_state.upper(),
        owner_country=actor.country_iso3,
        title=title.strip(),
        reference=(reference or "").strip() or None,
        created_by=actor.id,
        due_date=due_date,
        status=start,
        confidential=bool(confidential),
        is_sample=is_sample,
    )
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseMember(case_id=case.id, user_id=actor.id, role_in_case="creator"))
    db.session.add(
        CaseEvent(
            case_id=case.id,
            actor_id=actor.id,
            type="created",
            from_status=None,
            to_status=start,
            details={"direction": direction, "kind": kind},
        )
    )
    if due_date is not None:
        db.session.add(
            Deadline(
                case_id=case.id,
                kind="due",
                due_on=due_date,
                **phrase_columns(Phrase(N_("Due date")), "label"),
                remind_days=list(DEFAULT_REMIND_DAYS),
                created_by=actor.id,
            )
        )
    audit_record(
        "case.open",
        "case",
        case.id,
        {"direction": direction, "kind": kind, "status": start},
        actor=actor,
    )
    on_case_opened(case)  # the statistics' dates
    db.session.flush()
    case_opened.send(case, actor=actor)  # who must take an incoming request up is told (wiring)
    return case
