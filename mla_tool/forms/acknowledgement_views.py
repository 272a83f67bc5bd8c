"""The page of an incoming case's acknowledgement letter: PDF, Word or preview, in a language."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.login import permission_required
from ..cases.access import get_case_for
from .acknowledgement_letter import FORMATS, letter_language, letter_response
from .documents import DOCUMENT_LANGUAGES

bp = Blueprint("acknowledgement_letter", __name__, url_prefix="/cases")


@bp.route("/<int:case_id>/acknowledgement-letter")
@permission_required("case.read")
def letter(case_id: int) -> Response:
    """The acknowledgement of receipt of an incoming case's request (?lang=LL&format=pdf)."""
    case = get_case_for(current_user, case_id)
    if case.direction != "incoming":
        abort(404)
    language = request.args.get("lang") or letter_language(case)
    fmt = request.args.get("format", "pdf")
    if language not in DOCUMENT_LANGUAGES or fmt not in FORMATS:
        abort(404)
    return letter_response(case, language, fmt, current_user)
