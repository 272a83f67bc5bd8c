"""Status changes of a case, as the table in `workflow` allows: who, from where, with a reason."""

from __future__ import annotations

from typing import Any

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..errors import NotFoundError
from ..extensions import db
from ..i18n import N_
from ..signals import case_moved
from ..transactions import compare_and_set
from . import workflow
from .access import can_access
from .errors import TransitionError
from .milestones import check_refusal_ground, on_case_moved
from .models import Case, CaseEvent
from .review import clean_field_comments, requests_holding_back, unknown_comment_fields
from .timeline import with_said


def allowed_transitions(case: Case, user: User) -> list[str]:
    if not can_access(user, case):
        return []
    return [
        t.to_status
        for t in workflow.transitions_from(case.direction, case.status)
        if user.role in t.roles
    ]


def _refuse_before_requests_reviewed(case: Case, to_status: str) -> None:
    """A move that waits for each request's own review (review.CASE_WAITS_FOR_REQUESTS)."""
    waiting = requests_holding_back(case, to_status)
    if waiting:
        raise TransitionError(
            "requests_pending_review",
            N_(
                "Each request of the case is reviewed on its own: the case is approved once "
                "every request is."
            ),
            {"request_ids": ", ".join(f"#{rid}" for rid in waiting)},
            case.status,
            to_status,
        )


def transition(
    case: Case,
    to_status: str,
    actor: User,
    note: str | None = None,
    details: dict[str, Any] | None = None,
    expected_status: str | None = None,
) -> CaseEvent:
    """Move the case to `to_status` as the workflow table allows, recording who/when/why;
    with `expected_status` (the status the actor saw), only from that status."""
    if not can_access(actor, case):
        raise NotFoundError()
    if expected_status is not None and expected_status != case.status:
        # the status compared-and-set below is the one read here, so this holds in SQL too
        raise TransitionError(
            "status_changed",
            N_("someone else changed the status of this case meanwhile; reload it and try again"),
            {"to": N_("not changed")},
            expected_status,
            to_status,
        )
    rule = workflow.find_transition(case.direction, case.status, to_status)
    if rule is None:
        raise TransitionError(
            "illegal_transition",
            f"an {case.direction} case cannot go from {case.status} to {to_status}",
            {"to": f"allowed: {', '.join(allowed_transitions(case, actor)) or 'none'}"},
            case.status,
            to_status,
        )
    if actor.role not in rule.roles:
        raise TransitionError(
            "role_not_allowed",
            f"a {actor.role} may not move a case from {case.status} to {to_status}",
            {"to": "not allowed for your role"},
            case.status,
            to_status,
        )
    _refuse_before_requests_reviewed(case, to_status)
    clean_note = (note or "").strip() or None
    extra = with_said(note, details)
    check_refusal_ground(to_status, extra)
    comments = clean_field_comments(extra)
    if comments and to_status != "returned":
        raise TransitionError(
            "invalid_field_comments",
            N_("field comments go with returning a draft"),
            {"field_comments": N_("only when returning")},
        )
    unknown = unknown_comment_fields(case, comments)
    if unknown:
        raise TransitionError(
            "invalid_field_comments",
            N_("a field comment names no field of the request"),
            {"field_comments": f"unknown: {', '.join(unknown)}"},
        )
    if comments:
        extra["field_comments"] = comments
    else:
        extra.pop("field_comments", None)
    if rule.reason_required and clean_note is None and not comments:
        raise TransitionError(
            "reason_required",
            f"moving to {to_status} needs a reason",
            {"note": N_("a reason is required")},
            case.status,
            to_status,
        )
    previous = case.status
    # compare-and-set in SQL: of two simultaneous moves of this case only one finds its status
    moved = {"status": to_status, "updated_at": utcnow()}
    if not compare_and_set(case, {"status": previous}, moved):
        raise TransitionError(
            "status_changed",
            N_("someone else changed the status of this case meanwhile; reload it and try again"),
            {"to": N_("not changed")},
        )
    event = CaseEvent(
        case_id=case.id,
        actor_id=actor.id,
        type="transition",
        from_status=previous,
        to_status=to_status,
        note=clean_note,
        details=extra,
    )
    db.session.add(event)
    audit_record(
        "case.transition",
        "case",
        case.id,
        {"from": previous, "to": to_status, "note": clean_note},
        actor=actor,
    )
    db.session.flush()
    on_case_moved(case, event)  # the statistics' dates
    case_moved.send(case, event=event)  # e.g. the wizard's requests follow (wired in wiring)
    return event
