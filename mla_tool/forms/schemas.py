"""The request document as pydantic models: the API body and the one validation of every save."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..cases.transmission_api import ReviewTransmission
from ..i18n import N_
from ..request_kinds import KIND_CODES
from ..schema_types import IsoDate, LanguageCode, RowId, StateCode, UtcDateTime
from .check_schemas import CheckOut as CheckOut  # the check's answer lives there
from .check_schemas import Finding as Finding
from .compliance_fields import ISSUER_TYPES, TIME_LIMIT_REASONS, VALIDATOR_TYPES
from .costs_fields import COST_BEARERS
from .kinds import PERSON_ROLES, PROCEEDING_STAGES, REQUEST_STATUSES
from .limits import MAX_ENTRIES, MAX_LINE, MAX_SHORT, MAX_TEXT, document_size_problem
from .measures import MEASURES
from .person_fields import PERSON_TYPES
from .refusal_answers import RefusalAnswers

#: The kinds of request, from the kind table (its order is the JSON schema's enumeration).
RequestKindCode = Literal[KIND_CODES]  # type: ignore[valid-type]


Iso3 = StateCode
Language = LanguageCode
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Short = Annotated[str, Field(max_length=MAX_SHORT)]
Line = Annotated[str, Field(max_length=MAX_LINE)]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Strict(BaseModel):
    # defer_build: each model's validator is built when first used, not at import (every
    # command's start-up paid for all of them)
    model_config = ConfigDict(extra="forbid", defer_build=True)


class RequestingAuthority(Strict):
    name: Short | None = None
    address: Text | None = None
    contact_name: Short | None = None
    email: Short | None = None
    phone: Short | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        """The address the requested state writes back to: a typo here loses the answer."""
        value = (value or "").strip() or None
        if value is not None and not EMAIL.match(value):
            raise ValueError(N_("not an email address"))
        return value


class Signatory(Strict):
    name: Short | None = None
    title: Short | None = None


class Urgent(Strict):
    is_urgent: bool = False
    reason: Text | None = None
    respond_by: IsoDate | None = None


class TimeLimit(Strict):
    """The date by which compliance is wanted, on any request, and why (EIO Annex A section B)."""

    date: IsoDate | None = None
    reason: Literal[tuple(code for code, _ in TIME_LIMIT_REASONS)] | None = None  # type: ignore[valid-type]
    details: Text | None = None


class IssuingAuthority(Strict):
    """The kind of authority that issued the request (EIO section K)."""

    type: Literal[tuple(code for code, _ in ISSUER_TYPES)] | None = None  # type: ignore[valid-type]


class ValidatingAuthority(Strict):
    """The judicial authority that validated a request issued by another (EIO section L)."""

    name: Short | None = None
    type: Literal[tuple(code for code, _ in VALIDATOR_TYPES)] | None = None  # type: ignore[valid-type]
    validated_on: IsoDate | None = None


class RelatedRequest(Strict):
    """An earlier request in the same matter (EIO Annex A section D)."""

    date: IsoDate | None = None
    authority: Short | None = None
    reference: Short | None = None


class Costs(Strict):
    """Who bears the extraordinary costs of executing the request (UNTOC art. 18(28))."""

    borne_by: Literal[tuple(code for code, _ in COST_BEARERS)] | None = None  # type: ignore[valid-type]
    details: Text | None = None


class Confidential(Strict):
    is_confidential: bool = False
    reason: Text | None = None


class Proceedings(Strict):
    stage: Literal[tuple(code for code, _ in PROCEEDING_STAGES)] | None = None  # type: ignore[valid-type]
    authority: Short | None = None
    case_number: Short | None = None


class Offence(Strict):
    name: Short | None = None
    provision: Short | None = None
    text: Text | None = None
    max_penalty: Short | None = None
    limitation: Short | None = None
    # extradition: the statement of each offence (time, place, acts) and what the rules check
    committed_on: IsoDate | None = None
    place: Short | None = None
    facts: Text | None = None
    limitation_expires: IsoDate | None = None
    death_penalty: bool | None = None
    nature: Literal["ordinary", "political", "fiscal", "military"] | None = None
    equivalent_offence: Short | None = None


class Person(Strict):
    role: Literal[tuple(code for code, _ in PERSON_ROLES)] = "other"  # type: ignore[valid-type]
    name: Short | None = None
    aliases: Short | None = None
    birth_date: IsoDate | None = None
    birth_place: Short | None = None
    nationality: Iso3 | None = None
    other_nationality: Iso3 | None = None
    id_documents: Short | None = None
    address: Text | None = None
    description: Text | None = None
    #: A legal person (company, association) is identified otherwise (EIO Annex A section E).
    type: Literal[tuple(code for code, _ in PERSON_TYPES)] | None = None  # type: ignore[valid-type]
    legal_form: Short | None = None
    registration_number: Short | None = None
    seat: Short | None = None
    representative: Short | None = None
    #: The languages the person understands (ISO 639-1), for an interpreter or a translation.
    languages: list[Language] | None = Field(default=None, max_length=20)


def _measure_type_enum(schema: dict[str, Any]) -> None:
    """The measure types registered when the schema is generated (kinds add theirs on import)."""
    schema["enum"] = list(MEASURES)


class Measure(Strict):
    type: str = Field(json_schema_extra=_measure_type_enum)
    description: Text | None = None
    link_to_facts: Text | None = None
    procedure: Text | None = None
    details: dict[str, Any] = Field(default_factory=dict)

    @field_validator("type")
    @classmethod
    def known_type(cls, value: str) -> str:
        if value not in MEASURES:
            raise ValueError(f"unknown measure type; one of {', '.join(MEASURES)}")
        return value

    @field_validator("details")
    @classmethod
    def details_fit_type(cls, value: dict[str, Any], info: Any) -> dict[str, Any]:
        measure = MEASURES.get(info.data.get("type") or "")
        if measure is None:
            return value
        return measure.validate_details(value)


class Warrant(Strict):
    issued_by: Short | None = None
    issued_on: IsoDate | None = None
    number: Short | None = None


class Judgment(Strict):
    court: Short | None = None
    date: IsoDate | None = None
    sentence: Short | None = None
    remaining: Short | None = None
    in_absentia: bool = False


class Assurance(Strict):
    type: Literal[
        "death_penalty",
        "speciality",
        "fair_trial",
        "retrial_in_absentia",
        "national_prosecution",
        "temporary_surrender",
        "national_enforcement",
        "other",
    ]
    text: Text | None = None


class PersonDescription(Strict):
    description: Text | None = None
    photograph: bool = False
    fingerprints: bool = False


class ExtraditionDetails(Strict):
    """Extradition and provisional arrest: thresholds, channel, undertaking, time limit."""

    treaty_threshold: Short | None = None
    treaty_enforcement_threshold: Short | None = None
    channel: Literal["central_authority", "diplomatic", "interpol", "direct"] | None = None
    interpol_notice: Short | None = None
    formal_request_undertaking: bool | None = None
    time_limit_days: Annotated[int, Field(ge=1, le=365)] | None = None
    converted_from: RowId | None = None
    #: The facts and assurances that answer the grounds of refusal (refusal_grounds.py).
    refusal_answers: RefusalAnswers | None = None


class SupportingDocument(Strict):
    type: Literal[
        "warrant",
        "judgment",
        "law_text",
        "identification",
        "translation",
        "certification",
        "other",
    ]
    title: Short | None = None
    status: Literal["attached", "to_follow"] = "attached"
    language: Language | None = None
    translated: bool | None = None
    certified: bool | None = None


class PreservationDetails(Strict):
    """Preservation of stored data (Budapest art. 29): the undertaking and the links kept."""

    mla_to_follow: bool | None = None
    mla_expected_by: IsoDate | None = None
    extension_of: RowId | None = None


class DocumentFields(Strict):
    """Every field of the request document except `kind`; all optional in a draft."""

    requesting_state: Iso3 | None = None
    requested_state: Iso3 | None = None
    requested_authority: RowId | None = None
    requesting_authority: RequestingAuthority | None = None
    legal_basis: list[Annotated[str, Field(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=MAX_ENTRIES
    )
    language: Language | None = None
    reference: Short | None = None
    urgent: Urgent | None = None
    time_limit: TimeLimit | None = None
    issuing_authority: IssuingAuthority | None = None
    validating_authority: ValidatingAuthority | None = None
    confidential: Confidential | None = None
    costs: Costs | None = None
    subject: Text | None = None
    proceedings: Proceedings | None = None
    related_requests: list[RelatedRequest] | None = Field(default=None, max_length=MAX_ENTRIES)
    facts: Text | None = None
    offences: list[Offence] | None = Field(default=None, max_length=100)
    persons: list[Person] | None = Field(default=None, max_length=200)
    measures: list[Measure] | None = Field(default=None, max_length=100)
    purpose: Text | None = None
    #: That the measures are necessary and proportionate (Directive 2014/41/EU art. 6(1)(a)).
    proportionality: Text | None = None
    #: They could be ordered under the same conditions in a similar domestic case (art. 6(1)(b)).
    similar_domestic_case: bool | None = None
    #: How the conduct is an offence in the requested state (UNTOC art. 18(9)).
    dual_criminality: Text | None = None
    #: The evidence will not be used to seek, impose or carry out the death penalty.
    death_penalty_assurance: Text | None = None
    procedures: Text | None = None
    signatory: Signatory | None = None
    annexes: list[Short] | None = Field(default=None, max_length=100)
    requirements_confirmed: list[Line] | None = Field(default=None, max_length=50)
    #: Findings the author dismissed for a field: [rule code, field path] (forms.dismissals).
    dismissed_findings: list[tuple[Line, Line]] | None = Field(default=None, max_length=50)
    warrant: Warrant | None = None
    judgment: Judgment | None = None
    assurances: list[Assurance] | None = Field(default=None, max_length=50)
    person_description: PersonDescription | None = None
    preservation: PreservationDetails | None = None
    extradition: ExtraditionDetails | None = None
    supporting_documents: list[SupportingDocument] | None = Field(default=None, max_length=100)

    @model_validator(mode="after")
    def _bounded_in_all(self) -> DocumentFields:
        """Each field has its limit; the whole document has one too (the cost of its PDF)."""
        problem = document_size_problem(self.model_dump(mode="json", exclude_none=True))
        if problem:
            raise ValueError(problem)
        return self


class RequestDocument(DocumentFields):
    """`POST /requests` body: the request document; all but `kind` may start empty."""

    kind: RequestKindCode


class RequestPatch(DocumentFields):
    """`PATCH /requests/{id}` body: only the fields given change (objects merge one level)."""

    kind: RequestKindCode = None  # type: ignore[assignment]  # may be left out, never null


class RequestOut(RequestDocument):
    model_config = ConfigDict(extra="allow")
    id: int
    status: Literal[REQUEST_STATUSES]  # type: ignore[valid-type]
    owner_id: int
    case_id: int | None
    version: int
    is_sample: bool
    created_at: UtcDateTime
    updated_at: UtcDateTime


class RequestListQuery(Strict):
    kind: RequestKindCode | None = None
    status: Literal[REQUEST_STATUSES] | None = None  # type: ignore[valid-type]
    q: str | None = Field(
        default=None,
        max_length=200,
        description="words found in the reference, subject, states, persons and aliases, "
        "offences or identifiers (Arabic and Latin folded)",
    )


#: Languages a request document can be printed in: the six UN languages, Portuguese and German
#: (each has a catalogue of the "documents" domain; mla_tool.forms.document_languages).
DocumentLanguage = Literal["en", "ar", "fr", "es", "ru", "zh", "pt", "de"]


class DocumentQuery(Strict):
    format: Literal["pdf", "html", "docx"] = "pdf"
    lang: DocumentLanguage | None = None


class SubmitBody(Strict):
    case_id: RowId | None = Field(default=None, description="file in this existing case")
    note: Annotated[str, Field(max_length=2000)] | None = None


class ReviewBody(Strict):
    decision: Literal["approve", "return", "transmitted"] = Field(
        description="approve or return a submitted request, or record that an approved one was "
        "sent (with `transmission`)"
    )
    note: Annotated[str, Field(max_length=5000)] | None = Field(
        default=None,
        description="kept with the decision on the case's timeline; required to return the "
        "request (unless field_comments are given)",
    )
    field_comments: dict[str, Annotated[str, Field(max_length=2000)]] | None = Field(
        default=None,
        description="with `return`: field path -> comment, shown to the author beside each field",
    )
    transmission: ReviewTransmission | None = Field(
        default=None,
        description="with `transmitted` (required): what went, how and when, recorded as a "
        "transmission of this request's document (422 without it)",
    )


class DuplicateBody(Strict):
    requested_state: Iso3 | None = None
