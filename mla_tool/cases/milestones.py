"""A case's real dates for the statistics: transmitted or received, executed, refused (and why)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from ..i18n import N_
from .dates import today
from .errors import TransitionError
from .models import Case, CaseEvent

#: Grounds of refusal that States report (UNTOC art. 18(21), 18(9), 16(14), 16(10) and the usual
#: treaty grounds), code -> label. A refusal may name one; statistics count refusals by it.
REFUSAL_GROUNDS: dict[str, Any] = {
    "formal_requirements": _l("Request does not conform to art. 18(15) (art. 18(21)(a))"),
    "sovereignty_public_order": _l("Sovereignty, security, ordre public (art. 18(21)(b))"),
    "domestic_law_prohibits": _l("Domestic law prohibits the action (art. 18(21)(c))"),
    "contrary_to_legal_system": _l("Contrary to the legal system (art. 18(21)(d))"),
    "dual_criminality": _l("No dual criminality (art. 18(9))"),
    "persecution": _l("Persecution or discrimination (art. 16(14))"),
    "nationality": _l("Person is a national (art. 16(10))"),
    "death_penalty": _l("Death penalty without assurances"),
    "limitation": _l("Time-barred (limitation)"),
    "insufficient_evidence": _l("Insufficient evidence or information"),
    "ne_bis_in_idem": _l("Ne bis in idem"),
    "other": _l("Other ground"),
}
#: Statuses that end a case for the statistics: the first one reached is its outcome.
OUTCOMES: tuple[str, ...] = ("executed", "refused", "withdrawn")
#: The status on which an outgoing case's clock starts (an incoming one's starts on receipt).
START_OF_DIRECTION: dict[str, str] = {"outgoing": "transmitted"}


def check_refusal_ground(to_status: str, details: dict[str, Any]) -> None:
    """A refusal may name its ground from REFUSAL_GROUNDS; another move names none."""
    ground = details.get("refusal_ground")
    if ground in (None, ""):
        details.pop("refusal_ground", None)
        return
    if to_status != "refused" or ground not in REFUSAL_GROUNDS:
        raise TransitionError(
            "invalid_refusal_ground",
            N_("the refusal ground is not one of the listed grounds"),
            {"refusal_ground": f"one of {', '.join(REFUSAL_GROUNDS)}, when refusing"},
        )


def _day(value: date | datetime | None) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value or today()


def _stated_day(value: Any) -> date | None:
    """The date a transmission record gives (`sent_on`, ISO), when it gives a valid one."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def note_received(case: Case, on: date) -> None:
    """An incoming case's clock starts on the earliest day the request is recorded received."""
    if case.direction == "incoming" and (case.started_on is None or on < case.started_on):
        case.started_on = on


def on_case_opened(case: Case, **_: Any) -> None:
    """An incoming request counts from its registration until a receipt date is recorded."""
    if case.direction == "incoming" and case.started_on is None:
        case.started_on = _day(case.created_at)


def on_case_moved(case: Case, event: CaseEvent, **_: Any) -> None:
    """Keep the day of transmission (the day the transmission record says it was sent, else the
    day of the move) and of the outcome (the first of each), and the refusal ground."""
    if START_OF_DIRECTION.get(case.direction) == event.to_status and case.started_on is None:
        case.started_on = _stated_day((event.details or {}).get("sent_on")) or _day(event.at)
    if event.to_status in OUTCOMES and case.outcome is None:
        case.outcome = event.to_status
        case.concluded_on = _day(event.at)
        ground = (event.details or {}).get("refusal_ground")
        case.refusal_ground = ground if event.to_status == "refused" else None


def replay(case: Case, events: list[CaseEvent]) -> None:
    """Set the case's dates again from its events (oldest first), as when they happened: for
    timelines written after the fact (the demo's backdated samples)."""
    case.started_on = case.outcome = case.concluded_on = case.refusal_ground = None
    on_case_opened(case)
    for event in events:
        details = event.details or {}
        if event.type == "transition":
            on_case_moved(case, event)
        elif event.type == "correspondence" and details.get("way") == "received":
            received = _stated_day(details.get("on"))
            if received is not None:
                note_received(case, received)
