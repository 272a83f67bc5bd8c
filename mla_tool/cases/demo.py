"""Sample cases for the demo users: both directions, various statuses, deadlines and a timeline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ..auth.models import User, utcnow
from ..extensions import db
from . import dates
from .deadlines import add_deadline
from .membership import add_member, assign
from .models import Case, CaseEvent
from .opening import open_case
from .transitions import transition

#: (direction, kind, state, title, reference, path of statuses after the first, days per step,
#:  due in days from today or None, confidential)
SAMPLE_CASES: tuple[tuple[Any, ...], ...] = (  # fmt: skip
    (
        "outgoing",
        "mla",
        "DEU",
        "Bank records of Société Alpha",
        "FR-PNF-2026-001",
        (),
        0,
        30,
        False,
    ),
    (
        "outgoing",
        "mla",
        "ESP",
        "Witness hearing by videoconference",
        "FR-2026-014",
        ("under_review",),
        2,
        20,
        False,
    ),
    (
        "outgoing",
        "extradition",
        "ITA",
        "Extradition of M. R.",
        "FR-EXT-2026-003",
        ("under_review", "returned"),
        3,
        10,
        True,
    ),
    (
        "outgoing",
        "mla",
        "MAR",
        "Search of business premises in Casablanca",
        "FR-2026-021",
        ("under_review", "approved", "transmitted"),
        4,
        -5,
        False,
    ),
    (
        "outgoing",
        "preservation",
        "USA",
        "Preservation of e-mail account data",
        "FR-CYB-2026-007",
        ("under_review", "approved", "transmitted", "in_execution"),
        5,
        60,
        False,
    ),
    (
        "outgoing",
        "mla",
        "BEL",
        "Tracing proceeds of fraud",
        "FR-2026-002",
        ("under_review", "approved", "transmitted", "in_execution", "executed"),
        12,
        None,
        False,
    ),
    (
        "outgoing",
        "mla",
        "CHE",
        "Freezing of accounts",
        "FR-2026-009",
        ("under_review", "approved", "transmitted", "in_execution", "info_requested"),
        9,
        -2,
        False,
    ),
    (
        "incoming",
        "mla",
        "NGA",
        "Request for service of documents",
        "NG-MOJ-2026-55",
        (),
        0,
        45,
        False,
    ),
    (
        "incoming",
        "mla",
        "BRA",
        "Hearing of a witness in Lyon",
        "BR-DRCI-2026-12",
        ("under_review", "in_execution"),
        6,
        15,
        False,
    ),
    (
        "incoming",
        "extradition",
        "TUR",
        "Extradition request for A. K.",
        "TR-2026-301",
        ("under_review", "refused"),
        10,
        None,
        True,
    ),
    (
        "incoming",
        "mla",
        "CAN",
        "Production of telephone records",
        "CA-2026-88",
        ("under_review", "in_execution", "executed", "closed"),
        8,
        None,
        False,
    ),
    (
        "incoming",
        "emergency_disclosure",
        "GBR",
        "Emergency disclosure: threat to life",
        "UK-24-7-19",
        ("under_review", "in_execution", "postponed"),
        1,
        -1,
        False,
    ),
)

REASONS = {
    "refused": "Refused under art. 18(21)(b): the request is likely to prejudice public order.",
    "returned": "Please complete the facts and the link to the measures.",
    "postponed": "Postponed under art. 18(25): it would interfere with an ongoing investigation.",
}


def _actor_for(direction: str, status: str, users: dict[str, User]) -> User:
    if direction == "outgoing" and status == "under_review":
        return users["prosecutor"]
    return users["caseworker"]


def load_sample_cases(users: dict[str, User]) -> str:
    if db.session.execute(select(Case.id).where(Case.is_sample.is_(True)).limit(1)).first():
        return "sample cases: present already"
    today = dates.today()
    for row in SAMPLE_CASES:
        direction, kind, state, title, reference, path, step_days, due_in, confidential = row
        creator = users["prosecutor"] if direction == "outgoing" else users["caseworker"]
        case = open_case(
            direction=direction,
            kind=kind,
            counterpart_state=state,
            title=title,
            actor=creator,
            reference=reference,
            due_date=today + timedelta(days=due_in) if due_in is not None else None,
            confidential=confidential,
            is_sample=True,
        )
        if direction == "outgoing":
            add_member(case, users["caseworker"], "supervisor", users["caseworker"])
        else:
            assign(case, users["prosecutor"], users["caseworker"])
        for status in path:
            details = (
                {"field_comments": {"facts": "Say when and where the transfers took place."}}
                if status == "returned"
                else None
            )
            transition(
                case,
                status,
                _actor_for(direction, status, users),
                note=REASONS.get(status),
                details=details,
            )
        if kind in ("preservation", "emergency_disclosure"):
            add_deadline(
                case,
                kind="preservation_expiry" if kind == "preservation" else "respond_by",
                due_on=today + timedelta(days=5),
                label="Preservation ends (90 days)" if kind == "preservation" else "Reply due",
                remind_days=[7, 2],
            )
        db.session.flush()
        _spread_events(case, step_days)
    db.session.flush()
    return f"sample cases: {len(SAMPLE_CASES)} created"


def _spread_events(case: Case, step_days: int) -> None:
    """Backdate a sample case's timeline so that statistics show realistic durations."""
    events = list(
        db.session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).scalars()
    )
    now = utcnow()
    steps = sum(1 for e in events if e.type == "transition")
    start = now - timedelta(days=step_days * (steps + 1) + 1)
    case.created_at = start
    moment = start
    for event in events:
        if event.type == "transition":
            moment = moment + timedelta(days=step_days, hours=3)
        event.at = moment
    case.updated_at = moment
