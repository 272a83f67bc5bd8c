"""The "Sign PDF" action of the request page: signs, keeps the file, hands it out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.login import permission_required
from ..extensions import db
from ..forms import documents
from ..forms.access import get_request_for
from ..forms.errors import RequestError
from ..forms.models import MlaRequest
from ..forms.request_page import request_title
from . import config, service

bp = Blueprint("signing", __name__, url_prefix="/requests")

#: Who signs: those who approve and transmit requests (auth.roles).
PERMISSION = "request.review"


def pdf_response(signed: service.SignedDocument) -> Response:
    response = Response(signed.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{signed.filename}"'
    response.headers["X-Certificate-SHA256"] = signed.fingerprint
    response.headers["X-Attachment-Id"] = str(signed.attachment_id)
    return response


@bp.app_template_global("signing_state")
def signing_state(item: MlaRequest) -> dict[str, Any]:
    """What the request page shows: the button, why there is none, or how to configure one."""
    if not (current_user.is_authenticated and current_user.may(PERMISSION)):
        return {"shown": False}
    problem = config.configuration_problem()
    return {
        "shown": True,
        "signable": service.signable(item),
        "help": config.SigningNotConfigured(problem).text.translated(_) if problem else None,
        "settings": config.SETTINGS,
    }


def _refused(text: str, status: int, item: MlaRequest, settings: bool) -> tuple[str, int]:
    return (
        render_template(
            "signing/refused.html",
            item=item,
            title=request_title(item),
            text=text,
            settings=config.SETTINGS if settings else (),
        ),
        status,
    )


@bp.route("/<int:request_id>/document/signed", methods=["POST"])
@permission_required(PERMISSION)
def sign(request_id: int) -> Any:
    try:
        item = get_request_for(current_user, request_id)
    except RequestError:
        abort(404)
    language = request.form.get("lang") or item.language or "en"
    if language not in documents.DOCUMENT_LANGUAGES:
        abort(404)
    try:
        signed = service.sign_request(item, current_user, language)
    except config.SigningNotConfigured as error:
        db.session.rollback()
        return _refused(error.text.translated(_), 409, item, settings=True)
    except service.SigningError as error:
        db.session.rollback()
        return _refused(error.text.translated(_), error.status, item, settings=False)
    # the signed file is served from the vault (decrypted, its digest checked), by a GET, so
    # that a reload never signs twice and a browser downloads it like any attachment
    return redirect(
        url_for("attachments.download", case_id=signed.case_id, attachment_id=signed.attachment_id),
        code=303,
    )
