"""Pages of case attachments: the upload form's target, downloads, the partial on the case page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import ValidationError, validate_csrf

from ..auth.login import permission_required
from ..cases.access import get_case_for
from ..cases.membership import users_by_id
from ..extensions import db
from . import service
from .crypto import IntegrityError
from .places import max_upload_bytes
from .upload_parsing import parse_upload
from .uploads import UploadError

bp = Blueprint("attachments", __name__, url_prefix="/cases")


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987)."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _case(case_id: int) -> Any:
    return get_case_for(current_user, case_id)  # 404 for non-members


def _back(case_id: int, target: str | None) -> Response:
    default = f"/cases/{case_id}"
    if not target or not target.startswith(default) or "//" in target or "\\" in target:
        target = default
    return redirect(target + "#attachments")  # type: ignore[return-value]


# exempt from the global CSRF check (wiring.CSRF_EXEMPT_VIEWS): it would parse the body into a
# clear temporary file; see below
@bp.route("/<int:case_id>/attachments", methods=["POST"])
@permission_required("attachment.upload")
def upload(case_id: int) -> Response:
    case = _case(case_id)
    try:
        parsed = parse_upload(
            request.stream, request.mimetype, request.content_length, request.mimetype_params
        )
    except UploadError as error:
        if error.status == 413:
            abort(413, error.message)
        flash(_("The file could not be uploaded: %(reason)s", reason=_(error.message)), "error")
        return _back(case_id, None)
    try:
        # CSRF is checked on the field parsed by our own parser, before anything is stored.
        validate_csrf(parsed.form.get("csrf_token"))
    except ValidationError:
        parsed.discard()
        abort(400, _("The form has expired; reload the page and try again."))
    try:
        attachment = service.store_upload(case, current_user, parsed)
    except UploadError as error:
        flash(_("The file could not be uploaded: %(reason)s", reason=_(error.message)), "error")
        return _back(case_id, None)
    flash(
        _(
            "%(name)s was uploaded and encrypted (SHA-256 %(digest)s).",
            name=attachment.filename,
            digest=attachment.sha256[:16] + "…",
        ),
        "success",
    )
    return _back(case_id, parsed.form.get("next"))


@bp.route("/<int:case_id>/attachments/<int:attachment_id>")
@permission_required("case.read")
def download(case_id: int, attachment_id: int) -> Response:
    case = _case(case_id)
    try:
        opened = service.open_download(case, attachment_id, current_user)
    except service.AttachmentNotFound:
        abort(404)
    except IntegrityError:
        abort(500)
    db.session.commit()
    return attachment_response(opened)


def attachment_response(download: service.Download) -> Response:
    """Stream a verified download as a file to save, never to render inline."""
    attachment = download.attachment
    response = Response(
        stream_with_context(download.chunks),
        mimetype=attachment.content_type,
        direct_passthrough=True,
    )
    response.headers["Content-Length"] = str(attachment.size)
    response.headers["Content-Disposition"] = content_disposition(attachment.filename)
    response.headers["X-Content-SHA256"] = attachment.sha256
    return response


def attachments_for_page(case: Any) -> list[dict[str, Any]]:
    """Plain dicts for `cases/_attachments.html`: files, digests and their chain of custody."""
    rows = service.list_attachments(case)
    custody = service.custody_of([row.id for row in rows])
    user_ids = {row.uploaded_by for row in rows} | {
        entry.user_id for entries in custody.values() for entry in entries
    }
    users = users_by_id(user_ids)

    def who(user_id: int | None) -> str:
        user = users.get(user_id) if user_id is not None else None
        return (user.display_name or user.email) if user else "—"

    return [
        {
            "id": row.id,
            "filename": row.filename,
            "content_type": row.content_type,
            "size": row.size,
            "sha256": row.sha256,
            "uploaded_by": who(row.uploaded_by),
            "uploaded_at": row.uploaded_at,
            "download_url": f"/cases/{case.id}/attachments/{row.id}",
            "custody": [
                {"action": entry.action, "who": who(entry.user_id), "at": entry.at}
                for entry in custody[row.id]
            ],
        }
        for row in rows
    ]


@bp.app_context_processor
def attachment_helpers() -> dict[str, Any]:
    return {
        "max_upload_bytes": max_upload_bytes,
    }
