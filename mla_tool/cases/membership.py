"""Who is on a case: its members, its assignee, and the people it can be given to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..extensions import db
from ..i18n import N_
from .authority import belongs_to_holding_authority, colleague_by_id, holding_authority_clause
from .errors import AlreadyAssigned, CaseError
from .models import MEMBER_ROLES, Case, CaseEvent, CaseMember
from .timeline import new_event

#: Roles that may be assigned a case (the execution or drafting side).
ASSIGNABLE_ROLES: frozenset[str] = frozenset({"prosecutor", "caseworker"})
#: Roles that may be added as members of a case on its page.
MEMBER_CANDIDATE_ROLES: tuple[str, ...] = ("prosecutor", "caseworker")
#: At most this many people are offered in a list of choices.
CHOICES_LIMIT = 500


def members_of(case: Case) -> list[tuple[CaseMember, User]]:
    return list(
        db.session.execute(
            select(CaseMember, User)
            .join(User, User.id == CaseMember.user_id)
            .where(CaseMember.case_id == case.id)
            .order_by(CaseMember.added_at, CaseMember.id)
        ).all()
    )


def add_member(case: Case, user: User, role_in_case: str, actor: User) -> CaseMember:
    """Put a user on the case (idempotent per role); recorded in the timeline and audit log."""
    if role_in_case not in MEMBER_ROLES:
        raise CaseError(N_("unknown role in case"), {"role_in_case": ", ".join(MEMBER_ROLES)})
    if not user.active:
        raise CaseError(N_("inactive users cannot be added"), {"user_id": N_("user is not active")})
    if not belongs_to_holding_authority(case, user):
        raise CaseError(N_("no such user"), {"user_id": N_("no such user")})
    if not user.may("case.read"):
        raise CaseError(
            N_("this user's role cannot read cases"), {"user_id": N_("role cannot read")}
        )
    existing = db.session.execute(
        select(CaseMember).where(
            CaseMember.case_id == case.id,
            CaseMember.user_id == user.id,
            CaseMember.role_in_case == role_in_case,
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    member = CaseMember(
        case_id=case.id, user_id=user.id, role_in_case=role_in_case, added_by=actor.id
    )
    db.session.add(member)
    new_event(case, "membership", actor, details={"added": user.id, "role_in_case": role_in_case})
    audit_record(
        "case.member_add", "case", case.id, {"user_id": user.id, "role": role_in_case}, actor=actor
    )
    db.session.flush()
    return member


def remove_member(case: Case, user: User, actor: User) -> int:
    """Take a user off the case (every role except creator); returns the rows removed."""
    rows = list(
        db.session.execute(
            select(CaseMember).where(
                CaseMember.case_id == case.id,
                CaseMember.user_id == user.id,
                CaseMember.role_in_case != "creator",
            )
        ).scalars()
    )
    if not rows:
        raise CaseError(
            N_("nothing to remove"), {"user_id": N_("not a removable member of this case")}
        )
    for row in rows:
        db.session.delete(row)
    if case.assigned_to == user.id:
        case.assigned_to = None
    new_event(case, "membership", actor, details={"removed": user.id})
    audit_record("case.member_remove", "case", case.id, {"user_id": user.id}, actor=actor)
    db.session.flush()
    return len(rows)


def assign(case: Case, assignee: User | None, actor: User, note: str | None = None) -> CaseEvent:
    """Give the case to a caseworker or prosecutor (who becomes a member), or unassign it.

    Choosing whoever has the case already changes nothing (no event, no audit entry): it raises
    AlreadyAssigned, so the pages and the API say so instead of reporting an assignment."""
    if (assignee.id if assignee is not None else None) == case.assigned_to:
        raise AlreadyAssigned(
            N_("the case is already assigned to this person: nothing was changed")
            if assignee is not None
            else N_("the case is not assigned to anyone: nothing was changed")
        )
    if assignee is not None:
        if not belongs_to_holding_authority(case, assignee):
            raise CaseError(N_("no such user"), {"assigned_to": N_("no such user")})
        if assignee.role not in ASSIGNABLE_ROLES or not assignee.active:
            raise CaseError(
                N_("cases are assigned to active prosecutors or caseworkers"),
                {"assigned_to": N_("not an assignable user")},
            )
        add_member(case, assignee, "assignee", actor)
    previous = case.assigned_to
    case.assigned_to = assignee.id if assignee is not None else None
    case.updated_at = utcnow()
    event = new_event(
        case,
        "assignment",
        actor,
        note=note,
        details={"from": previous, "to": case.assigned_to},
    )
    audit_record("case.assign", "case", case.id, {"from": previous, "to": case.assigned_to}, actor)
    db.session.flush()
    return event


def users_by_id(ids: Iterable[int | None]) -> dict[int, User]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u for u in db.session.execute(select(User).where(User.id.in_(wanted))).scalars()}


def assignable_users(case: Case) -> list[User]:
    """People a case can be given to: active prosecutors and caseworkers of its authority."""
    query = select(User).where(
        User.active.is_(True), User.role.in_(ASSIGNABLE_ROLES), holding_authority_clause(case)
    )
    return list(db.session.execute(query.order_by(User.display_name, User.email)).scalars())


def colleagues_query(user: User) -> Select[tuple[User]]:
    """The colleagues a case can be given to, as a query: active prosecutors and caseworkers of
    the authority (and country) of `user`."""
    query = select(User).where(User.active.is_(True), User.role.in_(ASSIGNABLE_ROLES))
    if user.country_iso3:
        query = query.where(User.country_iso3 == user.country_iso3)
    if user.authority_id is not None:
        query = query.where(User.authority_id == user.authority_id)
    return query


def colleagues_to_assign(user: User) -> list[User]:
    """Colleagues a new case can be given to (`colleagues_query`), the first CHOICES_LIMIT."""
    query = colleagues_query(user).order_by(User.display_name).limit(CHOICES_LIMIT)
    return list(db.session.execute(query).scalars())


def member_candidates(case: Case, members: list[tuple[CaseMember, User]]) -> list[User]:
    """People who may be added to the case: active prosecutors and caseworkers of the authority
    holding it who are not among `members` yet."""
    present = {user.id for _, user in members}
    query = select(User).where(
        User.active.is_(True),
        User.role.in_(MEMBER_CANDIDATE_ROLES),
        holding_authority_clause(case),
    )
    users = db.session.execute(query.order_by(User.display_name).limit(CHOICES_LIMIT)).scalars()
    return [u for u in users if u.id not in present]


def user_or_refuse(user_id: int) -> User:
    """The user with this id, or a CaseError on `user_id` (no such user)."""
    user = db.session.get(User, user_id)
    if user is None:
        raise CaseError(N_("No such user."), {"user_id": "unknown"})
    return user


def colleague_or_refuse(case: Case, user_id: Any, field: str) -> User:
    """The colleague chosen in `field` (of the authority holding the case), or a CaseError on
    `field`: no such user, whether there is none or they belong elsewhere."""
    user = colleague_by_id(case, user_id)
    if user is None:
        raise CaseError(N_("No such user."), {field: "unknown"})
    return user
