"""The numbered versions of a request: listing them, reading one, restoring one as a new one."""

from __future__ import annotations

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..i18n import N_
from .drafting import update_request
from .errors import RequestError
from .models import MlaRequest, RequestVersion


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
