"""What registering an incoming request takes: one schema for the page's form and the API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...cases.correspondence import CORRESPONDENCE_CHANNELS
from ...request_kinds import KIND_CODES
from ...schema_types import IsoDate, RowId
from ..kinds import PERSON_ROLES
from ..limits import MAX_SHORT, MAX_TEXT
from ..schemas import Iso3, Language

Short = Annotated[str, Field(min_length=1, max_length=MAX_SHORT)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MeasureAsked(Strict):
    type: str = Field(description="a measure code the request kind may ask for")
    description: Annotated[str, Field(max_length=MAX_TEXT)] | None = None


class PersonNamed(Strict):
    name: Short
    role: Literal[tuple(code for code, _ in PERSON_ROLES)] = "other"  # type: ignore[valid-type]


class OffenceNamed(Strict):
    name: Short
    provision: Annotated[str, Field(max_length=MAX_SHORT)] | None = None


class IncomingRegistration(Strict):
    """An incoming request as received: who sent it, under which basis, asking what, about whom,
    and who here executes it by when."""

    kind: Literal[KIND_CODES]  # type: ignore[valid-type]
    requesting_state: Iso3
    requesting_authority_id: RowId = Field(
        description="the directory entry of the authority that sent it (of the requesting state)"
    )
    title: Annotated[str, Field(min_length=1, max_length=300)]
    reference: Annotated[str, Field(max_length=120)] | None = Field(
        default=None, description="the requesting authority's reference"
    )
    received_on: IsoDate | None = Field(default=None, description="default: today")
    channel: Literal[CORRESPONDENCE_CHANNELS] = "central_authority"  # type: ignore[valid-type]
    legal_basis: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20, description="instrument codes, e.g. UNTOC"
    )
    language: Language | None = Field(default=None, description="the language it is written in")
    measures: list[MeasureAsked] = Field(default_factory=list, max_length=100)
    persons: list[PersonNamed] = Field(default_factory=list, max_length=200)
    offences: list[OffenceNamed] = Field(default_factory=list, max_length=100)
    executing_authority_id: RowId | None = Field(
        default=None, description="the directory entry of the authority here that executes it"
    )
    assigned_to: RowId | None = Field(default=None, description="the user it is assigned to")
    due_date: IsoDate | None = Field(
        default=None,
        description="default: received_on plus the kind's days (MLA_INCOMING_DUE_DAYS)",
    )
    confidential: bool = False
