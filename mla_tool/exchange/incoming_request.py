"""An incoming request package stored: a new incoming case, its requests and files in the vault."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..audit.service import record as audit_record
from ..auth.models import User
from ..cases.errors import CaseError
from ..cases.models import Case
from ..cases.opening import open_case
from ..cases.timeline import add_event
from ..directory.models import Authority
from ..extensions import db
from ..forms.fieldspec import N_
from ..forms.received import receive_request
from ..forms.request_document import validate_document
from ..i18n import Phrase
from ..vault.received_files import store_bytes
from .models import ExchangePackage
from .refusals import ExchangeError
from .trust import KeyStatus


def import_request(
    manifest: dict[str, Any],
    files: list[tuple[dict[str, Any], bytes]],
    authority: Authority,
    status: KeyStatus,
    digest: str,
    actor: User,
    created: list[Any],
) -> tuple[Case, ExchangePackage, list[Any]]:
    """Open the incoming case with its requests and files: the case, package row and files."""
    if not actor.may("case.register_incoming"):
        raise ExchangeError("not_allowed")
    case_info = manifest.get("case") or {}
    requests = manifest.get("requests") or []
    if not requests or not isinstance(requests, list):
        raise ExchangeError("malformed", "the package holds no request")
    documents = []
    for item in requests:
        document = dict((item or {}).get("document") or {})
        # The sender's directory ids mean nothing here: the addressee is this installation.
        document.pop("requested_authority", None)
        try:
            documents.append((item, validate_document(document)))
        except Exception as error:
            raise ExchangeError("malformed", f"the request data is not valid: {error}") from error
    first = documents[0][1]
    # The other state is the one whose verified key signed the package, not what it declares.
    counterpart = authority.country_iso3
    respond_by = (first.get("urgent") or {}).get("respond_by") or case_info.get("due_date")
    try:
        due_date = date.fromisoformat(str(respond_by)) if respond_by else None
    except ValueError:
        due_date = None
    try:
        case = open_case(
            direction="incoming",
            kind=str(case_info.get("kind") or first["kind"]),
            counterpart_state=str(counterpart),
            title=str(case_info.get("title") or first.get("subject") or "Incoming request")[:300],
            actor=actor,
            reference=(str(case_info.get("reference") or first.get("reference") or "")[:120])
            or None,
            confidential=bool(case_info.get("confidential")),
            due_date=due_date,
        )
    except CaseError as error:
        raise ExchangeError(
            "malformed", f"the case could not be opened: {error.message}"
        ) from error
    package_id = manifest["package_id"]
    for _item, document in documents:
        receive_request(
            case.id,
            actor,
            document,
            Phrase(N_("received in package %(package)s"), package=str(package_id)[:150]),
        )
    stored = [
        store_bytes(
            case,
            actor,
            str(entry.get("name") or "file"),
            content,
            created,
            custody_detail=f"secure exchange package {package_id}",
            details={"package_id": package_id},
        )
        for entry, content in files
    ]
    package = ExchangePackage(
        package_id=package_id,
        direction="received",
        type="request",
        digest=digest,
        case_id=case.id,
        authority_id=authority.id,
        counterpart_fingerprint=status.fingerprint,
        summary={
            "sender": authority.name,
            "sender_case_id": (manifest.get("sender") or {}).get("case_id"),
            "created_at": manifest.get("created_at"),
            "files": [entry for entry, _ in files],
        },
        actor_id=actor.id,
    )
    db.session.add(package)
    db.session.flush()
    add_event(
        case,
        "exchange",
        actor,
        details={
            "action": "received",
            "package_id": package_id,
            "digest": digest,
            "sender": authority.name,
            "sender_id": authority.id,
            "sender_fingerprint": status.fingerprint,
            "created_at": manifest.get("created_at"),
            "files": [
                f"{entry.get('name')} ({str(entry.get('sha256'))[:12]}…)" for entry, _ in files
            ],
        },
    )
    audit_record(
        "exchange.import",
        "case",
        case.id,
        {
            "package_id": package_id,
            "digest": digest,
            "sender_id": authority.id,
            "sender_fingerprint": status.fingerprint,
            "type": "request",
            "files": len(files),
        },
        actor=actor,
    )
    db.session.flush()
    return case, package, stored
