"""The timeline of a case: its events (notes, letters, attachments…) in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..extensions import db
from ..i18n import N_, Phrase
from .errors import CaseError
from .models import Case, CaseEvent

#: Event types written through `add_event` by people or other modules (not transitions).
FREE_EVENT_TYPES: frozenset[str] = frozenset(
    {"note", "correspondence", "consultation", "info_request", "attachment", "deadline", "reminder"}
)

_EVENT_TYPE_PATTERN = re.compile(r"^[a-z_]{2,30}$")


def with_said(note: Any, details: dict[str, Any] | None) -> dict[str, Any]:
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


def new_event(
    case: Case,
    type_: str,
    actor: User | None,
    note: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> CaseEvent:
    """Add (not flush) a timeline entry as given: no check, no audit entry (the caller's)."""
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
    details = with_said(note, details)
    event = new_event(case, type, actor, note=(note or "").strip() or None, details=details)
    case.updated_at = utcnow()
    audit_record("case.event", "case", case.id, {"type": type}, actor=actor)
    db.session.flush()
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
