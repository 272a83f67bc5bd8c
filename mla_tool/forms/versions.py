"""The numbered versions of a request: listing them, reading one, restoring one as a new one,
comparing two."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..i18n import N_
from .drafting import update_request
from .errors import RequestError
from .models import MlaRequest, RequestVersion
from .version_compare import Change, compare_documents
from .version_marks import latest_marked


def versions_of(request: MlaRequest) -> list[RequestVersion]:
    return list(
        db.session.execute(
            select(RequestVersion)
            .where(RequestVersion.request_id == request.id)
            .order_by(RequestVersion.number.desc())
        ).scalars()
    )


def version_of(request: MlaRequest, number: int) -> RequestVersion | None:
    return db.session.execute(
        select(RequestVersion).where(
            RequestVersion.request_id == request.id, RequestVersion.number == number
        )
    ).scalar_one_or_none()


def restore_version(request: MlaRequest, number: int, actor: User) -> MlaRequest:
    version = version_of(request, number)
    if version is None:
        raise RequestError(N_("no such version"), {"version": "not found"}, 404)
    changes = {key: version.data.get(key) for key in set(version.data) | set(request.data)}
    changes["kind"] = version.data.get("kind", request.kind)
    return update_request(request, changes, actor)


@dataclass(frozen=True)
class VersionPair:
    """Two versions of a request, the older first, and the fields that differ between them."""

    older: RequestVersion
    newer: RequestVersion
    changes: list[Change]


def default_pair(request: MlaRequest) -> tuple[int, int]:
    """What a reviewer compares first: the version last returned for correction (else the one
    before) against the current one."""
    current = request.version
    returned = latest_marked(request, "returned")
    if returned is not None and returned < current:
        return returned, current
    return max(current - 1, 1), current


def compare_versions(
    request: MlaRequest,
    first: int,
    second: int,
    gettext: Callable[[str], str],
    language: str,
) -> VersionPair:
    """Versions `first` and `second` (either order) compared field by field."""
    found = {number: version_of(request, number) for number in {first, second}}
    missing = sorted(number for number, version in found.items() if version is None)
    if missing:
        raise RequestError(
            N_("no such version"), {"version": ", ".join(str(n) for n in missing)}, 404
        )
    older, newer = found[min(first, second)], found[max(first, second)]
    assert older is not None and newer is not None
    changes = compare_documents(request.kind, older.data, newer.data, gettext, language)
    return VersionPair(older, newer, changes)
