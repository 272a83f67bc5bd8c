"""The directory's health for maintainers: which functions each state has an entry for, how old
each verification is, which facts come only from reference data, and what to verify next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from .. import clock
from ..extensions import db
from ..request_kinds import CENTRAL_EXTRADITION, CENTRAL_MLA, CONTACT_24_7, INTERPOL_NCB
from .fact_age import authority_as_of, max_age_days
from .models import Authority, Declaration, Participation

#: The functions every state should have an entry for, in the order of the page's columns.
HEALTH_FUNCTIONS: tuple[str, ...] = (CENTRAL_MLA, CENTRAL_EXTRADITION, CONTACT_24_7, INTERPOL_NCB)

#: How often each directory entry is named as the requested authority of a request
#: ({authority id: count}); the wiring fills it (the wizard counts its requests).
AUTHORITY_USES_PROVIDER: Callable[[], dict[int, int]] = dict


@dataclass(frozen=True)
class FunctionHealth:
    """A state's entries for one function: how many, the newest "as of", whether it is too
    old, and whether every one is reference data that no maintainer has verified."""

    function: str
    entries: int = 0
    as_of: date | None = None
    age_days: int | None = None
    stale: bool = True
    reference_only: bool = False


@dataclass
class StateHealth:
    """One state's row: its functions, and its facts that come only from reference data."""

    iso3: str
    functions: dict[str, FunctionHealth] = field(default_factory=dict)
    reference_entries: int = 0
    reference_participation: int = 0
    reference_declarations: int = 0
    uses: int = 0

    @property
    def missing(self) -> list[str]:
        return [code for code, cell in self.functions.items() if not cell.entries]


@dataclass(frozen=True)
class QueueItem:
    """A directory entry to verify: the oldest and most used first."""

    authority_id: int
    iso3: str
    name: str
    functions: tuple[str, ...]
    as_of: date | None
    age_days: int | None
    stale: bool
    origin: str
    uses: int


def _unverified_reference(entry: Authority) -> bool:
    return entry.origin == "reference" and entry.verified_on is None


def _age(as_of: date | None, today: date) -> int | None:
    return (today - as_of).days if as_of else None


def _function_health(function: str, entries: list[Authority], today: date) -> FunctionHealth:
    mine = [entry for entry in entries if function in (entry.functions or [])]
    if not mine:
        return FunctionHealth(function)
    dates = [d for d in (authority_as_of(e.verified_on, e.source_date) for e in mine) if d]
    newest = max(dates) if dates else None
    age = _age(newest, today)
    return FunctionHealth(
        function,
        len(mine),
        newest,
        age,
        age is None or age > max_age_days(),
        all(_unverified_reference(entry) for entry in mine),
    )


def _reference_counts(model: type[Participation] | type[Declaration]) -> dict[str, int]:
    rows = db.session.execute(
        select(model.state_iso3, func.count(model.id))
        .where(model.origin == "reference")
        .group_by(model.state_iso3)
    ).all()
    return {iso3: int(count) for iso3, count in rows}


def directory_health(today: date | None = None) -> list[StateHealth]:
    """Every state the directory holds anything for, in ISO code order."""
    today = today or clock.today()
    uses = AUTHORITY_USES_PROVIDER()
    entries: dict[str, list[Authority]] = {}
    for entry in db.session.execute(
        select(Authority).where(Authority.retired.is_(False)).order_by(Authority.id)
    ).scalars():
        entries.setdefault(entry.country_iso3, []).append(entry)
    participation = _reference_counts(Participation)
    declarations = _reference_counts(Declaration)
    states = sorted(set(entries) | set(participation) | set(declarations))
    out = []
    for iso3 in states:
        mine = entries.get(iso3, [])
        out.append(
            StateHealth(
                iso3,
                {code: _function_health(code, mine, today) for code in HEALTH_FUNCTIONS},
                sum(1 for entry in mine if _unverified_reference(entry)),
                participation.get(iso3, 0),
                declarations.get(iso3, 0),
                sum(uses.get(entry.id, 0) for entry in mine),
            )
        )
    return out


def verification_queue(limit: int | None = 100, today: date | None = None) -> list[QueueItem]:
    """Current entries to verify next: those too old (or never dated) first, then the most
    used, then the oldest; an entry verified within MLA_FACT_MAX_AGE_DAYS comes last."""
    today = today or clock.today()
    uses = AUTHORITY_USES_PROVIDER()
    items = []
    for entry in db.session.execute(
        select(Authority).where(Authority.retired.is_(False))
    ).scalars():
        as_of = authority_as_of(entry.verified_on, entry.source_date)
        age = _age(as_of, today)
        items.append(
            QueueItem(
                entry.id,
                entry.country_iso3,
                entry.name,
                tuple(entry.functions or []),
                as_of,
                age,
                age is None or age > max_age_days(),
                entry.origin,
                uses.get(entry.id, 0),
            )
        )
    items.sort(
        key=lambda item: (
            not item.stale,
            -item.uses,
            item.as_of or date.min,
            item.iso3,
            item.authority_id,
        )
    )
    return items if limit is None else items[:limit]
