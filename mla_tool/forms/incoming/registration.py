"""Registering an incoming request by hand: the incoming case, the request as received (its
sender, legal basis, language, measures, persons and offences), its executing authority and
assignee, its due date, and the received documents sealed into the vault, all in one change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from ...audit.service import record as audit_record
from ...auth.models import User
from ...cases.correspondence import record_correspondence
from ...cases.dates import today
from ...cases.errors import CaseError
from ...cases.membership import assign, colleague_or_refuse
from ...cases.models import Case
from ...cases.opening import open_case
from ...directory.models import Authority, Instrument
from ...extensions import db
from ...i18n import N_, Phrase
from ...vault.received_files import store_sealed
from ..errors import RequestError
from ..kinds import request_kind
from ..models import MlaRequest
from ..received import receive_request
from ..request_document import validate_document
from .due_dates import default_due_date
from .schema import IncomingRegistration


@dataclass
class Registered:
    """What one registration wrote: the case, its request and the received documents."""

    case: Case
    request: MlaRequest
    attachments: list[Any]


def parse_registration(raw: Any) -> IncomingRegistration:
    """The registration as the schema reads it, or RequestError naming every bad field."""
    try:
        return IncomingRegistration.model_validate(raw if isinstance(raw, dict) else {})
    except ValidationError as error:
        fields = {
            ".".join(str(part) for part in item["loc"]) or "body": item["msg"]
            for item in error.errors()
        }
        raise RequestError(N_("the incoming request could not be registered"), fields) from error


def _authority(authority_id: int | None, country: str | None) -> Authority | None:
    """The directory entry, if it exists, is in use and belongs to `country`."""
    if authority_id is None:
        return None
    authority = db.session.get(Authority, authority_id)
    if authority is None or authority.retired or authority.country_iso3 != country:
        return None
    return authority


def _checked(body: IncomingRegistration, actor: User) -> tuple[Authority, Authority | None]:
    """The sending and executing authorities, once every reference the body makes holds."""
    errors: dict[str, str] = {}
    sender = _authority(body.requesting_authority_id, body.requesting_state)
    if sender is None:
        errors["requesting_authority_id"] = N_("no directory entry of the requesting state")
    executing = _authority(body.executing_authority_id, actor.country_iso3)
    if body.executing_authority_id is not None and executing is None:
        errors["executing_authority_id"] = N_("no directory entry of your own state")
    known = set(
        db.session.execute(
            select(Instrument.code).where(Instrument.code.in_(body.legal_basis))
        ).scalars()
    )
    unknown = [code for code in body.legal_basis if code not in known]
    if unknown:
        errors["legal_basis"] = f"unknown instruments: {', '.join(unknown)}"
    allowed = request_kind(body.kind).measure_codes
    wrong = [m.type for m in body.measures if m.type not in allowed]
    if wrong:
        errors["measures"] = f"not measures of this kind: {', '.join(wrong)}"
    if errors:
        raise RequestError(N_("the incoming request could not be registered"), errors)
    assert sender is not None
    return sender, executing


def _document(
    body: IncomingRegistration, actor: User, sender: Authority, executing: Authority | None
) -> dict[str, Any]:
    """The request document as received, validated like every other."""
    side = {
        "name": sender.name,
        "address": sender.address or None,
        "email": sender.email or None,
        "phone": sender.phone or None,
    }
    raw: dict[str, Any] = {
        "kind": body.kind,
        "requesting_state": body.requesting_state,
        "requested_state": actor.country_iso3,
        "requesting_authority": {k: v for k, v in side.items() if v},
        "subject": body.title,
        "reference": body.reference,
        "language": body.language,
        "legal_basis": body.legal_basis or None,
        "measures": [m.model_dump(exclude_none=True) for m in body.measures] or None,
        "persons": [p.model_dump(exclude_none=True) for p in body.persons] or None,
        "offences": [o.model_dump(exclude_none=True) for o in body.offences] or None,
        "requested_authority": executing.id if executing is not None else None,
        "confidential": {"is_confidential": True} if body.confidential else None,
    }
    return validate_document({k: v for k, v in raw.items() if v is not None})


def register_incoming(actor: User, body: IncomingRegistration, documents: list[Any]) -> Registered:
    """Open the incoming case with its request, assignee, due date and documents (no commit).

    `documents` are files encrypted as they arrived (vault upload parts). Nothing is kept
    unless everything is: the caller commits, or rolls back and discards the documents.
    """
    if not actor.may("case.register_incoming"):
        raise RequestError(
            N_("only a central-authority caseworker registers incoming requests"), status=403
        )
    sender, executing = _checked(body, actor)
    document = _document(body, actor, sender, executing)
    received_on = body.received_on or today()
    try:
        case = open_case(
            direction="incoming",
            kind=body.kind,
            counterpart_state=body.requesting_state,
            title=body.title,
            actor=actor,
            reference=body.reference,
            due_date=body.due_date or default_due_date(body.kind, received_on),
            confidential=body.confidential,
        )
        record_correspondence(
            case,
            actor,
            way="received",
            channel=body.channel,
            on=received_on,
            summary=Phrase(N_("Request received and registered.")),
        )
        if body.assigned_to is not None:
            assign(case, colleague_or_refuse(case, body.assigned_to, "assigned_to"), actor)
    except CaseError as error:
        raise RequestError(error.message, error.fields, error.status) from error
    request = receive_request(
        case.id,
        actor,
        document,
        Phrase(N_("registered as received on %(date)s"), date=str(received_on)),
    )
    attachments = [
        store_sealed(
            case,
            actor,
            incoming,
            custody_detail="received with the request, at its registration",
            details={"registration": True},
        )
        for incoming in documents
    ]
    audit_record(
        "request.register_incoming",
        "request",
        request.id,
        {
            "case_id": case.id,
            "requesting_authority_id": sender.id,
            "executing_authority_id": executing.id if executing else None,
            "documents": [a.sha256 for a in attachments],
        },
        actor=actor,
    )
    db.session.flush()
    return Registered(case, request, attachments)
