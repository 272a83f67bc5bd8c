"""What a transmission of a case sends: each chosen request's document as generated (PDF, in the
request's language; kept encrypted in the vault as the file that went) and the chosen attachments,
each with its SHA-256 digest; and recording it through the case tracker's service."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import event

from ..cases.errors import CaseError
from ..cases.models import Case
from ..cases.transmission import FIRST_SENDING_STATUS, check_transmission, record_transmission
from ..cases.transmission_models import Transmission
from ..extensions import db
from ..i18n import N_
from ..vault.received_files import store_bytes
from ..vault.service import get_attachment, list_attachments
from .access import case_of
from .documents import DOCUMENT_LANGUAGES, is_draft, render_pdf
from .errors import RequestError
from .listing import requests_of_case
from .models import MlaRequest
from .request_document import document_of
from .request_review import review_request

#: Request statuses whose document may go to the requested state.
SENDABLE_STATUSES = frozenset({"approved", "transmitted"})


def _language(request: MlaRequest) -> str:
    return request.language if request.language in DOCUMENT_LANGUAGES else "en"


def transmission_choices(case: Case) -> dict[str, list[dict[str, Any]]]:
    """The requests (approved ones chosen by default) and attachments a transmission may carry."""
    requests = [r for r in requests_of_case(case.id) if r.status in SENDABLE_STATUSES]
    return {
        "requests": [
            {
                "id": r.id,
                "kind": r.kind,
                "language": _language(r),
                "version": r.version,
                "status": r.status,
                "chosen": r.status == "approved",
            }
            for r in requests
        ],
        "attachments": [
            {"id": a.id, "filename": a.filename, "sha256": a.sha256, "size": a.size}
            for a in list_attachments(case)
        ],
    }


def transmission_documents(
    case: Case, request_ids: list[int] | None, attachment_ids: list[int] | None
) -> list[dict[str, Any]]:
    """The documents that go: each chosen request's PDF (all approved ones when none is chosen;
    its bytes in `content`) and each chosen attachment, with name, digest and size. Reads only."""
    sendable = {r.id: r for r in requests_of_case(case.id) if r.status in SENDABLE_STATUSES}
    if request_ids is None:
        chosen = [r for r in sendable.values() if r.status == "approved"]
    else:
        unknown = [str(i) for i in request_ids if i not in sendable]
        if unknown:
            raise CaseError(
                N_("choose requests of this case that are approved"),
                {"request_ids": ", ".join(unknown)},
            )
        chosen = [sendable[i] for i in dict.fromkeys(request_ids)]
    documents: list[dict[str, Any]] = []
    for request in chosen:
        language = _language(request)
        pdf = render_pdf(request.id, document_of(request), language, is_draft(request.status))
        documents.append(
            {
                "name": f"request-{request.id}-{language}.pdf",
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "size": len(pdf),
                "role": "request_document",
                "request_id": request.id,
                "version": request.version,
                "language": language,
                "content": pdf,
            }
        )
    for attachment_id in dict.fromkeys(attachment_ids or []):
        try:
            attachment = get_attachment(case, attachment_id)
        except Exception as error:
            raise CaseError(
                N_("no such attachment on this case"), {"attachment_ids": str(attachment_id)}
            ) from error
        documents.append(
            {
                "name": attachment.filename,
                "sha256": attachment.sha256,
                "size": attachment.size,
                "role": "attachment",
                "attachment_id": attachment.id,
            }
        )
    return documents


def record_with_documents(
    case: Case,
    actor: Any,
    *,
    request_ids: list[int] | None,
    attachment_ids: list[int] | None,
    **fields: Any,
) -> Transmission:
    """Render the chosen requests' documents, check the transmission, keep each generated PDF in
    the vault as an attachment of the case (the file that went, with its digest), then record the
    transmission; a later sending marks the approved requests it carries as transmitted (each
    sent on its own). The caller commits; the sealed files are dropped again if it rolls back."""
    documents = transmission_documents(case, request_ids, attachment_ids)
    check_transmission(case, actor, documents=documents, **fields)
    created: list[Any] = []
    _settle_after_transaction(created)
    for document in documents:
        content = document.pop("content", None)
        if content is None:
            continue
        kept = store_bytes(
            case,
            actor,
            document["name"],
            content,
            created,
            custody_detail="generated for transmission",
            details={"request_id": document["request_id"], "transmitted": True},
        )
        document["attachment_id"] = kept.id
    first_sending = case.status == FIRST_SENDING_STATUS
    row = record_transmission(
        case,
        actor,
        documents=documents,
        request_ids=[d["request_id"] for d in documents if d.get("request_id")],
        **fields,
    )
    if not first_sending:  # the first moves the case, and its approved requests follow it
        for request_id in row.request_ids:
            request = db.session.get(MlaRequest, request_id)
            if request is not None and request.status == "approved":
                review_request(request, actor, "transmitted")  # a request sent on its own
    return row


def transmit_request(
    request: MlaRequest, actor: Any, *, attachment_ids: list[int] | None = None, **fields: Any
) -> Transmission:
    """One approved request sent on its own (the review's decision 'transmitted'): recorded as a
    transmission carrying its document as generated, like any other sending. The caller commits."""
    case = case_of(request)
    if case is None:
        raise RequestError(N_("a request is sent with its case"), {"case_id": "required"}, 409)
    if request.status != "approved":
        raise RequestError(
            f"a {request.status} request cannot be given the decision transmitted",
            {"decision": "needs a approved request"},
            409,
        )
    return record_with_documents(
        case, actor, request_ids=[request.id], attachment_ids=attachment_ids or [], **fields
    )


def _settle_after_transaction(created: list[Any]) -> None:
    """Close the sealed files once the transaction commits; discard them if it rolls back."""
    session = db.session()
    settled: list[bool] = []

    def committed(_session: Any) -> None:
        if not settled:
            settled.append(True)
            for item in created:
                item.close()

    def rolled_back(_session: Any, previous: Any) -> None:
        if not settled and not getattr(previous, "nested", False):
            settled.append(True)
            for item in created:
                item.discard()

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_soft_rollback", rolled_back)
