"""Sample cases of the demo's two authorities: both directions, every status, timelines."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from ..auth.models import User, utcnow
from ..extensions import db
from ..i18n import N_, Phrase
from . import dates
from .correspondence import record_correspondence
from .deadlines import add_deadline
from .membership import add_member, assign
from .milestones import replay
from .models import Case, CaseEvent, Deadline
from .opening import open_case
from .transitions import transition
from .transmission import ack_reminder_days, record_acknowledgement, record_transmission
from .transmission_models import Transmission


@dataclass(frozen=True)
class SampleCase:
    """One sample case: held by the home authority (Jordan) or the partner's (`partner`), moved
    along `path` after its first status, each step `step_days` apart."""

    direction: str
    kind: str
    state: str
    title: str
    reference: str
    path: tuple[str, ...] = ()
    step_days: int = 0
    due_in: int | None = None  # days from today
    confidential: bool = False
    partner: bool = False
    legal_basis: str | None = "UNTOC"


OUT, IN = "outgoing", "incoming"
TO_APPROVED = ("under_review", "approved")
TO_TRANSMITTED = (*TO_APPROVED, "transmitted")
TO_EXECUTION = (*TO_TRANSMITTED, "in_execution")

#: Together they show every status of the workflow (workflow.STATUSES), in both directions.
SAMPLE_CASES: tuple[SampleCase, ...] = (
    SampleCase(OUT, "mla", "DEU", "Bank records of Alpha Trading LLC", "JO-MOJ-2026-001",
               (), 0, 30),
    SampleCase(OUT, "mla", "ESP", "Witness hearing by videoconference", "JO-MOJ-2026-014",
               ("under_review",), 2, 20),
    SampleCase(OUT, "extradition", "ITA", "Extradition of M. R.", "JO-EXT-2026-003",
               ("under_review", "returned"), 3, 10, True),
    SampleCase(OUT, "mla", "EGY", "Company records of a shell company in Cairo", "JO-MOJ-2026-017",
               TO_APPROVED, 2, 25),
    SampleCase(OUT, "mla", "MAR", "Search of business premises in Casablanca", "JO-MOJ-2026-021",
               TO_TRANSMITTED, 4, -5),
    SampleCase(OUT, "preservation", "USA", "Preservation of e-mail account data",
               "JO-CYB-2026-007", TO_EXECUTION, 5, 60),
    SampleCase(OUT, "mla", "CHE", "Freezing of accounts", "JO-MOJ-2026-009",
               (*TO_EXECUTION, "info_requested"), 9, -2),
    SampleCase(OUT, "mla", "ARE", "Bank records in Dubai", "JO-MOJ-2026-005",
               (*TO_EXECUTION, "partially_executed"), 11),
    SampleCase(OUT, "mla", "BEL", "Tracing proceeds of fraud", "JO-MOJ-2026-002",
               (*TO_EXECUTION, "executed"), 12, legal_basis="UNCAC"),
    SampleCase(OUT, "mla", "NLD", "Hearing of a suspect in Rotterdam", "JO-MOJ-2026-011",
               (*TO_TRANSMITTED, "refused"), 15),
    SampleCase(OUT, "mla", "GBR", "Production of hosting records", "JO-CYB-2026-012",
               ("under_review", "withdrawn"), 3),
    SampleCase(OUT, "mla", "AUT", "Interview of a witness in Vienna", "JO-MOJ-2025-077",
               (*TO_EXECUTION, "executed", "closed"), 14),
    SampleCase(IN, "mla", "NGA", "Request for service of documents", "NG-MOJ-2026-55", (), 0, 45),
    SampleCase(IN, "mla", "FRA", "Hearing of a witness in Amman", "FR-BEPI-2026-12",
               ("under_review", "in_execution"), 6, 15),
    SampleCase(IN, "mla", "DEU", "Expert examination of a vessel in Aqaba", "DE-BfJ-2026-63",
               ("under_review",), 2, 40),
    SampleCase(IN, "mla", "SAU", "Identification of an account holder", "SA-2026-140",
               ("under_review", "info_requested"), 4, 20),
    SampleCase(IN, "extradition", "TUR", "Extradition request for A. K.", "TR-2026-301",
               ("under_review", "refused"), 10, None, True),
    SampleCase(IN, "mla", "CAN", "Production of telephone records", "CA-2026-88",
               ("under_review", "in_execution", "executed", "closed"), 8,
               legal_basis="reciprocity"),
    SampleCase(IN, "mla", "EGY", "Bank statements of a travel agency", "EG-PP-2026-208",
               ("under_review", "in_execution", "executed"), 7, legal_basis="UNCAC"),
    SampleCase(IN, "mla", "ITA", "Search of premises in Irbid", "IT-2026-415",
               ("under_review", "withdrawn"), 3),
    SampleCase(IN, "emergency_disclosure", "GBR", "Emergency disclosure: threat to life",
               "UK-24-7-19", ("under_review", "in_execution", "postponed"), 1, -1),
    # the partner's side: France's central authority sends to and receives from Jordan
    SampleCase(OUT, "mla", "JOR", "Hearing of a witness in Amman", "FR-BEPI-2026-12",
               TO_EXECUTION, 6, 15, partner=True),
    SampleCase(OUT, "mla", "JOR", "Telephone subscriber records in Zarqa", "FR-BEPI-2026-31",
               ("under_review",), 2, 30, partner=True),
    SampleCase(IN, "mla", "JOR", "Bank records of a company in Lyon", "JO-MOJ-2025-090",
               ("under_review", "in_execution", "executed"), 9, partner=True),
)  # fmt: skip

REASONS = {
    "refused": "Refused under art. 18(21)(b): the request is likely to prejudice public order.",
    "returned": "Please complete the facts and the link to the measures.",
    "postponed": "Postponed under art. 18(25): it would interfere with an ongoing investigation.",
    "withdrawn": "Withdrawn: the proceedings were discontinued and the measures are not needed.",
    "partially_executed": "Statements of two of the three accounts received; the third bank "
    "has been asked again.",
}
#: The ground a sample refusal names (milestones.REFUSAL_GROUNDS), by direction.
REFUSAL_GROUND = {OUT: "dual_criminality", IN: "sovereignty_public_order"}
#: The channel an outgoing sample goes through, by kind (else the central authorities').
SAMPLE_CHANNELS = {"preservation": "direct", "extradition": "diplomatic"}
#: Days before its registration that an incoming sample request was received.
RECEIVED_DAYS_BEFORE = 2


def _people(users: dict[str, User], partner: bool) -> tuple[User, User]:
    """(prosecutor, caseworker) of the authority holding the case."""
    if partner:
        return users.get("fr-prosecutor") or users["prosecutor"], users.get(
            "fr-caseworker"
        ) or users["caseworker"]
    return users["prosecutor"], users["caseworker"]


def _actor_for(direction: str, status: str, prosecutor: User, caseworker: User) -> User:
    if direction == OUT and status in ("under_review", "withdrawn"):
        return prosecutor
    return caseworker


def _details(direction: str, status: str) -> dict[str, Any] | None:
    if status == "returned":
        return {"field_comments": {"facts": "Say when and where the transfers took place."}}
    if status == "refused":
        return {"refusal_ground": REFUSAL_GROUND[direction]}
    return None


def _open_sample(sample: SampleCase, users: dict[str, User], today: date) -> Case:
    prosecutor, caseworker = _people(users, sample.partner)
    direction = sample.direction
    case = open_case(
        direction=direction,
        kind=sample.kind,
        counterpart_state=sample.state,
        title=sample.title,
        actor=prosecutor if direction == OUT else caseworker,
        reference=sample.reference,
        due_date=today + timedelta(days=sample.due_in) if sample.due_in is not None else None,
        confidential=sample.confidential,
        is_sample=True,
    )
    case.legal_basis = sample.legal_basis if direction == IN or sample.path else None
    if direction == OUT:
        add_member(case, caseworker, "supervisor", caseworker)
    else:
        record_correspondence(
            case,
            caseworker,
            way="received",
            channel="central_authority" if sample.state == "FRA" else "diplomatic",
            on=today,  # moved back with the timeline (_spread_events)
            summary="Request received and registered.",
        )
        assign(case, prosecutor, caseworker)
    for step, status in enumerate(sample.path, start=1):
        if direction == OUT and status == "transmitted":  # recorded as every sending is
            _transmit(case, sample, caseworker, acknowledged=step < len(sample.path))
            continue
        transition(
            case,
            status,
            _actor_for(direction, status, prosecutor, caseworker),
            note=REASONS.get(status),
            details=_details(direction, status),
        )
    return case


def _transmit(case: Case, sample: SampleCase, caseworker: User, acknowledged: bool) -> None:
    """The sample's transmission record (its request's document named with a digest) and, for a
    case the requested state went on with, its acknowledgement; dated when the timeline is
    spread (`_backdate_transmissions`)."""
    name = f"{sample.reference}.pdf"
    row = record_transmission(
        case,
        caseworker,
        sent_on=dates.today(),
        channel=SAMPLE_CHANNELS.get(sample.kind, "central_authority"),
        reference=f"NV {sample.reference}",
        documents=[
            {
                "name": name,
                "sha256": hashlib.sha256(name.encode()).hexdigest(),
                "role": "request_document",
            }
        ],
    )
    if acknowledged:
        record_acknowledgement(
            case, caseworker, row.id, on=dates.today(), reference=f"ACK {sample.reference}"
        )


def load_sample_cases(users: dict[str, User]) -> str:
    if db.session.execute(select(Case.id).where(Case.is_sample.is_(True)).limit(1)).first():
        return "sample cases: present already"
    today = dates.today()
    for sample in SAMPLE_CASES:
        case = _open_sample(sample, users, today)
        if sample.kind in ("preservation", "emergency_disclosure"):
            add_deadline(
                case,
                kind="preservation_expiry" if sample.kind == "preservation" else "respond_by",
                due_on=today + timedelta(days=5),
                label=Phrase(N_("Preservation expires (%(days)s days)"), days=90)
                if sample.kind == "preservation"
                else Phrase(N_("Reply due")),
                remind_days=[7, 2],
            )
        db.session.flush()
        _spread_events(case, sample.step_days)
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
        if event.type == "correspondence" and (event.details or {}).get("way") == "received":
            received = (start - timedelta(days=RECEIVED_DAYS_BEFORE)).date()
            event.details = {**event.details, "on": received.isoformat()}
    case.updated_at = moment
    _backdate_transmissions(events)
    replay(case, events)  # the statistics' dates follow the backdated timeline


def _backdate_transmissions(events: list[CaseEvent]) -> None:
    """A sample's transmission and acknowledgement dates follow their backdated events."""
    for event in events:
        details = event.details or {}
        row = db.session.get(Transmission, details.get("transmission_id") or 0)
        if row is None:
            continue
        on = event.at.date()
        if event.type == "acknowledgement":
            row.acknowledged_on = on
            event.details = {**details, "acknowledged_on": on.isoformat()}
            continue
        row.sent_on = on
        event.details = {**details, "sent_on": on.isoformat()}
        deadline = db.session.get(Deadline, row.ack_deadline_id or 0)
        if deadline is not None:
            deadline.due_on = on + timedelta(days=ack_reminder_days())
