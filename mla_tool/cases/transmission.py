"""Transmissions of a case's requests and their acknowledgement of receipt: one service that the
case page, the API and the secure exchange all record through."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..errors import NotFoundError
from ..extensions import db
from ..i18n import N_, Phrase
from .access import can_access
from .dates import parse_date, today
from .deadlines import add_deadline
from .errors import CaseError
from .models import Case, Deadline
from .timeline import add_event
from .transitions import transition
from .transmission_models import TRANSMISSION_CHANNELS, Transmission

#: Outgoing-case statuses from which a request may go to the requested state: the first sending
#: (approved, which moves the case to transmitted) and later ones (a follow-up, a new version).
TRANSMITTABLE_STATUSES: frozenset[str] = frozenset(
    {"approved", "transmitted", "in_execution", "info_requested", "partially_executed"}
)
#: Moves made by recording what they are, not by the case page's plain status buttons.
MOVES_WITH_OWN_FORM: frozenset[str] = frozenset({"transmitted"})
#: The status whose sending moves the case to transmitted.
FIRST_SENDING_STATUS = "approved"
#: Channels a person records by hand; the secure exchange records its own sendings.
MANUAL_CHANNELS: tuple[str, ...] = tuple(c for c in TRANSMISSION_CHANNELS if c != "secure_exchange")
#: Who records a transmission or its acknowledgement: the central authority.
TRANSMITTER_ROLES = frozenset({"caseworker"})
#: The setting: days after a transmission without acknowledgement before a reminder.
ACK_DAYS_SETTING = "MLA_ACK_REMINDER_DAYS"
DEFAULT_ACK_DAYS = 30
ACK_DEADLINE_KIND = "acknowledgement"
MAX_REFERENCE = 120
MAX_DOCUMENTS = 200
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
DOCUMENT_ROLES = frozenset({"request_document", "attachment"})


def ack_reminder_days() -> int:
    """Days to wait for an acknowledgement of receipt before reminding (0: no reminder)."""
    return max(0, int(current_app.config.get(ACK_DAYS_SETTING, DEFAULT_ACK_DAYS)))


def _one_line(text: str | None) -> str:
    return (text or "").strip()


def _bad_line(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def _check_reference(value: str | None, name: str, errors: dict[str, str], required: bool) -> str:
    text = _one_line(value)
    if not text and required:
        errors[name] = N_("required")
    elif len(text) > MAX_REFERENCE:
        errors[name] = N_("at most 120 characters")
    elif _bad_line(text):
        errors[name] = N_("one line of text, without control characters")
    return text


def _check_date(
    value: Any, name: str, errors: dict[str, str], earliest: date | None
) -> date | None:
    if value in (None, ""):
        errors[name] = N_("required")
        return None
    when = parse_date(value, name, errors)
    if when is None:
        return None
    if when > today():
        errors[name] = N_("not in the future")
        return None
    if earliest is not None and when < earliest:
        errors[name] = Phrase(N_("not before %(date)s"), date=earliest.isoformat())
        return None
    return when


def clean_documents(
    documents: list[dict[str, Any]], errors: dict[str, str]
) -> list[dict[str, Any]]:
    """The documents that went, each with its name and SHA-256 digest (what the record keeps)."""
    kept: list[dict[str, Any]] = []
    for item in documents or []:
        name = _one_line(str(item.get("name") or ""))
        digest = str(item.get("sha256") or "").lower()
        if not name or len(name) > 255 or not _SHA256.match(digest):
            errors["documents"] = N_("each document needs its name and SHA-256 digest")
            return []
        role = item.get("role") if item.get("role") in DOCUMENT_ROLES else "attachment"
        entry = {"name": name, "sha256": digest, "role": role}
        for key in ("size", "request_id", "version", "attachment_id"):
            if isinstance(item.get(key), int) and not isinstance(item.get(key), bool):
                entry[key] = item[key]
        if isinstance(item.get("language"), str):
            entry["language"] = item["language"][:8]
        kept.append(entry)
    if not kept and "documents" not in errors:
        errors["documents"] = N_("choose at least one document that went")
    elif len(kept) > MAX_DOCUMENTS:
        errors["documents"] = N_("too many documents")
    return kept


def _may_transmit(case: Case, actor: User) -> None:
    if not can_access(actor, case):
        raise NotFoundError()
    if actor.role not in TRANSMITTER_ROLES:
        raise CaseError(
            N_("only the central authority records a transmission"),
            {"to": "role"},
            403,
            "forbidden",
        )


def check_transmission(
    case: Case,
    actor: User,
    *,
    sent_on: Any,
    channel: str,
    reference: str | None,
    documents: list[dict[str, Any]],
    note: str | None = None,
    package_id: str | None = None,
) -> tuple[date, str, list[dict[str, Any]]]:
    """What `record_transmission` checks before it writes: (date, reference, documents) as kept;
    CaseError (with messages by field) when anything is wrong."""
    _may_transmit(case, actor)
    errors: dict[str, str] = {}
    if case.direction != "outgoing" or case.status not in TRANSMITTABLE_STATUSES:
        raise CaseError(
            N_("only an approved outgoing case can be transmitted"),
            {"to": f"the case is {case.status}"},
            409,
            "illegal_transition",
        )
    when = _check_date(sent_on, "sent_on", errors, None)
    if channel not in TRANSMISSION_CHANNELS:
        errors["channel"] = f"one of {', '.join(TRANSMISSION_CHANNELS)}"
    elif channel == "secure_exchange" and package_id is None:
        errors["channel"] = N_("the secure exchange records its own transmissions")
    ref = _check_reference(reference, "reference", errors, required=True)
    kept = clean_documents(documents, errors)
    if len(_one_line(note if not isinstance(note, Phrase) else "")) > 5000:
        errors["note"] = N_("at most 5000 characters")
    if errors or when is None:
        raise CaseError(N_("the transmission could not be recorded"), errors)
    return when, ref, kept


def record_transmission(
    case: Case,
    actor: User,
    *,
    sent_on: Any,
    channel: str,
    reference: str | None,
    documents: list[dict[str, Any]],
    request_ids: list[int] | None = None,
    note: str | None = None,
    package_id: str | None = None,
) -> Transmission:
    """Record one sending of the case's request(s) and move an approved case to transmitted;
    everything is checked first, so a refusal changes nothing. The caller commits."""
    when, ref, kept = check_transmission(
        case,
        actor,
        sent_on=sent_on,
        channel=channel,
        reference=reference,
        documents=documents,
        note=note,
        package_id=package_id,
    )
    row = Transmission(
        case_id=case.id,
        sent_on=when,
        channel=channel,
        reference=ref,
        sent_by=actor.id,
        note=None if isinstance(note, Phrase) else (_one_line(note) or None),  # typed only
        documents=kept,
        request_ids=sorted(set(request_ids or [])),
        package_id=package_id,
    )
    db.session.add(row)
    db.session.flush()
    summary = {
        "transmission_id": row.id,
        "channel": channel,
        "reference": ref,
        "sent_on": when.isoformat(),
        "documents": len(kept),
    }
    if package_id:
        summary["package_id"] = package_id
    if case.status == FIRST_SENDING_STATUS:
        transition(case, "transmitted", actor, note=note, details=summary)
    else:
        add_event(case, "transmission", actor, note=note, details=summary)
    days = ack_reminder_days()
    if days:
        deadline = add_deadline(
            case,
            kind=ACK_DEADLINE_KIND,
            due_on=when + timedelta(days=days),
            label=Phrase(N_("Acknowledgement of receipt of %(reference)s"), reference=ref[:80]),
            remind_days=[],
            actor=actor,
        )
        row.ack_deadline_id = deadline.id
    audit_record(
        "case.transmission",
        "case",
        case.id,
        {**summary, "digests": [d["sha256"] for d in kept]},
        actor=actor,
    )
    db.session.flush()
    return row


def transmissions_of(case: Case) -> list[Transmission]:
    return list(
        db.session.execute(
            select(Transmission)
            .where(Transmission.case_id == case.id)
            .order_by(Transmission.sent_on, Transmission.id)
        ).scalars()
    )


def transmission_of(case: Case, transmission_id: int) -> Transmission:
    row = db.session.get(Transmission, transmission_id)
    if row is None or row.case_id != case.id:
        raise NotFoundError()
    return row


def record_acknowledgement(
    case: Case,
    actor: User,
    transmission_id: int,
    *,
    on: Any,
    reference: str | None = None,
) -> Transmission:
    """The requested state acknowledged receipt on `on` under `reference`; its reminder stops.
    The caller commits."""
    _may_transmit(case, actor)
    row = transmission_of(case, transmission_id)
    if row.acknowledged_on is not None:
        raise CaseError(
            N_("this transmission's acknowledgement is already recorded"),
            {"acknowledged_on": row.acknowledged_on.isoformat()},
            409,
            "already_acknowledged",
        )
    errors: dict[str, str] = {}
    when = _check_date(on, "acknowledged_on", errors, row.sent_on)
    ref = _check_reference(reference, "reference", errors, required=False)
    if errors:
        raise CaseError(N_("the acknowledgement could not be recorded"), errors)
    row.acknowledged_on = when
    row.ack_reference = ref or None
    row.ack_recorded_by = actor.id
    row.ack_recorded_at = utcnow()
    if row.ack_deadline_id is not None:
        deadline = db.session.get(Deadline, row.ack_deadline_id)
        if deadline is not None:
            deadline.done = True
    assert when is not None
    details = {
        "transmission_id": row.id,
        "acknowledged_on": when.isoformat(),
        "reference": ref or None,
    }
    add_event(case, "acknowledgement", actor, details=details)
    audit_record("case.acknowledgement", "case", case.id, details, actor=actor)
    db.session.flush()
    return row


def waiting_for_acknowledgement(case: Case) -> list[Transmission]:
    return [t for t in transmissions_of(case) if t.acknowledged_on is None]


def transmission_dict(row: Transmission) -> dict[str, Any]:
    """A transmission as the API and the page give it."""
    return {
        "id": row.id,
        "case_id": row.case_id,
        "sent_on": row.sent_on.isoformat(),
        "channel": row.channel,
        "reference": row.reference,
        "sent_by": row.sent_by,
        "note": row.note,
        "documents": list(row.documents or []),
        "request_ids": list(row.request_ids or []),
        "package_id": row.package_id,
        "recorded_at": row.recorded_at,
        "acknowledged_on": row.acknowledged_on.isoformat() if row.acknowledged_on else None,
        "ack_reference": row.ack_reference,
        "ack_recorded_by": row.ack_recorded_by,
        "ack_recorded_at": row.ack_recorded_at,
    }
