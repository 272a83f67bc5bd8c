"""Signing a request's document: render it, sign it, keep the signed file in the case's vault,
and record who signed, when, and with which certificate. Views and API call only this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..audit import service as audit
from ..cases.models import Case
from ..cases.timeline import add_event
from ..errors import DomainError
from ..extensions import db
from ..forms import documents
from ..forms.models import MlaRequest
from ..forms.request_document import document_of
from ..i18n import N_, Phrase
from ..vault.received_files import store_bytes
from . import stamp
from .config import Signer, SigningNotConfigured, load_signer

#: Request statuses whose document may be signed: those that print without the draft marking.
SIGNABLE_STATUSES = documents.FINAL_STATUSES

#: Why a request cannot be signed yet, by its status: the status in words of the sentence (never
#: its code); a status not listed here gets the plain rule.
NOT_SIGNABLE_BECAUSE = {
    "draft": N_(
        "Only an approved or transmitted request can be signed; this one is still a draft."
    ),
    "submitted": N_(
        "Only an approved or transmitted request can be signed; this one is awaiting review."
    ),
    "returned": N_(
        "Only an approved or transmitted request can be signed;"
        " this one was returned for correction."
    ),
    "withdrawn": N_(
        "Only an approved or transmitted request can be signed; this one was withdrawn."
    ),
}
NOT_SIGNABLE = N_("Only an approved or transmitted request can be signed.")
NO_CASE = N_("This request is not filed in a case, so the signed file could not be kept.")
CHANGED = N_("The request changed while it was being signed; sign it again.")
SIGNED_NOTE = N_(
    "Request #%(request)s signed (%(language)s) by %(signer)s at %(at)s UTC;"
    " certificate SHA-256 %(fingerprint)s"
)


class SigningError(DomainError):
    """A refused signature: HTTP status, code, and the text a user reads."""

    def __init__(self, status: int, code: str, text: Phrase) -> None:
        super().__init__(status, code, text)
        self.text = text


@dataclass(frozen=True)
class SignedDocument:
    pdf: bytes
    filename: str
    attachment_id: int
    case_id: int
    signer_name: str
    fingerprint: str
    signed_at: datetime


def signable(item: MlaRequest) -> bool:
    return item.status in SIGNABLE_STATUSES


def _check(item: MlaRequest) -> None:
    if not signable(item):
        because = NOT_SIGNABLE_BECAUSE.get(item.status, NOT_SIGNABLE)
        raise SigningError(409, "conflict", Phrase(because))
    if item.case_id is None:
        raise SigningError(409, "conflict", Phrase(NO_CASE))


def sign_request(item: MlaRequest, user: Any, language: str) -> SignedDocument:
    """Sign the request's document in `language` and keep the signed file (commits).

    The signer is loaded first (SigningNotConfigured: nothing is stored), the document is
    rendered and signed outside any transaction, then the file, its timeline entry and the
    audit entry are written together."""
    _check(item)
    signer = load_signer()
    request_id, version, case_id = item.id, item.version, item.case_id
    data = document_of(item)
    context = documents.document_context(request_id, data, language, draft=False)
    db.session.commit()  # all is read: render and sign holding no transaction
    pdf = documents.html_to_pdf(documents.html_from_context(data, context, language))
    signed_at = datetime.now(UTC).replace(microsecond=0)
    face = stamp.stamp_pdf(signer.name, signed_at, language)
    rtl = language in stamp.RTL_LANGUAGES
    description = stamp.stamp_description(signer.name, language)
    from . import pades  # pyhanko's signers: imported at the first signature, not at start-up

    signed = pades.sign_pdf(pdf, signer, face, stamp.STAMP_SIZE, rtl=rtl, description=description)
    filename = f"request-{request_id}-{language}-signed.pdf"
    attachment_id = _keep(request_id, version, case_id, user, signer, signed_at, language, signed)
    return SignedDocument(
        pdf=signed,
        filename=filename,
        attachment_id=attachment_id,
        case_id=case_id,
        signer_name=signer.name,
        fingerprint=signer.fingerprint,
        signed_at=signed_at,
    )


def _keep(
    request_id: int,
    version: int,
    case_id: int,
    user: Any,
    signer: Signer,
    signed_at: datetime,
    language: str,
    signed: bytes,
) -> int:
    """Store the signed file in the case's vault and record the signature, in one commit."""
    created: list[Any] = []
    try:
        item = db.session.get(MlaRequest, request_id)
        if item is None or item.version != version or item.case_id != case_id:
            raise SigningError(409, "conflict", Phrase(CHANGED))
        _check(item)
        case = db.session.get(Case, case_id)
        if case is None:
            raise SigningError(409, "conflict", Phrase(NO_CASE))
        record = {
            "request_id": request_id,
            "version": version,
            "language": language,
            "signer": signer.name,
            "signed_at": signed_at.isoformat().replace("+00:00", "Z"),
            "certificate_sha256": signer.fingerprint,
        }
        attachment = store_bytes(
            case,
            user,
            f"request-{request_id}-{language}-signed.pdf",
            signed,
            created,
            custody_detail=f"signed PDF of request #{request_id} ({signer.fingerprint[:16]}…)",
            details={"signed_request": request_id},
        )
        record["attachment_id"] = attachment.id
        note = Phrase(
            SIGNED_NOTE,
            request=request_id,
            language=language,
            signer=signer.name,
            at=signed_at.strftime("%Y-%m-%d %H:%M:%S"),
            fingerprint=signer.fingerprint,
        )
        add_event(case, "signature", user, note=note, details=record)
        audit.record("request.sign", "request", request_id, record, actor=user)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for incoming in created:
            incoming.discard()
        raise
    for incoming in created:
        incoming.close()
    return int(record["attachment_id"])


__all__ = [
    "SIGNABLE_STATUSES",
    "SignedDocument",
    "SigningError",
    "SigningNotConfigured",
    "sign_request",
    "signable",
]
