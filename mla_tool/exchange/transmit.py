"""Transmitting an outgoing request: the package of an approved case, sealed for its recipient."""

from __future__ import annotations

from typing import Any

from ..audit.service import record as audit_record
from ..auth.models import User
from ..cases.dates import today
from ..cases.errors import CaseError, TransitionError
from ..cases.models import Case
from ..cases.timeline import add_event
from ..cases.transmission import record_transmission
from ..directory.models import Authority
from ..extensions import db
from ..forms.documents import DOCUMENT_LANGUAGES, is_draft, render_pdf
from ..forms.fieldspec import N_
from ..forms.listing import requests_of_case
from ..forms.models import MlaRequest
from ..forms.request_document import document_of
from ..i18n import Phrase
from ..vault.service import (
    get_attachment,
    read_plaintext,
)
from . import crypto
from .identity import data_dir, now_iso, own_identity
from .models import ExchangePackage
from .package import MANIFEST_FORMAT, PackageFile, encode_payload, seal_to, write_outbox
from .refusals import REFUSALS, ExchangeError
from .trust import KeyStatus, authorities_with_keys, key_status

#: Outgoing-case statuses from which a request may be transmitted (again).
TRANSMITTABLE_STATUSES: frozenset[str] = frozenset({"approved", "transmitted"})


def _requests_of(case: Case) -> list[MlaRequest]:
    return requests_of_case(case.id)


def recipient_choices(case: Case) -> list[tuple[Authority, KeyStatus]]:
    """Authorities of the counterpart state with a key, the request's addressee first."""
    requested = {r.requested_authority_id for r in _requests_of(case)}
    rows = [
        (a, key_status(a))
        for a in authorities_with_keys()
        if a.country_iso3 == case.counterpart_state or a.id in requested
    ]
    return sorted(rows, key=lambda row: (row[0].id not in requested, row[0].name))


def default_languages(case: Case) -> list[str]:
    languages = [r.language for r in _requests_of(case) if r.language in DOCUMENT_LANGUAGES]
    return list(dict.fromkeys(languages)) or ["en"]


def transmittable(case: Case) -> bool:
    """An approved (or already sent) outgoing case that holds a request to seal."""
    return (
        case.direction == "outgoing"
        and case.status in TRANSMITTABLE_STATUSES
        and bool(_requests_of(case))
    )


def transmit_case(
    case: Case,
    actor: User,
    *,
    recipient_id: int | None = None,
    languages: list[str] | None = None,
    attachment_ids: list[int] | None = None,
    note: str | None = None,
) -> ExchangePackage:
    """Build, seal and keep the package of an approved outgoing case; the case records it.

    The caller has checked permission and case access; the caller commits. The sealed file
    is written before the commit and removed again when the transaction fails.
    """
    requests = _requests_to_transmit(case)
    authority, status = _verified_recipient(requests, recipient_id)
    languages = _document_languages(case, languages)
    identity = own_identity()
    package_id = crypto.random_package_id()
    manifest_requests, files = _request_documents(requests, languages)
    chosen, attachment_files = _attachment_files(case, attachment_ids)
    files.extend(attachment_files)
    manifest = {
        "format": MANIFEST_FORMAT,
        "type": "request",
        "package_id": package_id,
        "created_at": now_iso(),
        "sender": _sender_entry(case, actor, requests[0], identity.public.fingerprint),
        "recipient": {
            "fingerprint": status.fingerprint,
            "country": authority.country_iso3,
            "name": authority.name,
            "directory_id": authority.id,
        },
        "case": _case_entry(case),
        "requests": manifest_requests,
    }
    assert status.bundle is not None  # checked by _verified_recipient
    payload = encode_payload(manifest, files)
    sealed, digest = seal_to(status.bundle, payload, {"type": "request", "package_id": package_id})
    storage = write_outbox(package_id, sealed)
    try:
        summary = {
            "recipient": authority.name,
            "files": [item.entry() for item in files],
            "languages": languages,
            "request_ids": [r.id for r in requests],
            "attachment_ids": [a.id for a in chosen],
            "size": len(sealed),
        }
        package = ExchangePackage(
            package_id=package_id,
            direction="sent",
            type="request",
            digest=digest,
            case_id=case.id,
            authority_id=authority.id,
            counterpart_fingerprint=status.fingerprint,
            summary=summary,
            storage_path=storage,
            actor_id=actor.id,
        )
        db.session.add(package)
        db.session.flush()
        _record_sending(case, actor, package, authority, files, note)
        db.session.flush()
    except BaseException:
        (data_dir() / storage).unlink(missing_ok=True)
        raise
    return package


def _requests_to_transmit(case: Case) -> list[MlaRequest]:
    """The case's requests, when it is an approved (or sent) outgoing case that holds some."""
    if case.direction != "outgoing" or case.status not in TRANSMITTABLE_STATUSES:
        raise ExchangeError(
            "invalid",
            "only an approved outgoing case can be transmitted",
            {"status": case.status},
        )
    requests = _requests_of(case)
    if not requests:
        raise ExchangeError(
            "invalid", "the case holds no request to transmit", {"requests": "none"}
        )
    return requests


