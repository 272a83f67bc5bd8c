"""The rules of the case tracker: opening, access (need to know), transitions, timeline, deadlines.

Access rule (need to know):
- a user sees a case when they are a member of it (creator, assignee, supervisor or member rows
  in `case_members`), or when they are a supervisor of the central authority holding it: a user
  whose role holds `case.supervise` (caseworker, admin) and whose country is the case's
  `owner_country` (the country of the user who opened it);
- everyone else gets 404 for it, never 403, so that its existence is not disclosed;
- confidential cases show their title in lists only to explicit members; a supervisor who is not
  a member sees "Confidential case" there, and opening the case page is written to the audit log.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, and_, exists, false, func, or_, select
from werkzeug.exceptions import NotFound

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..directory.states import state_by_iso3
from ..extensions import db
from ..i18n import N_, Phrase, phrase_columns
from ..transactions import compare_and_set
from . import workflow
from .authority import belongs_to_holding_authority, holding_authority_clause
from .models import (
    CASE_KINDS,
    DEADLINE_KINDS,
    DIRECTIONS,
    MEMBER_ROLES,
    Case,
    CaseEvent,
    CaseMember,
    Deadline,
)

#: Set by the wizard module: case id -> ids of the requests filed in that case.
REQUEST_IDS_PROVIDER: Callable[[int], list[int]] | None = None

#: Set by the wizard module: the fields of the request under review in a case, as
#: (path, label) pairs a reviewer may comment on (empty when the case holds no request).
REVIEW_FIELDS_PROVIDER: Callable[[Case], list[tuple[str, str]]] | None = None

#: Called after every transition (case, event), e.g. by the wizard to follow a review.
TRANSITION_LISTENERS: list[Callable[[Case, CaseEvent], None]] = []

#: Roles that may be assigned a case (the execution or drafting side).
ASSIGNABLE_ROLES: frozenset[str] = frozenset({"prosecutor", "caseworker"})

#: Event types written through `add_event` by people or other modules (not transitions).
FREE_EVENT_TYPES: frozenset[str] = frozenset(
    {"note", "correspondence", "consultation", "info_request", "attachment", "deadline", "reminder"}
)

CORRESPONDENCE_WAYS: tuple[str, ...] = ("sent", "received")
CORRESPONDENCE_CHANNELS: tuple[str, ...] = (
    "central_authority",
    "diplomatic",
    "interpol",
    "direct",
    "email",
    "secure_exchange",
    "post",
    "phone",
    "other",
)
CONSULTATION_BASES: tuple[str, ...] = ("untoc_16_16", "untoc_18_26", "uncac_46_26", "other")
INFO_REQUEST_WAYS: tuple[str, ...] = ("sent", "received")

DEFAULT_REMIND_DAYS: tuple[int, ...] = (14, 3)
_EVENT_TYPE_PATTERN = re.compile(r"^[a-z_]{2,30}$")


class CaseError(ValueError):
    """Bad input for a case operation; `fields` maps field names to messages."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class TransitionError(CaseError):
    """A status change the workflow refuses; `code` says why (illegal, role, reason)."""

    def __init__(
        self,
        code: str,
        message: str,
        fields: dict[str, str] | None = None,
        from_status: str | None = None,
        to_status: str | None = None,
    ) -> None:
        super().__init__(message, fields)
        self.code = code
        self.from_status = from_status
        self.to_status = to_status


def today() -> date:
    return datetime.now(UTC).date()


# ---------------------------------------------------------------------------------------------
# Access


def is_member(user: User, case: Case) -> bool:
    return (
        db.session.execute(
            select(CaseMember.id)
            .where(CaseMember.case_id == case.id, CaseMember.user_id == user.id)
            .limit(1)
        ).first()
        is not None
    )


def is_supervisor(user: User, case: Case) -> bool:
    return bool(
        user.may("case.supervise")
        and user.country_iso3
        and case.owner_country
        and user.country_iso3 == case.owner_country
    )


def can_access(user: User | None, case: Case | None) -> bool:
    """Need to know: members of the case, and supervisors of the authority that holds it."""
    if user is None or case is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.may("case.read"):
        return False
    return is_supervisor(user, case) or is_member(user, case)


