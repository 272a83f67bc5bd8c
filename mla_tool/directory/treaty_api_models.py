"""The directory API's answers about treaties: instruments, and the legal-basis finder's items
with each party's participation and the dated fact it rests on."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ParticipationOut(BaseModel):
    state: str
    status: str
    signature_date: str | None
    consent_date: str | None
    consent_type: str | None
    source: str
    data_as_of: str | None
    origin: str
    #: what the source says beyond the consent type; dates as stated when not full dates
    consent_detail: str | None = None
    signature_as_stated: str | None = None
    consent_as_stated: str | None = None
    quote: str | None = Field(default=None, description="the source's own words")


class PartyFactOut(BaseModel):
    """The participation fact one party's side of a legal basis rests on, and how old it is."""

    state: str
    status: str = Field(description="party | signatory | not_recorded (the data names no row)")
    as_of: str | None = Field(
        description="the date of the fact's source (for not_recorded: of the instrument's list "
        "of parties); null when the source states none"
    )
    age_days: int | None
    max_age_days: int = Field(description="the setting MLA_FACT_MAX_AGE_DAYS")
    stale: bool = Field(description="older than max_age_days, or undated: verify before relying")
    source: str | None
    origin: str | None = Field(description="reference | user; null when not recorded")


class ArticleSource(BaseModel):
    text: str = Field(description="the articles as the reference data describes them")
    verified: bool = Field(description="false where the data says they were not checked")


class ParticipationNote(BaseModel):
    state: str
    kind: str = Field(description="not_recorded | not_a_party")
    consent_type: str | None
    message: str


class DeclarationEffect(BaseModel):
    state: str
    field: str
    value: str
    effect: str = Field(description="not_a_legal_basis | confirms | unknown | route")
    article: str
    message: str
    source: str | None
    quote: str | None


class LegalBasisOut(BaseModel):
    rank: int
    basis: str = Field(description="instrument | reciprocity")
    code: str
    name: str
    names: dict[str, str] = Field(
        description='en, ar, fr, es: the name in each language, "" where the data has none'
    )
    short_name: str
    instrument_kind: str | None = Field(description="bilateral | regional | global")
    article: str | None = Field(description="the article to cite for this kind of request")
    status: str = Field(description="applies | check | not_a_legal_basis | not_bound | fallback")
    label: str
    article_source: ArticleSource | None = None
    requesting: ParticipationOut | None
    requested: ParticipationOut | None
    requesting_party: PartyFactOut | None = Field(
        default=None,
        description="the requesting state's participation fact, dated; null for reciprocity",
    )
    requested_party: PartyFactOut | None = Field(
        default=None, description="the requested state's participation fact, dated"
    )
    participation_notes: list[ParticipationNote] = Field(default_factory=list)
    declarations: list[DeclarationEffect]
    scope: str
    notes: list[str]


class InstrumentOut(BaseModel):
    id: int
    code: str
    name: str
    names: dict[str, str | None] = Field(
        description="en, ar, fr, es: the name in each language, null where the data has none"
    )
    short_name: str
    kind: str
    region: str
    articles: dict[str, str] = Field(description="request kind -> article to cite")
    scope: str
    adopted: str | None
    entry_into_force: str | None
    depositary: str
    source: str
    participation_known: bool
    parties: int
    notes: str
