"""API of the translator round-trip: the XLIFF file of a request's text out, and back in."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from ...api.errors import ApiError
from ...api.routing import api_route
from ...auth.models import User
from ..access import get_request_for
from ..errors import RequestError
from ..models import MlaRequest
from .actions import export_file, import_file, result_dict
from .receive import MAX_XLIFF_BYTES, TranslationRefused

TAG = "requests"
XLIFF_TYPE = "application/x-xliff+xml"
XLIFF_CONTENT = {XLIFF_TYPE: {"schema": {"type": "string", "format": "binary"}}}


def _load(user: User, request_id: int) -> MlaRequest:
    try:
        return get_request_for(user, request_id)
    except RequestError as error:
        raise ApiError(error.status, error.code, error.message, error.fields) from error


def _refused(error: TranslationRefused) -> ApiError:
    return ApiError(error.status, error.code, str(error))


@api_route(
    "/requests/<int:request_id>/translations/<lang>.xliff",
    summary="The typed text of a request as XLIFF 1.2 for a translator into `lang`",
    tag=TAG,
    permission="request.read",
    content_types=XLIFF_CONTENT,
    error_statuses=(404, 422),
)
def export_translation(user: User, request_id: int, lang: str) -> Response:
    item = _load(user, request_id)
    try:
        body, filename = export_file(item, lang)
    except TranslationRefused as error:
        raise _refused(error) from error
    response = Response(body, mimetype=XLIFF_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@api_route(
    "/requests/<int:request_id>/translations/<lang>.xliff",
    "PUT",
    summary="Import the translated XLIFF file (raw body); nothing changes when it is refused",
    tag=TAG,
    permission="request.draft",
    request_content=XLIFF_CONTENT,
    error_statuses=(400, 404, 409, 413, 422),
)
def import_translation(user: User, request_id: int, lang: str) -> Any:
    item = _load(user, request_id)
    if request.content_length is not None and request.content_length > MAX_XLIFF_BYTES:
        raise ApiError(413, "payload_too_large", f"a file may have at most {MAX_XLIFF_BYTES} bytes")
    try:
        result = import_file(item, lang, request.get_data(cache=False), user)
    except TranslationRefused as error:
        raise _refused(error) from error
    return result_dict(result)