def accessible_clause(user: User) -> Any:
    """SQL condition on `Case` matching exactly the cases `can_access` allows."""
    if not user.may("case.read"):
        return false()
    member_cases = select(CaseMember.case_id).where(CaseMember.user_id == user.id)
    if user.may("case.supervise") and user.country_iso3:
        return or_(Case.owner_country == user.country_iso3, Case.id.in_(member_cases))
    return Case.id.in_(member_cases)


def get_case_for(user: User, case_id: int) -> Case:
    """The case if the user may see it; NotFound (404) when absent or not theirs to see."""
    case = db.session.get(Case, case_id)
    if case is None or not can_access(user, case):
        raise NotFound()
    return case


def title_visible(user: User, case: Case, member_case_ids: set[int] | None = None) -> bool:
    if not case.confidential:
        return True
    if member_case_ids is not None:
        return case.id in member_case_ids
    return is_member(user, case)


def member_case_ids(user: User, case_ids: Iterable[int]) -> set[int]:
    ids = list(case_ids)
    if not ids:
        return set()
    return set(
        db.session.execute(
            select(CaseMember.case_id).where(
                CaseMember.user_id == user.id, CaseMember.case_id.in_(ids)
            )
        ).scalars()
    )


def record_confidential_view(user: User, case: Case) -> None:
    """Opening a confidential case without being on it is allowed to supervisors, and traced."""
    if case.confidential and not is_member(user, case):
        audit_record("case.view_confidential", "case", case.id, {}, actor=user)


# ---------------------------------------------------------------------------------------------
# Opening and membership


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
        _parse_date(due_date, "due_date", errors)
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
    db.session.flush()
    return case


def members_of(case: Case) -> list[tuple[CaseMember, User]]:
    return list(
        db.session.execute(
            select(CaseMember, User)
            .join(User, User.id == CaseMember.user_id)
            .where(CaseMember.case_id == case.id)
            .order_by(CaseMember.added_at, CaseMember.id)
        ).all()
    )


