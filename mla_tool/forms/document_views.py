"""The documents of a request as pages: the request (PDF, HTML, Word) and its review sheet."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.login import permission_required
from ..extensions import db
from . import documents
from .request_blueprint import bp
from .request_page import load_request, ui_language
from .review_sheet import review_sheet_response


@bp.route("/<int:request_id>/document")
@permission_required("request.read")
def document(request_id: int) -> Response:
    item = load_request(request_id)
    language = request.args.get("lang") or item.language or "en"
    fmt = request.args.get("format", "pdf")
    if language not in documents.DOCUMENT_LANGUAGES:
        abort(404)
    if fmt not in ("pdf", "html", "docx"):
        abort(400, _("Unknown document format: choose pdf, html or docx."))
    response = documents.document_response(item, language, fmt, current_user)
    db.session.commit()
    return response


@bp.route("/<int:request_id>/review-sheet.<fmt>")
@permission_required("request.read")
def review_sheet(request_id: int, fmt: str) -> Response:
    """The internal review sheet (completeness checklist), in the reader's language by default."""
    item = load_request(request_id)
    locale = ui_language()
    default = locale if locale in documents.DOCUMENT_LANGUAGES else "en"
    language = request.args.get("lang") or default
    if language not in documents.DOCUMENT_LANGUAGES or fmt not in ("pdf", "html"):
        abort(404)
    response = review_sheet_response(item, language, fmt, current_user)
    db.session.commit()
    return response
