"""Who may see a case: members, and supervisors of the authority holding it (need to know)."""

# Access rule (need to know):
# - a user sees a case when they are a member of it (creator, assignee, supervisor or member rows
#   in `case_members`), or when they are a supervisor of the central authority holding it: a user
#   whose role holds `case.supervise` (caseworker, admin) and whose country is the case's
#   `owner_country` (the country of the user who opened it);
# - everyone else gets 404 for it, never 403, so that its existence is not disclosed;
# - confidential cases show their title in lists only to explicit members; a supervisor who is not
#   a member sees "Confidential case" there, and opening the case page is written to the audit log.

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, false, or_, select

from ..audit.service import record as audit_record
from ..auth.models import User
from ..errors import NotFoundError
from ..extensions import db
from .models import Case, CaseMember


def is_member(user: User, case: Case) -> bool:
    return (
        db.session.execute(
            select(CaseMember.id)
            .where(CaseMember.case_id == case.id, CaseMember.user_id == user.id)
            .limit(1)
        ).first()
        is not None
    )


def is_supervisor(user: User, case: Case) -> bool:
    return bool(
        user.may("case.supervise")
        and user.country_iso3
        and case.owner_country
        and user.country_iso3 == case.owner_country
    )


def can_access(user: User | None, case: Case | None) -> bool:
    """Need to know: members of the case, and supervisors of the authority that holds it."""
    if user is None or case is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.may("case.read"):
        return False
    return is_supervisor(user, case) or is_member(user, case)


def accessible_clause(user: User, *, probed: bool = False) -> Any:
    """SQL condition on `Case` matching exactly the cases `can_access` allows. `probed`: the
    membership of a prosecutor too is asked case by case (see `member_clause`), for queries
    that read a few cases through another index (the dashboard's panels)."""
    if not user.may("case.read"):
        return false()
    if user.may("case.supervise") and user.country_iso3:
        # probed only for the cases of other authorities (OR reads left to right)
        return or_(Case.owner_country == user.country_iso3, member_clause(user, probed=True))
    return member_clause(user, probed=probed)


def access_key(user: User) -> tuple[Any, ...]:
    """What `accessible_clause` reads of the user (its id, its role for `may`, its country): a
    statement built with that clause may be kept under this key (the case list keeps its
    statements so). Kept beside the clause: whatever the clause comes to read goes in here."""
    return (user.id, user.role, user.country_iso3)


def member_clause(user: User, *, probed: bool = False) -> Any:
    """SQL condition on `Case`: the user is on it. A correlated EXISTS on the index of
    case_members (user_id, case_id), so that a list walking cases in their order stops after a
    page. `probed`: asked case by case, never by first collecting every case the user is on
    (PostgreSQL hashes an EXISTS under an OR: 40,000 rows read for a page of 25); an OFFSET
    keeps it from being rewritten so."""
    on_it = select(CaseMember.id).where(
        CaseMember.user_id == user.id, CaseMember.case_id == Case.id
    )
    return exists(on_it.offset(0) if probed else on_it)


def get_case_for(user: User, case_id: int) -> Case:
    """The case if the user may see it; NotFoundError (404) when absent or not theirs to see."""
    case = db.session.get(Case, case_id)
    if case is None or not can_access(user, case):
        raise NotFoundError()
    return case


def title_visible(user: User, case: Case, member_case_ids: set[int] | None = None) -> bool:
    if not case.confidential:
        return True
    if member_case_ids is not None:
        return case.id in member_case_ids
    return is_member(user, case)


def member_case_ids(user: User, case_ids: Iterable[int]) -> set[int]:
    ids = list(case_ids)
    if not ids:
        return set()
    return set(
        db.session.execute(
            select(CaseMember.case_id).where(
                CaseMember.user_id == user.id, CaseMember.case_id.in_(ids)
            )
        ).scalars()
    )


def record_confidential_view(user: User, case: Case) -> None:
    """Opening a confidential case without being on it is allowed to supervisors, and traced."""
    if case.confidential and not is_member(user, case):
        audit_record("case.view_confidential", "case", case.id, {}, actor=user)