def _verified_recipient(
    requests: list[MlaRequest], recipient_id: int | None
) -> tuple[Authority, KeyStatus]:
    """The chosen authority (else the first request's addressee) and its verified key."""
    if recipient_id is None:
        recipient_id = next(
            (r.requested_authority_id for r in requests if r.requested_authority_id), None
        )
    authority = db.session.get(Authority, recipient_id) if recipient_id else None
    if authority is None or authority.retired:
        raise ExchangeError("invalid", "choose the authority to send to", {"recipient": "required"})
    status = key_status(authority)
    if status.state != "verified" or status.bundle is None:
        code = {"revoked": "revoked_key", "expired": "expired_key"}.get(
            status.state, "unverified_key"
        )
        raise ExchangeError(
            code,
            "the recipient's key is not verified: record its fingerprint verification first"
            if code == "unverified_key"
            else REFUSALS[code],
            {"recipient": status.state},
        )
    return authority, status


def _document_languages(case: Case, languages: list[str] | None) -> list[str]:
    """The languages the documents are printed in (the requests' own by default)."""
    languages = [lang for lang in (languages or default_languages(case)) if lang]
    bad = [lang for lang in languages if lang not in DOCUMENT_LANGUAGES]
    if bad or not languages:
        raise ExchangeError("invalid", "unknown document language", {"languages": ", ".join(bad)})
    return languages


def _request_documents(
    requests: list[MlaRequest], languages: list[str]
) -> tuple[list[dict[str, Any]], list[PackageFile]]:
    """Each request's data for the manifest and its PDF in every language."""
    manifest_requests: list[dict[str, Any]] = []
    files: list[PackageFile] = []
    for request in requests:
        document = document_of(request)
        manifest_requests.append(
            {
                "id": request.id,
                "kind": request.kind,
                "language": request.language,
                "reference": request.reference,
                "version": request.version,
                "document": document,
            }
        )
        for language in dict.fromkeys(languages):
            files.append(
                PackageFile(
                    name=f"request-{request.id}-{language}.pdf",
                    content=render_pdf(request.id, document, language, is_draft(request.status)),
                    role="request_document",
                    content_type="application/pdf",
                    request_id=request.id,
                    language=language,
                )
            )
    return manifest_requests, files


def _attachment_files(
    case: Case, attachment_ids: list[int] | None
) -> tuple[list[Any], list[PackageFile]]:
    """The chosen attachments of the case, decrypted from the vault into package files."""
    chosen = []
    files: list[PackageFile] = []
    for attachment_id in dict.fromkeys(attachment_ids or []):
        try:
            attachment = get_attachment(case, attachment_id)
        except Exception as error:
            raise ExchangeError(
                "invalid", "no such attachment on this case", {"attachments": str(attachment_id)}
            ) from error
        chosen.append(attachment)
        files.append(
            PackageFile(
                name=attachment.filename,
                content=read_plaintext(attachment),
                role="attachment",
                content_type=attachment.content_type,
            )
        )
    return chosen, files


def _sender_entry(case: Case, actor: User, first: MlaRequest, fingerprint: str) -> dict[str, Any]:
    return {
        "fingerprint": fingerprint,
        "country": first.requesting_state or actor.country_iso3,
        "authority": dict((first.data or {}).get("requesting_authority") or {}),
        "case_id": case.id,
    }


def _case_entry(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "kind": case.kind,
        "title": case.title,
        "confidential": bool(case.confidential),
        "due_date": case.due_date.isoformat() if case.due_date else None,
    }


def _record_sending(
    case: Case,
    actor: User,
    package: ExchangePackage,
    authority: Authority,
    files: list[PackageFile],
    note: str | None,
) -> None:
    """The case event, the move to transmitted (from approved) and the audit entry."""
    package_id, digest = package.package_id, package.digest
    add_event(
        case,
        "exchange",
        actor,
        note=(note or "").strip() or None,
        details={
            "action": "sent",
            "package_id": package_id,
            "digest": digest,
            "recipient": authority.name,
            "recipient_id": authority.id,
            "recipient_fingerprint": package.counterpart_fingerprint,
            "files": [f"{item.name} ({item.entry()['sha256'][:12]}…)" for item in files],
        },
    )
    try:
        record_transmission(
            case,
            actor,
            sent_on=today(),
            channel="secure_exchange",
            reference=package_id,
            documents=[item.entry() for item in files],
            request_ids=sorted({item.request_id for item in files if item.request_id}),
            note=(note or "").strip()
            or Phrase(
                N_("secure exchange package %(package)s to %(recipient)s"),
                package=package_id,
                recipient=authority.name,
            ),
            package_id=package_id,
        )
    except CaseError as error:
        role = isinstance(error, TransitionError) or error.status == 403
        code = "role_not_allowed" if role else "invalid"
        raise ExchangeError(code, error.message, error.fields) from error
    audit_record(
        "exchange.send",
        "case",
        case.id,
        {
            "package_id": package_id,
            "digest": digest,
            "recipient_id": authority.id,
            "recipient_fingerprint": package.counterpart_fingerprint,
            "files": len(files),
        },
        actor=actor,
    )
