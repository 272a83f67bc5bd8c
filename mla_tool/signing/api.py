"""`POST /api/v1/requests/{id}/document/signed`: the approved request's PDF, signed (PAdES)."""

from __future__ import annotations

from flask import Response

from ..api.errors import ApiError
from ..api.routing import api_route
from ..auth.models import User
from ..forms import documents
from ..forms.access import get_request_for
from ..forms.errors import RequestError
from ..forms.schemas import DocumentLanguage, Strict
from . import config, service
from .views import PERMISSION, pdf_response


class SignQuery(Strict):
    lang: DocumentLanguage | None = None


@api_route(
    "/requests/<int:request_id>/document/signed",
    "POST",
    summary=(
        "Sign the approved (or transmitted) request's PDF with the central authority's"
        " certificate (PAdES, visible block on the last page); the signed file is kept as an"
        " attachment of the request's case. 409 when the request is not approved or no"
        " certificate is configured (MLA_SIGNING_KEY_FILE, MLA_SIGNING_PASSPHRASE_FILE)."
    ),
    tag="requests",
    query=SignQuery,
    permission=PERMISSION,
    content_types={"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    error_statuses=(404, 409),
)
def sign(user: User, request_id: int, query: SignQuery) -> Response:
    try:
        item = get_request_for(user, request_id)
    except RequestError as error:
        raise ApiError(404, "not_found", "no such request") from error
    language = query.lang or item.language or "en"
    if language not in documents.DOCUMENT_LANGUAGES:  # the request's own language, say
        choices = {"lang": f"one of {', '.join(documents.DOCUMENT_LANGUAGES)}"}
        raise ApiError(422, "validation_error", "no document in this language", choices)
    try:
        signed = service.sign_request(item, user, language)
    except config.SigningNotConfigured as error:
        raise ApiError(
            409, "signing_not_configured", str(error.text), {name: "" for name in config.SETTINGS}
        ) from error
    except service.SigningError as error:
        raise ApiError(error.status, error.code, str(error.text)) from error
    return pdf_response(signed)
