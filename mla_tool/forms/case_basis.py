"""The legal basis a case is counted under in the statistics: the first its requests cite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from .models import MlaRequest


def _first_cited(request: MlaRequest) -> str | None:
    cited = [str(code) for code in (request.data or {}).get("legal_basis") or [] if code]
    return cited[0][:40] if cited else None


def note_legal_basis(request: MlaRequest, case: Any = None, **_: Any) -> None:
    """On submission (and transmission), a case without a basis takes the request's first one."""
    if case is None or case.legal_basis:
        return
    case.legal_basis = _first_cited(request)


def note_case_legal_basis(case: Any, **_: Any) -> None:
    """When a case moves and has no basis yet (an incoming request registered with its basis),
    it takes the first basis its requests cite, oldest request first."""
    if case.legal_basis:
        return
    requests = db.session.execute(
        select(MlaRequest).where(MlaRequest.case_id == case.id).order_by(MlaRequest.id)
    ).scalars()
    for request in requests:
        basis = _first_cited(request)
        if basis:
            case.legal_basis = basis
            return
