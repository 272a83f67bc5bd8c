"""Cases about the same person: those whose requests name a person with the same folded name
(or alias) and birth date, or the same identity document number, as one of this case's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from .access import accessible_clause, member_case_ids
from .models import Case
from .search_models import PersonKey

#: The most linked cases a case page lists.
MAX_LINKS = 50


@dataclass(frozen=True)
class LinkedCase:
    """A case about one of the same persons, as the viewer may see it."""

    case: Case
    #: False for a confidential case the viewer is not a member of: its title is not shown
    title_visible: bool


def linked_cases(user: User, case: Case) -> list[LinkedCase]:
    """The other cases naming one of this case's persons, only those the user may see."""
    keys = select(PersonKey.key).where(PersonKey.case_id == case.id)
    others = select(PersonKey.case_id).where(
        PersonKey.key.in_(keys), PersonKey.case_id.is_not(None), PersonKey.case_id != case.id
    )
    found = list(
        db.session.execute(
            select(Case)
            .where(Case.id.in_(others), accessible_clause(user))
            .order_by(Case.id.desc())
            .limit(MAX_LINKS)
        ).scalars()
    )
    members = member_case_ids(user, (c.id for c in found))
    return [LinkedCase(c, not c.confidential or c.id in members) for c in found]