def add_member(case: Case, user: User, role_in_case: str, actor: User) -> CaseMember:
    """Put a user on the case (idempotent per role); recorded in the timeline and audit log."""
    if role_in_case not in MEMBER_ROLES:
        raise CaseError(N_("unknown role in case"), {"role_in_case": ", ".join(MEMBER_ROLES)})
    if not user.active:
        raise CaseError(N_("inactive users cannot be added"), {"user_id": N_("user is not active")})
    if not belongs_to_holding_authority(case, user):
        raise CaseError(N_("no such user"), {"user_id": N_("no such user")})
    if not user.may("case.read"):
        raise CaseError(
            N_("this user's role cannot read cases"), {"user_id": N_("role cannot read")}
        )
    existing = db.session.execute(
        select(CaseMember).where(
            CaseMember.case_id == case.id,
            CaseMember.user_id == user.id,
            CaseMember.role_in_case == role_in_case,
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    member = CaseMember(
        case_id=case.id, user_id=user.id, role_in_case=role_in_case, added_by=actor.id
    )
    db.session.add(member)
    _event(case, "membership", actor, details={"added": user.id, "role_in_case": role_in_case})
    audit_record(
        "case.member_add", "case", case.id, {"user_id": user.id, "role": role_in_case}, actor=actor
    )
    db.session.flush()
    return member


def remove_member(case: Case, user: User, actor: User) -> int:
    """Take a user off the case (every role except creator); returns the rows removed."""
    rows = list(
        db.session.execute(
            select(CaseMember).where(
                CaseMember.case_id == case.id,
                CaseMember.user_id == user.id,
                CaseMember.role_in_case != "creator",
            )
        ).scalars()
    )
    if not rows:
        raise CaseError(
            N_("nothing to remove"), {"user_id": N_("not a removable member of this case")}
        )
    for row in rows:
        db.session.delete(row)
    if case.assigned_to == user.id:
        case.assigned_to = None
    _event(case, "membership", actor, details={"removed": user.id})
    audit_record("case.member_remove", "case", case.id, {"user_id": user.id}, actor=actor)
    db.session.flush()
    return len(rows)


class AlreadyAssigned(CaseError):
    """The case already has the assignee chosen (or nobody, when unassigning): nothing to do."""


def assign(case: Case, assignee: User | None, actor: User, note: str | None = None) -> CaseEvent:
    """Give the case to a caseworker or prosecutor (who becomes a member), or unassign it.

    Choosing whoever has the case already changes nothing (no event, no audit entry): it raises
    AlreadyAssigned, so the pages and the API say so instead of reporting an assignment."""
    if (assignee.id if assignee is not None else None) == case.assigned_to:
        raise AlreadyAssigned(
            N_("the case is already assigned to this person: nothing was changed")
            if assignee is not None
            else N_("the case is not assigned to anyone: nothing was changed")
        )
    if assignee is not None:
        if not belongs_to_holding_authority(case, assignee):
            raise CaseError(N_("no such user"), {"assigned_to": N_("no such user")})
        if assignee.role not in ASSIGNABLE_ROLES or not assignee.active:
            raise CaseError(
                N_("cases are assigned to active prosecutors or caseworkers"),
                {"assigned_to": N_("not an assignable user")},
            )
        add_member(case, assignee, "assignee", actor)
    previous = case.assigned_to
    case.assigned_to = assignee.id if assignee is not None else None
    case.updated_at = utcnow()
    event = _event(
        case,
        "assignment",
        actor,
        note=note,
        details={"from": previous, "to": case.assigned_to},
    )
    audit_record("case.assign", "case", case.id, {"from": previous, "to": case.assigned_to}, actor)
    db.session.flush()
    return event


# ---------------------------------------------------------------------------------------------
# Transitions


def allowed_transitions(case: Case, user: User) -> list[str]:
    if not can_access(user, case):
        return []
    return [
        t.to_status
        for t in workflow.transitions_from(case.direction, case.status)
        if user.role in t.roles
    ]


def _clean_field_comments(details: dict[str, Any] | None) -> dict[str, str]:
    raw = (details or {}).get("field_comments")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise TransitionError(
            "invalid_field_comments",
            "field_comments must map field names to comments",
            {"field_comments": "expected an object"},
        )
    cleaned: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key.strip() or not isinstance(value, str):
            raise TransitionError(
                "invalid_field_comments",
                "field_comments must map field names to text",
                {"field_comments": f"bad entry {key!r}"},
            )
        if value.strip():
            cleaned[key.strip()] = value.strip()
    return cleaned


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
        raise NotFound()
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
    clean_note = (note or "").strip() or None
    extra = _with_said(note, details)
    comments = _clean_field_comments(extra)
    if comments and to_status != "returned":
        raise TransitionError(
            "invalid_field_comments",
            N_("field comments go with returning a draft"),
            {"field_comments": N_("only when returning")},
        )
    unknown = _unknown_comment_fields(case, comments)
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
    for listener in TRANSITION_LISTENERS:
        listener(case, event)
    return event


def review_fields(case: Case) -> list[tuple[str, str]]:
    """What a reviewer may comment on when returning the case's request: (path, label)."""
    provider = REVIEW_FIELDS_PROVIDER
    return provider(case) if provider is not None else []


def _names_field(key: str, path: str) -> bool:
    return key == path or key.startswith(path + ".") or key.startswith(path + "[")


def field_label(key: str, fields: list[tuple[str, str]]) -> str:
    """The label of the field a comment names (its list's label for an item of a list)."""
    best = ("", key)
    for path, label in fields:
        if _names_field(key, path) and len(path) > len(best[0]):
            best = (path, label)
    return best[1]


def labelled_review_comments(case: Case) -> list[tuple[str, str]]:
    """The latest return's comments as (field label, comment)."""
    fields = review_fields(case)
    return [(field_label(key, fields), text) for key, text in review_comments(case).items()]


def _unknown_comment_fields(case: Case, comments: dict[str, str]) -> list[str]:
    if not comments:
        return []
    paths = [path for path, _label in review_fields(case)]
    if not paths:
        return []  # no request filed: nothing to check the names against
    return [key for key in comments if not any(_names_field(key, path) for path in paths)]


def review_comments(case: Case) -> dict[str, str]:
    """Field -> comment of the latest return of this case for correction (empty if none)."""
    event = db.session.execute(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == case.id,
            CaseEvent.type == "transition",
            CaseEvent.to_status == "returned",
        )
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if event is None:
        return {}
    return dict((event.details or {}).get("field_comments") or {})


# ---------------------------------------------------------------------------------------------
# Timeline


def _with_said(note: Any, details: dict[str, Any] | None) -> dict[str, Any]:
    """A note the system wrote (a Phrase) keeps its message and parameters beside the English
    text, so each reader sees it in their own language (`said_note`)."""
    if not isinstance(note, Phrase):
        return dict(details or {})
    return {**(details or {}), "said": {"message": note.message, "params": note.params}}


def said_note(event: CaseEvent, translate: Callable[[str], str]) -> str:
    """The event's note in the reader's language where the system wrote it, else as typed."""
    said = (event.details or {}).get("said")
    if isinstance(said, dict) and isinstance(said.get("message"), str):
        params = said.get("params") if isinstance(said.get("params"), dict) else {}
        try:
            return Phrase(said["message"], **params).translated(translate)
        except (KeyError, ValueError, TypeError):
            pass
    return event.note or ""


def _event(
    case: Case,
    type_: str,
    actor: User | None,
    note: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> CaseEvent:
    event = CaseEvent(
        case_id=case.id,
        actor_id=getattr(actor, "id", None),
        type=type_,
        note=note,
        details=details or {},
        at=at or utcnow(),
    )
    db.session.add(event)
    return event


def add_event(
    case: Case,
    type: str,
    actor: User | None,
    note: str | None = None,
    details: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append a timeline entry that is not a status change (notes, letters, attachments…)."""
    if type == "transition" or not _EVENT_TYPE_PATTERN.match(type or ""):
        raise CaseError("invalid event type", {"type": "status changes go through transition()"})
    if type == "note" and not (note or "").strip():
        raise CaseError(N_("a note needs text"), {"note": N_("required")})
    details = _with_said(note, details)
    event = _event(case, type, actor, note=(note or "").strip() or None, details=details)
    case.updated_at = utcnow()
    audit_record("case.event", "case", case.id, {"type": type}, actor=actor)
    db.session.flush()
    return event


#: Dates a case can hold: nothing before this, nothing more than PLAUSIBLE_YEARS_AHEAD ahead.
EARLIEST_DATE = date(1990, 1, 1)
PLAUSIBLE_YEARS_AHEAD = 50


def _parse_date(value: Any, name: str, errors: dict[str, str]) -> date | None:
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(str(value))
        except (TypeError, ValueError):
            errors[name] = N_("a date YYYY-MM-DD is required")
            return None
    latest = today().replace(year=today().year + PLAUSIBLE_YEARS_AHEAD, day=1)
    if not EARLIEST_DATE <= parsed <= latest:
        errors[name] = Phrase(
            N_("a date between %(first)s and %(last)s"),
            first=EARLIEST_DATE.year,
            last=latest.year,
        )
        return None
    return parsed


def record_correspondence(
    case: Case,
    actor: User,
    *,
    way: str,
    channel: str,
    on: date | str,
    summary: str,
    attachment_id: int | None = None,
) -> CaseEvent:
    """A letter, e-mail or message sent or received about the case."""
    errors: dict[str, str] = {}
    if way not in CORRESPONDENCE_WAYS:
        errors["way"] = N_("sent or received")
    if channel not in CORRESPONDENCE_CHANNELS:
        errors["channel"] = f"one of {', '.join(CORRESPONDENCE_CHANNELS)}"
    when = _parse_date(on, "on", errors)
    if not summary or not summary.strip():
        errors["summary"] = N_("a summary is required")
    if errors:
        raise CaseError(N_("the correspondence could not be recorded"), errors)
    details: dict[str, Any] = {"way": way, "channel": channel, "on": when.isoformat()}  # type: ignore[union-attr]
    if attachment_id is not None:
        details["attachment_id"] = attachment_id
    return add_event(case, "correspondence", actor, note=summary, details=details)


def record_consultation(
    case: Case, actor: User, *, basis: str, with_whom: str, on: date | str, summary: str
) -> CaseEvent:
    """A consultation with the other state (e.g. before refusing or postponing, art. 18(26))."""
    errors: dict[str, str] = {}
    if basis not in CONSULTATION_BASES:
        errors["basis"] = f"one of {', '.join(CONSULTATION_BASES)}"
    when = _parse_date(on, "on", errors)
    if not summary or not summary.strip():
        errors["summary"] = N_("a summary is required")
    if errors:
        raise CaseError(N_("the consultation could not be recorded"), errors)
    details = {"basis": basis, "with": (with_whom or "").strip(), "on": when.isoformat()}  # type: ignore[union-attr]
    return add_event(case, "consultation", actor, note=summary, details=details)


def record_info_request(
    case: Case,
    actor: User,
    *,
    way: str,
    on: date | str,
    summary: str,
    respond_by: date | str | None = None,
) -> CaseEvent:
    """A request for more information, sent or received; a reply date becomes a deadline."""
    errors: dict[str, str] = {}
    if way not in INFO_REQUEST_WAYS:
        errors["way"] = N_("sent or received")
    when = _parse_date(on, "on", errors)
    reply = _parse_date(respond_by, "respond_by", errors) if respond_by else None
    if when is not None and reply is not None and reply < when:
        errors["respond_by"] = N_("the reply cannot be due before the request is dated")
    if not summary or not summary.strip():
        errors["summary"] = N_("a summary is required")
    if errors:
        raise CaseError(N_("the request for information could not be recorded"), errors)
    details: dict[str, Any] = {"way": way, "on": when.isoformat()}  # type: ignore[union-attr]
    if reply is not None:
        details["respond_by"] = reply.isoformat()
    event = add_event(case, "info_request", actor, note=summary, details=details)
    if reply is not None:
        add_deadline(
            case,
            kind="respond_by",
            due_on=reply,
            label=Phrase(N_("Reply to information request")),
        )
    return event


def events_of(case: Case, limit: int | None = None) -> list[CaseEvent]:
    query = (
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars())


# ---------------------------------------------------------------------------------------------
# Deadlines


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
    when = _parse_date(due_on, "due_on", errors)
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
    _event(
        case,
        "deadline",
        actor,
        note=deadline.label or None,
        details=_with_said(
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
        _event(case, "deadline", actor, details={"deadline_id": deadline.id, "done": True})
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


def request_ids(case: Case) -> list[int]:
    provider = REQUEST_IDS_PROVIDER
    return list(provider(case.id)) if provider is not None else []


def is_overdue(case: Case, on: date | None = None) -> bool:
    on = on or today()
    return bool(case.due_date and case.due_date < on and workflow.is_open(case.status))


# ---------------------------------------------------------------------------------------------
# Lists


#: sort key -> the column it orders by (a leading "-" in the request means descending).
SORT_COLUMNS: dict[str, Any] = {
    "updated": Case.updated_at,
    "created": Case.created_at,
    "due": Case.due_date,
    "status": Case.status,
    "country": Case.counterpart_state,
    "reference": Case.reference,
    "id": Case.id,
}
DEFAULT_SORT = "-updated"
NULLABLE_SORTS = frozenset({"due", "reference"})


@dataclass
class CaseFilters:
    status: str | None = None
    direction: str | None = None
    country: str | None = None
    kind: str | None = None
    assigned_to: int | None = None
    overdue: bool | None = None
    q: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = 25


@dataclass
class CaseListPage:
    items: list[Case]
    page: int
    per_page: int
    has_next: bool
    total: int | None = None
    member_ids: set[int] = field(default_factory=set)


def validate_filters(filters: CaseFilters) -> dict[str, str]:
    errors: dict[str, str] = {}
    if filters.status and filters.status not in workflow.STATUSES:
        errors["status"] = "unknown status"
    if filters.direction and filters.direction not in DIRECTIONS:
        errors["direction"] = "outgoing or incoming"
    if filters.kind and filters.kind not in CASE_KINDS:
        errors["kind"] = "unknown kind"
    if filters.country and not re.fullmatch(r"[A-Za-z]{3}", filters.country):
        errors["country"] = "an ISO 3166-1 alpha-3 code"
    if filters.sort.lstrip("-") not in SORT_COLUMNS:
        errors["sort"] = f"one of {', '.join(SORT_COLUMNS)}"
    if filters.page < 1:
        errors["page"] = "from 1"
    if not 1 <= filters.per_page <= 200:
        errors["per_page"] = "between 1 and 200"
    return errors


def overdue_clause(on: date) -> Any:
    open_deadline = exists().where(
        Deadline.case_id == Case.id, Deadline.done.is_(False), Deadline.due_on < on
    )
    return and_(
        Case.status.not_in(workflow.FINISHED_STATUSES),
        or_(Case.due_date < on, open_deadline),
    )


def case_query(user: User, filters: CaseFilters, on: date | None = None) -> Select[Any]:
    query = select(Case).where(accessible_clause(user))
    if filters.status:
        query = query.where(Case.status == filters.status)
    if filters.direction:
        query = query.where(Case.direction == filters.direction)
    if filters.kind:
        query = query.where(Case.kind == filters.kind)
    if filters.country:
        query = query.where(Case.counterpart_state == filters.country.upper())
    if filters.assigned_to is not None:
        query = query.where(Case.assigned_to == filters.assigned_to)
    if filters.overdue:
        query = query.where(overdue_clause(on or today()))
    elif filters.overdue is False:
        query = query.where(~overdue_clause(on or today()))
    if filters.q and filters.q.strip():
        needle = f"%{filters.q.strip().lower()}%"
        # Confidential titles are searchable by members only, so a search cannot reveal them.
        members = select(CaseMember.case_id).where(CaseMember.user_id == user.id)
        title_match = and_(
            func.lower(Case.title).like(needle),
            or_(Case.confidential.is_(False), Case.id.in_(members)),
        )
        query = query.where(or_(title_match, func.lower(Case.reference).like(needle)))
    return query


def list_cases(
    user: User, filters: CaseFilters, *, with_total: bool = False, on: date | None = None
) -> CaseListPage:
    """One page of the cases the user may see; `has_next` without counting the whole set."""
    errors = validate_filters(filters)
    if errors:
        raise CaseError("invalid filters", errors)
    query = case_query(user, filters, on)
    total = None
    if with_total:
        total = db.session.execute(
            select(func.count()).select_from(query.order_by(None).subquery())
        ).scalar_one()
    column = SORT_COLUMNS[filters.sort.lstrip("-")]
    descending = filters.sort.startswith("-")
    direction = column.desc() if descending else column.asc()
    # cases with no due date (or reference) come after the others, both ways and on both databases
    order = [direction.nulls_last() if filters.sort.lstrip("-") in NULLABLE_SORTS else direction]
    if column is not Case.id:
        order.append(Case.id.desc() if descending else Case.id.asc())
    rows = list(
        db.session.execute(
            query.order_by(*order)
            .limit(filters.per_page + 1)
            .offset((filters.page - 1) * filters.per_page)
        ).scalars()
    )
    items = rows[: filters.per_page]
    return CaseListPage(
        items=items,
        page=filters.page,
        per_page=filters.per_page,
        has_next=len(rows) > filters.per_page,
        total=total,
        member_ids=member_case_ids(user, (c.id for c in items)),
    )


def users_by_id(ids: Iterable[int | None]) -> dict[int, User]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u for u in db.session.execute(select(User).where(User.id.in_(wanted))).scalars()}


def assignable_users(case: Case) -> list[User]:
    """People a case can be given to: active prosecutors and caseworkers of its authority."""
    query = select(User).where(
        User.active.is_(True), User.role.in_(ASSIGNABLE_ROLES), holding_authority_clause(case)
    )
    return list(db.session.execute(query.order_by(User.display_name, User.email)).scalars())
