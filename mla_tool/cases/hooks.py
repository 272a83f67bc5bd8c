"""Slots the wizard fills: the requests of a case, the fields to review and the requests of its
review cycle (a transition is announced through `signals.case_moved`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Case

# Filled by `wiring.connect_reactions()` with the wizard's functions; `cases` never imports `forms`.

#: Set by the wizard module: case id -> ids of the requests filed in that case.
REQUEST_IDS_PROVIDER: Callable[[int], list[int]] | None = None

#: Set by the wizard module: the fields of the request under review in a case, as
#: (path, label) pairs a reviewer may comment on (empty when the case holds no request).
REVIEW_FIELDS_PROVIDER: Callable[[Case], list[tuple[str, str]]] | None = None

#: Set by the wizard module: the requests of the case's current review cycle, as request id ->
#: request status (empty when the case is past review or holds no request).
REVIEW_CYCLE_PROVIDER: Callable[[Case], dict[int, str]] | None = None


def request_ids(case: Case) -> list[int]:
    provider = REQUEST_IDS_PROVIDER
    return list(provider(case.id)) if provider is not None else []


def review_fields(case: Case) -> list[tuple[str, str]]:
    """What a reviewer may comment on when returning the case's request: (path, label)."""
    provider = REVIEW_FIELDS_PROVIDER
    return provider(case) if provider is not None else []


def review_cycle(case: Case) -> dict[int, str]:
    """The requests reviewed in the case's current cycle: request id -> request status."""
    provider = REVIEW_CYCLE_PROVIDER
    return dict(provider(case)) if provider is not None else {}


#: Set by the wizard module: what a transmission of the case may carry, as {"requests": [{id,
#: kind, language, version, status, chosen}], "attachments": [{id, filename, sha256, size}]}.
TRANSMISSION_CHOICES_PROVIDER: Callable[[Case], dict[str, list[dict[str, Any]]]] | None = None

#: Set by the wizard module: records a transmission whose documents it makes (the chosen
#: requests' documents as generated, kept in the vault, and the chosen attachments); called as
#: (case, actor, request_ids=..., attachment_ids=..., sent_on=..., channel=..., reference=...,
#: note=...) and returns the `Transmission`. The caller commits.
TRANSMISSION_RECORDER: Callable[..., Any] | None = None


def transmission_choices(case: Case) -> dict[str, list[dict[str, Any]]]:
    provider = TRANSMISSION_CHOICES_PROVIDER
    return provider(case) if provider is not None else {"requests": [], "attachments": []}


def record_transmission(case: Case, actor: Any, **fields: Any) -> Any:
    """Record a transmission with the documents the wizard makes (see TRANSMISSION_RECORDER)."""
    recorder = TRANSMISSION_RECORDER
    if recorder is None:
        raise RuntimeError("no transmission recorder is wired")
    return recorder(case, actor, **fields)
