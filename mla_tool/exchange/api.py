"""JSON API of the secure exchange: transmit a case, import a package, status updates, files."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import Response, request
from pydantic import BaseModel, ConfigDict, Field

from ..api.errors import ApiError
from ..api.routing import api_route
from ..auth.models import User
from ..cases.access import get_case_for
from ..errors import NotFoundError
from ..schema_types import LanguageCode, RowId, UtcDateTime
from . import receive
from .identity import max_package_bytes
from .listing import get_package_for, packages_of
from .package import package_filename, sealed_file
from .refusals import STATUS_OF_CODE, ExchangeError
from .status import export_status
from .transmit import transmit_case, transmittable

BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


class PackageOut(BaseModel):
    id: int
    package_id: str = Field(description="the id named in the package's header and manifest")
    direction: Literal["sent", "received"]
    type: Literal["request", "status"]
    status: str | None = Field(description="for status updates: the status reported")
    digest: str = Field(description="SHA-256 of the whole .mlapkg file")
    case_id: int | None
    authority_id: int | None = Field(description="the other authority's directory id")
    counterpart_fingerprint: str
    in_reply_to: str | None
    at: UtcDateTime


class ImportOut(BaseModel):
    type: Literal["request", "status"]
    case_id: int
    moved_to: list[str] = Field(description="status changes of the outgoing case")
    package: PackageOut


class TransmitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient: RowId | None = Field(
        None, description="directory id of the authority; default: the request's addressee"
    )
    languages: Annotated[list[LanguageCode], Field(max_length=10)] | None = Field(
        None, description="languages of the request PDF; default: the request's language"
    )
    attachment_ids: Annotated[list[RowId], Field(max_length=200)] = Field(default_factory=list)
    note: Annotated[str, Field(max_length=2000)] | None = None


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["received", "in_execution", "info_requested", "executed", "refused"]
    reason: Annotated[str, Field(max_length=5000)] | None = None


def package_out(package: Any) -> dict[str, Any]:
    return PackageOut(
        id=package.id,
        package_id=package.package_id,
        direction=package.direction,
        type=package.type,
        status=package.status,
        digest=package.digest,
        case_id=package.case_id,
        authority_id=package.authority_id,
        counterpart_fingerprint=package.counterpart_fingerprint,
        in_reply_to=package.in_reply_to,
        at=package.at,
    ).model_dump(mode="json")


def _api_error(error: ExchangeError) -> ApiError:
    if error.code == "invalid" and error.fields:
        return ApiError(422, "validation_error", error.message, error.fields)
    if error.code == "invalid":
        return ApiError(409, "conflict", error.message)
    return ApiError(STATUS_OF_CODE.get(error.code, 409), error.code, error.message, error.fields)


def _case(user: User, case_id: int) -> Any:
    try:
        return get_case_for(user, case_id)
    except NotFoundError:
        raise ApiError(404, "not_found", "no such case") from None


@api_route(
    "/cases/<int:case_id>/packages",
    summary="Packages sent and received for a case, with their digests",
    tag="exchange",
    permission="exchange.manage",
    response=list[PackageOut],
)
def list_packages(user: User, case_id: int) -> list[dict[str, Any]]:
    return [package_out(p) for p in packages_of(_case(user, case_id))]


@api_route(
    "/cases/<int:case_id>/transmit",
    "POST",
    summary="Seal an approved outgoing case's request, documents and attachments for the recipient",
    tag="exchange",
    permission="exchange.manage",
    body=TransmitIn,
    response=PackageOut,
    status=201,
    error_statuses=(403, 404, 409, 422),
)
def transmit(user: User, case_id: int, body: TransmitIn) -> Any:
    case = _case(user, case_id)
    if not transmittable(case):
        raise ApiError(
            409, "conflict", "only an approved outgoing case that holds a request can be sent"
        )
    try:
        package = transmit_case(
            case,
            user,
            recipient_id=body.recipient,
            languages=list(body.languages) if body.languages else None,
            attachment_ids=list(body.attachment_ids),
            note=body.note,
        )
    except ExchangeError as error:
        raise _api_error(error) from error
    return package_out(package), 201


@api_route(
    "/cases/<int:case_id>/status-updates",
    "POST",
    summary="Seal a signed status update of an incoming case for the authority that sent it",
    tag="exchange",
    permission="exchange.manage",
    body=StatusIn,
    response=PackageOut,
    status=201,
    error_statuses=(404, 409, 422),
)
def status_update(user: User, case_id: int, body: StatusIn) -> Any:
    case = _case(user, case_id)
    try:
        package = export_status(case, user, body.status, body.reason)
    except ExchangeError as error:
        raise _api_error(error) from error
    return package_out(package), 201


@api_route(
    "/exchange/packages/<int:package_id>",
    summary="The sealed .mlapkg file of a package sent from here",
    tag="exchange",
    permission="exchange.manage",
    content_types=BINARY,
    error_statuses=(404,),
)
def package_file(user: User, package_id: int) -> Response:
    try:
        package = get_package_for(user, package_id)
    except NotFoundError:
        raise ApiError(404, "not_found", "no such package") from None
    path = sealed_file(package)
    if path is None:
        raise ApiError(404, "not_found", "this package has no file here")
    response = Response(path.read_bytes(), mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{package_filename(package)}"'
    return response


@api_route(
    "/exchange/import",
    "POST",
    summary="Verify and import a package (request or status update) sent as the raw body",
    tag="exchange",
    permission="exchange.manage",
    request_content=BINARY,
    response=ImportOut,
    status=201,
    error_statuses=(403, 404, 409, 413, 422),
)
def import_package(user: User) -> Any:
    limit = max_package_bytes()
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, "payload_too_large", f"a package may have at most {limit} bytes")
    data = request.get_data(cache=False)
    if len(data) > limit:
        raise ApiError(413, "payload_too_large", f"a package may have at most {limit} bytes")
    try:
        result = receive.import_package(data, user)
    except ExchangeError as error:
        raise _api_error(error) from error
    out = ImportOut(
        type=result.type,  # type: ignore[arg-type]
        case_id=result.case.id,
        moved_to=result.moved_to,
        package=PackageOut(**package_out(result.package)),
    )
    return out, 201
