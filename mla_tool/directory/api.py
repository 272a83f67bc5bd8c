"""JSON API endpoints of the directory domain (registered on the shared /api/v1 blueprint)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..api.errors import ApiError
from ..api.routing import api_route
from ..auth.models import User
from ..schema_types import StateCode
from . import authorities, treaties, versions
from .errors import DirectoryError
from .instrument_data import REQUEST_KINDS
from .legal_basis import legal_basis as find_legal_basis
from .profiles import edits as profile_edits
from .profiles import store as profile_store
from .schemas import AuthorityIn, AuthorityOut, AuthorityPatch
from .states import state_by_iso3
from .treaty_api_models import InstrumentOut, LegalBasisOut

RequestKind = Literal[REQUEST_KINDS]  # type: ignore[valid-type]


def _api_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the service's DirectoryError into the API's JSON 4xx error."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DirectoryError as error:
            raise ApiError(error.status, error.code, error.message, error.fields) from error

    return wrapped


class AuthorityEdit(AuthorityPatch):  # type: ignore[misc,valid-type]
    expected_version: int | None = Field(
        default=None,
        ge=1,
        description="the version the client last read: when someone else saved a newer one "
        "since, nothing changes and the answer is a 409 (conflict)",
    )


class AuthoritiesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str | None = Field(default=None, max_length=3, description="ISO 3166-1 alpha-3")
    function: str | None = Field(default=None, max_length=40)
    language: str | None = Field(default=None, max_length=2, description="ISO 639-1")
    q: str | None = Field(default=None, max_length=200, description="free text, any language")
    include_retired: bool = False
    limit: int = Field(default=100, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class LegalBasisQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    requesting: StateCode
    requested: StateCode
    kind: RequestKind


class VersionOut(BaseModel):
    version: int
    action: str
    at: str
    actor_email: str | None
    changed_fields: list[str]
    note: str
    snapshot: dict[str, Any]


@api_route(
    "/instruments",
    summary="Treaties and other legal bases, with the article to cite per kind of request",
    tag="directory",
    response=list[InstrumentOut],
    permission="directory.read",
)
def instruments(user: User) -> list[dict[str, Any]]:
    return [treaties.instrument_as_dict(item) for item in treaties.list_instruments()]


@api_route(
    "/legal-basis",
    summary="Instruments both states are bound by for a kind of request, best first",
    tag="directory",
    query=LegalBasisQuery,
    response=list[LegalBasisOut],
    permission="directory.read",
    error_statuses=(422,),
)
@_api_errors
def legal_basis(user: User, query: LegalBasisQuery) -> list[dict[str, Any]]:
    return find_legal_basis(query.requesting, query.requested, query.kind)


@api_route(
    "/authorities",
    summary="Search the directory (state, function, language, free text in any language)",
    tag="directory",
    query=AuthoritiesQuery,
    response=list[AuthorityOut],
    permission="directory.read",
)
def list_authorities(user: User, query: AuthoritiesQuery) -> list[dict[str, Any]]:
    found = authorities.find_authorities(
        country=query.country,
        function=query.function,
        language=query.language,
        q=query.q,
        include_retired=query.include_retired,
        limit=query.limit,
        offset=query.offset,
    )
    return [authorities.authority_as_dict(a) for a in found]


@api_route(
    "/authorities",
    "POST",
    summary="Create a directory entry",
    tag="directory",
    body=AuthorityIn,
    response=AuthorityOut,
    permission="directory.edit",
    status=201,
    error_statuses=(409, 422),
)
@_api_errors
def create_authority(user: User, body: AuthorityIn) -> dict[str, Any]:
    return authorities.authority_as_dict(authorities.create_authority(body, user))


@api_route(
    "/authorities/<int:authority_id>",
    summary="One directory entry",
    tag="directory",
    response=AuthorityOut,
    permission="directory.read",
    error_statuses=(404,),
)
@_api_errors
def get_authority(user: User, authority_id: int) -> dict[str, Any]:
    return authorities.authority_as_dict(authorities.get_authority(authority_id))


@api_route(
    "/authorities/<int:authority_id>",
    "PUT",
    summary="Change a directory entry: the fields given replace the stored ones (new version)",
    tag="directory",
    body=AuthorityEdit,
    response=AuthorityOut,
    permission="directory.edit",
    error_statuses=(404, 409, 422),
)
@_api_errors
def update_authority(user: User, body: BaseModel, authority_id: int) -> dict[str, Any]:
    authority = authorities.get_authority(authority_id)
    changes = body.model_dump(exclude_unset=True)
    expected = changes.pop("expected_version", None)
    authorities.patch_authority(authority, changes, user, expected_version=expected)
    return authorities.authority_as_dict(authority)


@api_route(
    "/authorities/<int:authority_id>",
    "DELETE",
    summary="Retire a directory entry (it is kept with its history, never deleted)",
    tag="directory",
    response=AuthorityOut,
    permission="directory.edit",
    error_statuses=(404,),
)
@_api_errors
def retire_authority(user: User, authority_id: int) -> dict[str, Any]:
    authority = authorities.get_authority(authority_id)
    authorities.retire_authority(authority, user)
    return authorities.authority_as_dict(authority)


@api_route(
    "/authorities/<int:authority_id>/history",
    summary="Every version of a directory entry, newest first",
    tag="directory",
    response=list[VersionOut],
    permission="directory.read",
    error_statuses=(404,),
)
@_api_errors
def authority_history(user: User, authority_id: int) -> list[dict[str, Any]]:
    authority = authorities.get_authority(authority_id)
    return [
        {
            "version": v.version,
            "action": v.action,
            "at": v.at.isoformat(),
            "actor_email": v.actor_email,
            "changed_fields": v.changed_fields,
            "note": v.note,
            "snapshot": v.snapshot,
        }
        for v in versions.history("authority", authority.id)
    ]


class ProfileValueOut(BaseModel):
    value: Any = Field(description="the field's value; null when unknown")
    source: str | None
    verified_on: str | None
    note: str | None
    origin: str = Field(
        description="edited (a maintainer's; null value: recorded as unknown) | seed (packaged "
        "reference data) | unknown (recorded nowhere)"
    )
    version: int = Field(description="the number of maintainers' versions of the field")


class ProfileChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["set", "unknown", "reset"] = Field(
        default="set",
        description="set: record value; unknown: record that it is not known; reset: back to "
        "the packaged value",
    )
    value: Any = None
    source: str = Field(default="", max_length=2000)
    verified_on: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD")
    note: str = Field(default="", max_length=2000)


class ProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fields: dict[str, ProfileChange] = Field(
        description="field code -> its change; fields left out stay as they are"
    )


class ProfileVersionOut(BaseModel):
    field: str
    version: int
    action: str
    value: Any
    source: str
    verified_on: str | None
    note: str
    actor_email: str | None
    at: str


def _profile_out(iso3: str) -> dict[str, Any]:
    return {field: entry.as_dict() for field, entry in profile_store.state_profile(iso3).items()}


def _known_state(iso3: str) -> str:
    if state_by_iso3(iso3.upper()) is None:
        raise DirectoryError("unknown state", {"state": "unknown ISO 3166-1 alpha-3 code"}, 404)
    return iso3.upper()


@api_route(
    "/states/<iso3>/profile",
    summary="A state's requirement profile: each field with its value, source and verified_on",
    tag="directory",
    response=dict[str, ProfileValueOut],
    permission="directory.read",
    error_statuses=(404,),
)
@_api_errors
def state_profile(user: User, iso3: str) -> dict[str, Any]:
    return _profile_out(_known_state(iso3))


@api_route(
    "/states/<iso3>/profile",
    "PUT",
    summary="Change fields of a state's requirement profile (each change a new version)",
    tag="directory",
    body=ProfileIn,
    response=dict[str, ProfileValueOut],
    permission="directory.edit",
    error_statuses=(404, 422),
)
@_api_errors
def update_state_profile(user: User, body: ProfileIn, iso3: str) -> dict[str, Any]:
    iso3 = _known_state(iso3)
    changes = {field: change.model_dump() for field, change in body.fields.items()}
    profile_store.set_profile(iso3, changes, user)
    return _profile_out(iso3)


@api_route(
    "/states/<iso3>/profile/history",
    summary="Every maintainer's version of a state's requirement profile, newest first",
    tag="directory",
    response=list[ProfileVersionOut],
    permission="directory.read",
    error_statuses=(404,),
)
@_api_errors
def state_profile_history(user: User, iso3: str) -> list[dict[str, Any]]:
    return [
        {
            "field": row.field,
            "version": row.version,
            "action": row.action,
            "value": row.value,
            "source": row.source,
            "verified_on": row.verified_on.isoformat() if row.verified_on else None,
            "note": row.note,
            "actor_email": row.actor_email,
            "at": row.at.isoformat(),
        }
        for row in profile_edits.profile_history(_known_state(iso3))
    ]
