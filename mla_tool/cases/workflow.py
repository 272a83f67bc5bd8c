"""The status workflow of a case as data: which move, in which direction, by whom, with a reason."""

from __future__ import annotations

from dataclasses import dataclass

STATUSES: tuple[str, ...] = (
    "draft",
    "under_review",
    "returned",
    "approved",
    "transmitted",
    "received",
    "in_execution",
    "info_requested",
    "postponed",
    "partially_executed",
    "executed",
    "refused",
    "withdrawn",
    "closed",
)

#: Where a new case starts, per direction.
INITIAL_STATUS: dict[str, str] = {"outgoing": "draft", "incoming": "received"}

#: Statuses after which nothing but closing happens: not open, never overdue, not withdrawable.
FINISHED_STATUSES: frozenset[str] = frozenset({"executed", "refused", "withdrawn", "closed"})

#: Statuses a case of each direction can hold.
DIRECTION_STATUSES: dict[str, tuple[str, ...]] = {
    "outgoing": (
        "draft",
        "under_review",
        "returned",
        "approved",
        "transmitted",
        "in_execution",
        "info_requested",
        "partially_executed",
        "executed",
        "refused",
        "withdrawn",
        "closed",
    ),
    "incoming": (
        "received",
        "under_review",
        "in_execution",
        "info_requested",
        "postponed",
        "executed",
        "refused",
        "withdrawn",
        "closed",
    ),
}

CW = frozenset({"caseworker"})
CW_PROS = frozenset({"caseworker", "prosecutor"})


@dataclass(frozen=True)
class Transition:
    direction: str
    from_status: str
    to_status: str
    roles: frozenset[str]
    reason_required: bool = False


# Outgoing: the prosecutor drafts and submits; the central authority (caseworker) reviews,
# returns or approves, transmits and records the requested state's answers.
_OUTGOING: list[tuple[str, str, frozenset[str], bool]] = [
    ("draft", "under_review", CW_PROS, False),
    ("under_review", "returned", CW, True),
    ("returned", "under_review", CW_PROS, False),
    ("under_review", "approved", CW, False),
    ("approved", "transmitted", CW, False),
    ("transmitted", "in_execution", CW, False),
    ("transmitted", "info_requested", CW, False),
    ("transmitted", "refused", CW, True),
    ("in_execution", "info_requested", CW, False),
    ("info_requested", "in_execution", CW, False),
    ("in_execution", "partially_executed", CW, False),
    ("in_execution", "executed", CW, False),
    ("in_execution", "refused", CW, True),
    ("info_requested", "refused", CW, True),
    ("partially_executed", "executed", CW, False),
    ("partially_executed", "closed", CW, False),
    ("executed", "closed", CW, False),
    ("refused", "closed", CW, False),
    ("withdrawn", "closed", CW, False),
]

# Incoming: the central authority registers, reviews, sends for execution (to a domestic
# authority, whose prosecutor may record progress), postpones or refuses with reasons.
_INCOMING: list[tuple[str, str, frozenset[str], bool]] = [
    ("received", "under_review", CW, False),
    ("under_review", "in_execution", CW, False),
    ("under_review", "info_requested", CW, False),
    ("under_review", "refused", CW, True),
    ("in_execution", "info_requested", CW_PROS, False),
    ("info_requested", "in_execution", CW_PROS, False),
    ("in_execution", "postponed", CW, True),
    ("postponed", "in_execution", CW, False),
    ("in_execution", "executed", CW_PROS, False),
    ("in_execution", "refused", CW, True),
    ("info_requested", "refused", CW, True),
    ("postponed", "refused", CW, True),
    ("executed", "closed", CW, False),
    ("refused", "closed", CW, False),
    ("withdrawn", "closed", CW, False),
]

#: Who may withdraw a case from an open status, per direction (a reason is always required).
_WITHDRAW_ROLES: dict[str, frozenset[str]] = {"outgoing": CW_PROS, "incoming": CW}


def _build_table() -> dict[tuple[str, str, str], Transition]:
    table: dict[tuple[str, str, str], Transition] = {}
    for direction, rows in (("outgoing", _OUTGOING), ("incoming", _INCOMING)):
        for source, target, roles, reason in rows:
            rule = Transition(direction, source, target, roles, reason)
            table[(direction, source, target)] = rule
        for source in DIRECTION_STATUSES[direction]:
            if source not in FINISHED_STATUSES:
                table[(direction, source, "withdrawn")] = Transition(
                    direction, source, "withdrawn", _WITHDRAW_ROLES[direction], True
                )
    return table


#: (direction, from, to) -> Transition. Anything absent is an illegal move.
TRANSITIONS: dict[tuple[str, str, str], Transition] = _build_table()


def find_transition(direction: str, from_status: str, to_status: str) -> Transition | None:
    return TRANSITIONS.get((direction, from_status, to_status))


def transitions_from(direction: str, from_status: str) -> list[Transition]:
    return [t for (d, s, _), t in TRANSITIONS.items() if d == direction and s == from_status]


def is_open(status: str) -> bool:
    return status not in FINISHED_STATUSES
