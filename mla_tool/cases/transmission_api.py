"""JSON API of transmissions: a case's sendings to the requested state, recording one, and the
requested state's acknowledgement of receipt."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..api.routing import api_route
from ..auth.models import User
from ..schema_types import IsoDate, RowId, UtcDateTime
from . import access, hooks, transmission
from .transmission_models import TRANSMISSION_CHANNELS

Channel = Literal[TRANSMISSION_CHANNELS]  # type: ignore[valid-type]


class TransmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sent_on: IsoDate = Field(description="the day the request(s) went")
    channel: Channel = Field(
        description="central_authority, diplomatic, interpol or direct (secure_exchange is "
        "recorded by POST /cases/{id}/transmit)"
    )
    reference: str = Field(
        min_length=1, max_length=120, description="outgoing reference or note verbale number"
    )
    note: str | None = Field(default=None, max_length=5000)
    request_ids: list[RowId] | None = Field(
        default=None,
        description="the requests whose documents went (default: every approved request)",
    )
    attachment_ids: list[RowId] = Field(
        default_factory=list, description="the case's attachments that went with them"
    )


class MoveTransmission(TransmissionIn):
    """The transmission a move to transmitted records (`POST /cases/{id}/transitions`): the same
    fields, a schema of its own name so that each body has one."""


class ReviewTransmission(TransmissionIn):
    """The transmission a request's decision 'transmitted' records (`POST /requests/{id}/review`):
    the same fields; its request_ids, if given, are that request's id alone."""


class AcknowledgementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    acknowledged_on: IsoDate = Field(description="the day the requested state acknowledged")
    reference: str | None = Field(default=None, max_length=120, description="its reference")


class DocumentOut(BaseModel):
    name: str
    sha256: str
    role: str
    size: int | None = None
    request_id: int | None = None
    version: int | None = None
    language: str | None = None
    attachment_id: int | None = None


class TransmissionOut(BaseModel):
    id: int
    case_id: int
    sent_on: date
    channel: str
    reference: str
    sent_by: int | None
    note: str | None
    documents: list[DocumentOut]
    request_ids: list[int]
    package_id: str | None
    recorded_at: UtcDateTime
    acknowledged_on: date | None
    ack_reference: str | None
    ack_recorded_by: int | None
    ack_recorded_at: UtcDateTime | None


def transmission_out(row: Any) -> TransmissionOut:
    return TransmissionOut.model_validate(transmission.transmission_dict(row))


def record_from_body(case: Any, user: User, body: TransmissionIn) -> Any:
    """Record the transmission the body describes (its documents made by the wizard)."""
    return hooks.record_transmission(
        case,
        user,
        request_ids=body.request_ids,
        attachment_ids=body.attachment_ids,
        sent_on=body.sent_on,
        channel=body.channel,
        reference=body.reference,
        note=body.note,
    )


@api_route(
    "/cases/<int:case_id>/transmissions",
    summary="The transmissions of a case, oldest first, each with its documents and digests",
    tag="cases",
    response=list[TransmissionOut],
    permission="case.read",
    error_statuses=(404,),
)
def list_transmissions(user: User, case_id: int) -> list[dict[str, Any]]:
    case = access.get_case_for(user, case_id)
    return [
        transmission_out(row).model_dump(mode="json") for row in transmission.transmissions_of(case)
    ]


@api_route(
    "/cases/<int:case_id>/transmissions",
    "POST",
    summary="Record a transmission of the case's requests (an approved case moves to "
    "transmitted); the documents are the chosen requests' as generated and the chosen attachments",
    tag="cases",
    body=TransmissionIn,
    response=TransmissionOut,
    permission="case.read",
    status=201,
    error_statuses=(403, 404, 409, 422),
)
def post_transmission(user: User, case_id: int, body: TransmissionIn) -> TransmissionOut:
    case = access.get_case_for(user, case_id)
    return transmission_out(record_from_body(case, user, body))


@api_route(
    "/cases/<int:case_id>/transmissions/<int:transmission_id>/acknowledgement",
    "POST",
    summary="Record the requested state's acknowledgement of receipt of a transmission",
    tag="cases",
    body=AcknowledgementIn,
    response=TransmissionOut,
    permission="case.read",
    status=201,
    error_statuses=(403, 404, 409, 422),
)
def post_acknowledgement(
    user: User, case_id: int, transmission_id: int, body: AcknowledgementIn
) -> TransmissionOut:
    case = access.get_case_for(user, case_id)
    row = transmission.record_acknowledgement(
        case, user, transmission_id, on=body.acknowledged_on, reference=body.reference
    )
    return transmission_out(row)
