"""API of a request's versions: the review's marks on them, and two versions compared."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from pydantic import BaseModel, ConfigDict, Field

from ..api.errors import ApiError
from ..api.routing import api_route
from ..auth.models import User
from ..schema_types import RowId, UtcDateTime
from .access import get_request_for
from .errors import RequestError
from .models import MlaRequest
from .request_page import ui_language
from .version_marks import MARKS, marks_of
from .versions import compare_versions, default_pair

TAG = "requests"


class VersionMarkOut(BaseModel):
    version: int = Field(description="the number of the version the event concerned")
    mark: str = Field(description=" | ".join(MARKS))
    actor_id: int | None = Field(description="who did it (null: the system)")
    at: UtcDateTime
    note: str | None = Field(description="the note typed with it, as typed")
    field_comments: dict[str, str] | None = Field(
        description="a return's comments: field path -> comment"
    )


class CompareQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: RowId | None = Field(
        default=None,
        alias="from",
        description="one version (default: the one last returned for correction, else the one "
        "before the current)",
    )
    to: RowId | None = Field(default=None, description="the other version (default: the current)")


class ChangeOut(BaseModel):
    path: str = Field(description="the field's path in the request document, e.g. persons[0].name")
    step: str = Field(description="the wizard step holding the field (empty: none)")
    label: str = Field(description="the field's label in the caller's language")
    state: str = Field(description="added | removed | changed")
    before: str = Field(description="the older version's value as shown to a reader")
    after: str = Field(description="the newer version's value as shown to a reader")


class ComparisonOut(BaseModel):
    request_id: int
    older: int
    newer: int
    changes: list[ChangeOut]


def _load(user: User, request_id: int) -> MlaRequest:
    try:
        return get_request_for(user, request_id)
    except RequestError as error:
        raise ApiError(error.status, error.code, error.message, error.fields) from error


@api_route(
    "/requests/<int:request_id>/versions/marks",
    summary="The versions a request was submitted, returned, approved and sent in: who, when, "
    "the note and a return's field comments, oldest first",
    tag=TAG,
    permission="request.read",
    response=list[VersionMarkOut],
)
def version_marks(user: User, request_id: int) -> list[dict[str, Any]]:
    request = _load(user, request_id)
    return [
        VersionMarkOut(
            version=row.version,
            mark=row.mark,
            actor_id=row.actor_id,
            at=row.at,
            note=row.note,
            field_comments=row.field_comments,
        ).model_dump(mode="json")
        for row in marks_of(request)
    ]


@api_route(
    "/requests/<int:request_id>/versions/compare",
    summary="Two versions of a request compared field by field (labels in the caller's language)",
    tag=TAG,
    permission="request.read",
    query=CompareQuery,
    response=ComparisonOut,
)
def compare(user: User, request_id: int, query: CompareQuery) -> dict[str, Any]:
    request = _load(user, request_id)
    first, second = default_pair(request)
    try:
        pair = compare_versions(
            request, query.from_ or first, query.to or second, gettext, ui_language()
        )
    except RequestError as error:
        raise ApiError(error.status, error.code, error.message, error.fields) from error
    return ComparisonOut(
        request_id=request.id,
        older=pair.older.number,
        newer=pair.newer.number,
        changes=[
            ChangeOut(
                path=c.path,
                step=c.step,
                label=c.label,
                state=c.state,
                before=c.before,
                after=c.after,
            )
            for c in pair.changes
        ],
    ).model_dump(mode="json")
