"""The rows of a seeded data set: cases, members, events, deadlines, requests, persons.

Every generator yields tuples in the column order its COLUMNS entry names, deterministically
from one seed, so two runs with the same arguments build the same data. Users are created by
bench/seed itself (their passwords are real hashes)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

STATES = (  # noqa: SIM905
    "DEU ESP ITA USA GBR BRA MAR NGA CAN CHE BEL NLD TUR ARG MEX COL ZAF EGY IND CHN JPN KOR "
    "AUS SEN CIV TUN DZA POL ROU UKR"
).split()
#: The authorities owning cases (their users' country), and the share of the cases each owns.
AUTHORITIES: dict[str, float] = {"FRA": 0.6, "BEL": 0.2, "DEU": 0.15, "MAR": 0.05}
KINDS = ("mla", "mla", "mla", "extradition", "preservation")
BASES = ("UNTOC", "UNCAC", "ECMA", "bilateral", "reciprocity")
GROUNDS = ("dual_criminality", "formal_requirements", "insufficient_evidence", "limitation")
EVENT_TYPES = ("transition", "note", "correspondence", "assignment", "deadline")
FIRST_NAMES = ("Amina", "Jean", "Karim", "Sofia", "Li", "Olga", "Pedro", "Fatou", "Hans", "Mei")
LAST_NAMES = ("Haddad", "Martin", "Okafor", "Rossi", "Wang", "Ivanova", "Silva", "Diallo")

COLUMNS: dict[str, tuple[str, ...]] = {
    "cases": (
        "id", "direction", "kind", "counterpart_state", "owner_country", "title", "reference",
        "assigned_to", "created_by", "due_date", "status", "confidential", "created_at",
        "updated_at", "is_sample", "started_on", "concluded_on", "outcome", "refusal_ground",
        "legal_basis",
    ),
    "case_members": ("case_id", "user_id", "role_in_case", "added_at"),
    "case_events": (
        "case_id", "at", "actor_id", "type", "from_status", "to_status", "note", "details"
    ),
    "case_deadlines": (
        "case_id", "kind", "due_on", "label", "remind_days", "done", "created_at"
    ),
    "requests": (
        "id", "kind", "status", "owner_id", "case_id", "language", "requesting_state",
        "requested_state", "reference", "data", "version", "is_sample", "created_at",
        "updated_at",
    ),
    "request_versions": ("request_id", "number", "data", "saved_by", "saved_at"),
    "person_keys": ("request_id", "case_id", "key"),
}  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """The sizes asked for and the users (id, country) the rows refer to."""

    cases: int
    events_per_case: int
    requests_per_case: float
    users: dict[str, list[int]]  # country -> user ids
    seed: int = 7
    now: datetime = datetime(2026, 11, 1)


def _status_and_dates(
    rng: random.Random, direction: str, created: datetime
) -> tuple[str, date | None, date | None, str | None, str | None]:
    """A status and the milestones (started, concluded, outcome, ground) it implies."""
    roll = rng.random()
    if roll < 0.15:
        return ("draft" if direction == "outgoing" else "received"), None, None, None, None
    started = (created + timedelta(days=rng.randint(1, 30))).date()
    if roll < 0.55:
        return "in_execution", started, None, None, None
    concluded = started + timedelta(days=int(rng.expovariate(1 / 120)) + 1)
    outcome = "executed" if roll < 0.85 else ("refused" if roll < 0.95 else "withdrawn")
    ground = rng.choice(GROUNDS) if outcome == "refused" else None
    return outcome, started, concluded, outcome, ground


def cases(plan: Plan) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(plan.seed)
    countries = list(AUTHORITIES)
    weights = list(AUTHORITIES.values())
    today = plan.now.date()
    for case_id in range(1, plan.cases + 1):
        country = rng.choices(countries, weights)[0]
        staff = plan.users[country]
        direction = "outgoing" if rng.random() < 0.55 else "incoming"
        created = plan.now - timedelta(days=rng.uniform(0, 1500))
        status, started, concluded, outcome, ground = _status_and_dates(rng, direction, created)
        due = today + timedelta(days=rng.randint(-90, 180)) if rng.random() < 0.6 else None
        state = rng.choice(STATES)
        yield (
            case_id, direction, rng.choice(KINDS), state, country,
            f"Matter {case_id} concerning {rng.choice(STATES)} proceeds", f"REF-{case_id:07d}",
            rng.choice(staff) if rng.random() < 0.7 else None, staff[case_id % len(staff)],
            due, status, rng.random() < 0.05, created,
            created + timedelta(days=rng.uniform(0, 60)), False, started, concluded, outcome,
            ground, rng.choice(BASES) if started else None,
        )  # fmt: skip


def case_members(case_rows: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for row in case_rows:
        yield (row[0], row[8], "creator", row[12])
        if row[7] is not None and row[7] != row[8]:
            yield (row[0], row[7], "assignee", row[12])


def case_events(
    plan: Plan, rng: random.Random, case_rows: list[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    """`events_per_case` on average (1 to twice that), the first the case's opening."""
    most = 2 * plan.events_per_case
    details = "{}"
    for row in case_rows:
        case_id, created, creator = row[0], row[12], row[8]
        at = created
        yield (case_id, at, creator, "transition", None, row[10], None, details)
        for _ in range(rng.randint(1, max(1, most)) - 1):
            at += timedelta(hours=rng.randint(1, 400))
            yield (case_id, at, creator, rng.choice(EVENT_TYPES), None, None, None, details)


def case_deadlines(
    plan: Plan, rng: random.Random, case_rows: list[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    today = plan.now.date()
    for row in case_rows:
        if rng.random() < 0.1:
            due = today + timedelta(days=rng.randint(-20, 60))
            yield (row[0], "respond_by", due, "Reply", "[14, 3]", rng.random() < 0.3, row[12])


def _person(rng: random.Random) -> dict[str, Any]:
    birth = date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000))
    return {
        "role": rng.choice(("suspect", "witness", "victim")),
        "given_names": rng.choice(FIRST_NAMES),
        "family_name": rng.choice(LAST_NAMES),
        "birth_date": birth.isoformat(),
        "nationality": rng.choice(STATES),
    }


def requests(
    plan: Plan, rng: random.Random, case_rows: list[tuple[Any, ...]], request_id: int
) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...], list[tuple[Any, ...]]]]:
    """(request row, its version row, its person keys) for about `requests_per_case` a case,
    numbered after `request_id`."""
    for row in case_rows:
        if rng.random() >= plan.requests_per_case:
            continue
        request_id += 1
        persons = [_person(rng) for _ in range(rng.randint(1, 3))]
        data = json.dumps(
            {
                "kind": "mla",
                "language": "en",
                "requested_state": row[3],
                "reference": row[6],
                "facts": f"Proceeds of fraud moved through accounts in {row[3]}.",
                "persons": persons,
            }
        )
        owner = row[8]
        request = (
            request_id, "mla", "draft", owner, row[0], "en", row[4], row[3], row[6], data, 1,
            False, row[12], row[13],
        )  # fmt: skip
        version = (request_id, 1, data, owner, row[12])
        keys = [
            (
                request_id,
                row[0],
                f"n:{' '.join(sorted((p['given_names'] + ' ' + p['family_name']).lower().split()))}"
                f"|{p['birth_date']}",
            )
            for p in persons
        ]
        yield request, version, keys
