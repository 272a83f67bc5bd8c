"""Contacts about a case, kept in its timeline: letters, consultations, requests for information."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..auth.models import User
from ..i18n import N_, Phrase
from ..request_kinds import EXTRADITION_FAMILY, kind_facts
from .dates import parse_date
from .deadlines import add_deadline
from .errors import CaseError
from .milestones import note_received
from .models import Case, CaseEvent
from .timeline import add_event

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
#: The consultation article a family of kinds calls for, where it is not art. 18(26) (before
#: refusing or postponing assistance): art. 16(16) before refusing extradition.
CONSULTATION_BASIS_OF_FAMILY: dict[str, str] = {EXTRADITION_FAMILY: "untoc_16_16"}
DEFAULT_CONSULTATION_BASIS = "untoc_18_26"


def usual_consultation_basis(kind: str) -> str:
    """The article a consultation on a case of this kind usually rests on (offered first)."""
    family = kind_facts(kind).family
    return CONSULTATION_BASIS_OF_FAMILY.get(family, DEFAULT_CONSULTATION_BASIS)


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
    when = parse_date(on, "on", errors)
    if not summary or not summary.strip():
        errors["summary"] = N_("a summary is required")
    if errors:
        raise CaseError(N_("the correspondence could not be recorded"), errors)
    details: dict[str, Any] = {"way": way, "channel": channel, "on": when.isoformat()}  # type: ignore[union-attr]
    if attachment_id is not None:
        details["attachment_id"] = attachment_id
    if way == "received":
        note_received(case, when)  # type: ignore[arg-type]
    return add_event(case, "correspondence", actor, note=summary, details=details)


def record_consultation(
    case: Case, actor: User, *, basis: str, with_whom: str, on: date | str, summary: str
) -> CaseEvent:
    """A consultation with the other state (e.g. before refusing or postponing, art. 18(26))."""
    errors: dict[str, str] = {}
    if basis not in CONSULTATION_BASES:
        errors["basis"] = f"one of {', '.join(CONSULTATION_BASES)}"
    when = parse_date(on, "on", errors)
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
    when = parse_date(on, "on", errors)
    reply = parse_date(respond_by, "respond_by", errors) if respond_by else None
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
