"""Slots the wizard fills: the requests of a case and the fields to review (a transition is
announced through `signals.case_moved`)."""

from __future__ import annotations

from collections.abc import Callable

from .models import Case

# Filled by `wiring.connect_reactions()` with the wizard's functions; `cases` never imports `forms`.

#: Set by the wizard module: case id -> ids of the requests filed in that case.
REQUEST_IDS_PROVIDER: Callable[[int], list[int]] | None = None

#: Set by the wizard module: the fields of the request under review in a case, as
#: (path, label) pairs a reviewer may comment on (empty when the case holds no request).
REVIEW_FIELDS_PROVIDER: Callable[[Case], list[tuple[str, str]]] | None = None


def request_ids(case: Case) -> list[int]:
    provider = REQUEST_IDS_PROVIDER
    return list(provider(case.id)) if provider is not None else []


def review_fields(case: Case) -> list[tuple[str, str]]:
    """What a reviewer may comment on when returning the case's request: (path, label)."""
    provider = REVIEW_FIELDS_PROVIDER
    return provider(case) if provider is not None else []
