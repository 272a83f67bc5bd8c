"""JSON API of case attachments: multipart upload, list with custody, verified streamed download."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from pydantic import BaseModel, Field

from ..api.errors import ApiError
from ..api.routing import api_route
from ..auth.models import User
from ..cases.access import get_case_for
from ..errors import NotFoundError
from ..schema_types import UtcDateTime
from . import service
from .crypto import IntegrityError
from .upload_parsing import parse_upload
from .uploads import UploadError
from .views import attachment_response


class CustodyOut(BaseModel):
    action: str = Field(description="upload | download | integrity_failure")
    user_id: int | None
    at: UtcDateTime
    detail: str = ""


class AttachmentOut(BaseModel):
    id: int
    case_id: int
    filename: str = Field(description="sanitised file name as uploaded")
    content_type: str = Field(description="sniffed from the bytes, not taken from the client")
    size: int
    sha256: str = Field(description="SHA-256 of the plaintext, checked on every download")
    uploaded_by: int | None
    uploaded_at: UtcDateTime
    custody: list[CustodyOut] = Field(description="uploads, downloads and failed checks")


MULTIPART_FILE = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}},
        }
    }
}
BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


def attachment_out(attachment: Any, custody: list[Any]) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.id,
        case_id=attachment.case_id,
        filename=attachment.filename,
        content_type=attachment.content_type,
        size=attachment.size,
        sha256=attachment.sha256,
        uploaded_by=attachment.uploaded_by,
        uploaded_at=attachment.uploaded_at,
        custody=[
            CustodyOut(action=row.action, user_id=row.user_id, at=row.at, detail=row.detail)
            for row in custody
        ],
    )


def _case(user: User, case_id: int) -> Any:
    try:
        return get_case_for(user, case_id)
    except NotFoundError:
        raise ApiError(404, "not_found", "no such case") from None


@api_route(
    "/cases/<int:case_id>/attachments",
    "POST",
    summary="Upload an attachment (multipart `file`): encrypted while it streams in",
    tag="cases",
    permission="attachment.upload",
    request_content=MULTIPART_FILE,
    response=AttachmentOut,
    status=201,
    error_statuses=(400, 404, 413, 415, 422, 507),
)
def upload_attachment(user: User, case_id: int) -> Any:
    case = _case(user, case_id)
    try:
        upload = parse_upload(
            request.stream,
            request.mimetype,
            request.content_length,
            request.mimetype_params,
        )
        attachment = service.store_upload(case, user, upload)
    except UploadError as error:
        raise ApiError(error.status, error.code, error.message, error.fields) from error
    return attachment_out(attachment, service.custody_of([attachment.id])[attachment.id]), 201


@api_route(
    "/cases/<int:case_id>/attachments",
    summary="The attachments of a case with their chain of custody",
    tag="cases",
    permission="case.read",
    response=list[AttachmentOut],
)
def list_attachments(user: User, case_id: int) -> list[dict[str, Any]]:
    case = _case(user, case_id)
    rows = service.list_attachments(case)
    custody = service.custody_of([row.id for row in rows])
    return [attachment_out(row, custody[row.id]).model_dump(mode="json") for row in rows]


@api_route(
    "/cases/<int:case_id>/attachments/<int:attachment_id>",
    summary="Download an attachment: decrypted as it streams, its SHA-256 checked",
    tag="cases",
    permission="case.read",
    content_types=BINARY,
    error_statuses=(404, 500),
)
def download_attachment(user: User, case_id: int, attachment_id: int) -> Response:
    case = _case(user, case_id)
    try:
        download = service.open_download(case, attachment_id, user)
    except service.AttachmentNotFound:
        raise ApiError(404, "not_found", "no such attachment on this case") from None
    except IntegrityError:
        raise ApiError(
            500,
            "integrity_failure",
            "the attachment failed its integrity check and is not served; this is logged",
        ) from None
    return attachment_response(download)
