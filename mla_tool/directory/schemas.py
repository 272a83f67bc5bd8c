"""Validated shapes of directory entries: one schema for the API, the forms and bulk import."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any, Literal
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from .. import clock
from ..i18n import N_
from ..schema_types import language_codes
from .public_keys import normalise_public_key
from .states import state_by_iso3

#: Known functions and their labels; other lower-case slugs are accepted as free additions.
FUNCTIONS: dict[str, Any] = {
    "central_authority_mla": _l("Central authority for mutual legal assistance"),
    "central_authority_extradition": _l("Central authority for extradition"),
    "drugs_1988": _l("Competent authority under the 1988 Convention"),
    "asset_recovery": _l("Asset-recovery focal point"),
    "cybercrime_24_7": _l("24/7 cybercrime contact point"),
    "police_cooperation": _l("Police cooperation"),
    "interpol_ncb": _l("INTERPOL National Central Bureau"),
    "cultural_property": _l("Cultural property"),
    "terrorism": _l("Terrorism"),
    "other": _l("Other"),
}
CHANNELS: dict[str, Any] = {
    "central_authority": _l("Central authority"),
    "diplomatic": _l("Diplomatic channel"),
    "interpol": _l("INTERPOL"),
    "direct": _l("Direct transmission"),
}
Channel = Literal["central_authority", "diplomatic", "interpol", "direct"]

_SLUG = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://\S+$")


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def language_is_known(code: str) -> bool:
    return code in language_codes()


class LegalText(BaseModel):
    """A link to a legal text or a model form."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)
    title: str = Field(min_length=1, max_length=300)
    url: str = Field(max_length=1000, description="http(s) address")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not _URL.match(value):
            raise ValueError(N_("must be an http:// or https:// address"))
        return value


class AuthorityIn(BaseModel):
    """A directory entry as sent to POST /authorities (and read by `directory import`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    country: str = Field(description="ISO 3166-1 alpha-3 code of the state")
    functions: list[str] = Field(
        min_length=1,
        description="central_authority_mla, central_authority_extradition, drugs_1988, "
        "asset_recovery, cybercrime_24_7, police_cooperation, cultural_property, terrorism, "
        "other, or another lower-case slug",
    )
    name: str = Field(min_length=1, max_length=400, description="in the authority's language")
    name_en: str = Field(default="", max_length=400)
    name_ar: str = Field(default="", max_length=400)
    external_id: str | None = Field(
        default=None, max_length=120, description="stable key used by bulk import"
    )
    parent_body: str = Field(default="", max_length=400)
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes")
    channels: list[Channel] = Field(default_factory=list)
    urgent_by_email: bool | None = Field(default=None, description="null = not known")
    urgent_by_interpol: bool | None = Field(default=None, description="null = not known")
    address: str = Field(default="", max_length=2000)
    email: str = Field(default="", max_length=320)
    phone: str = Field(default="", max_length=200)
    fax: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=500)
    contact_persons: str = Field(default="", max_length=2000)
    office_hours: str = Field(default="", max_length=200)
    timezone: str = Field(default="", max_length=64, description="IANA name, e.g. Africa/Cairo")
    requirements: str = Field(default="", max_length=10000)
    notes: str = Field(default="", max_length=10000)
    legal_texts: list[LegalText] = Field(default_factory=list)
    verified_on: date | None = None
    source: str = Field(default="", max_length=2000)
    public_key: str = Field(
        default="",
        max_length=20000,
        description="the bundle `mla-tool exchange identity` prints (as printed), or PEM",
    )
    retired: bool = False
    is_sample: bool = False

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        value = value.upper()
        if len(value) != 3 or state_by_iso3(value) is None:
            raise ValueError(N_("unknown ISO 3166-1 alpha-3 code"))
        return value

    @field_validator("functions")
    @classmethod
    def _functions(cls, value: list[str]) -> list[str]:
        out: list[str] = []
        for item in value:
            item = item.strip().lower()
            if not _SLUG.match(item):
                raise ValueError(f"{item!r} is not a function (lower-case letters, digits, _)")
            if item not in out:
                out.append(item)
        return out

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        out: list[str] = []
        for item in value:
            item = item.strip().lower()
            if not language_is_known(item):
                raise ValueError(f"{item!r} is not an ISO 639-1 language code")
            if item not in out:
                out.append(item)
        return out

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and not _EMAIL.match(value):
            raise ValueError(N_("not an email address"))
        return value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        if value and not _URL.match(value):
            raise ValueError(N_("must be an http:// or https:// address"))
        return value

    @field_validator("external_id")
    @classmethod
    def _external_id(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("public_key")
    @classmethod
    def _public_key(cls, value: str) -> str:
        return normalise_public_key(value)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        if value and value not in _time_zones():
            raise ValueError(N_("not an IANA time zone (e.g. Africa/Cairo)"))
        return value

    @field_validator("verified_on")
    @classmethod
    def _verified_on(cls, value: date | None) -> date | None:
        if value is not None and value > clock.today():
            raise ValueError(N_("cannot be in the future"))
        return value


#: PUT /authorities/{id}: every field optional; the fields given replace the stored ones.
AuthorityPatch = create_model(  # type: ignore[call-overload]
    "AuthorityPatch",
    __config__=ConfigDict(extra="forbid"),
    **{
        name: (info.annotation | None, Field(default=None, description=info.description))
        for name, info in AuthorityIn.model_fields.items()
    },
)


class AuthorityOut(AuthorityIn):
    """A directory entry as the API returns it."""

    model_config = ConfigDict(extra="allow")
    id: int
    country_name: str
    version: int
    stale: bool
    created_at: str
    updated_at: str


class ParticipationIn(BaseModel):
    """A maintainer's correction of a state's participation in an instrument."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)
    status: Literal["party", "signatory", "withdrawn"]
    signature_date: date | None = None
    consent_date: date | None = None
    consent_type: str = Field(default="", max_length=30)
    source: str = Field(min_length=1, max_length=2000)
    data_as_of: date | None = None


class DeclarationIn(BaseModel):
    """A maintainer's correction of a state's declarations under an instrument."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)
    central_authority: str = Field(default="", max_length=2000)
    languages_text: str = Field(default="", max_length=2000)
    languages: list[str] = Field(default_factory=list)
    legal_basis_extradition: Literal["yes", "no", "unknown"] = "unknown"
    source: str = Field(min_length=1, max_length=2000)
    quote: str = Field(default="", max_length=5000)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return AuthorityIn._languages(value)  # type: ignore[operator]


def errors_by_field(error: Any) -> dict[str, str]:
    """{field: message} of a pydantic ValidationError, first message per field."""
    fields: dict[str, str] = {}
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "entry"
        message = str(item["msg"]).removeprefix("Value error, ")
        fields.setdefault(location, message)
    return fields
