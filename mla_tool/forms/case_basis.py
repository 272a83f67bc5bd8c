"""The legal basis a case is counted under in the statistics: the first its requests cite."""

from __future__ import annotations

from typing import Any

from .models import MlaRequest


def note_legal_basis(request: MlaRequest, case: Any = None, **_: Any) -> None:
    """On submission (and transmission), a case without a basis takes the request's first one."""
    if case is None or case.legal_basis:
        return
    cited = [str(code) for code in (request.data or {}).get("legal_basis") or [] if code]
    if cited:
        case.legal_basis = cited[0][:40]
