"""The packages of a case and the recent packages a user may see."""

from __future__ import annotations

from sqlalchemy import select

from ..auth.models import User
from ..cases.access import accessible_clause, get_case_for
from ..cases.models import Case
from ..errors import NotFoundError
from ..extensions import db
from .models import ExchangePackage


def packages_of(case: Case) -> list[ExchangePackage]:
    return list(
        db.session.execute(
            select(ExchangePackage)
            .where(ExchangePackage.case_id == case.id)
            .order_by(ExchangePackage.at.desc(), ExchangePackage.id.desc())
        ).scalars()
    )


def get_package_for(user: User, package_id: int) -> ExchangePackage:
    """A package of a case the user may see; NotFoundError otherwise."""
    package = db.session.get(ExchangePackage, package_id)
    if package is None or package.case_id is None:
        raise NotFoundError()
    get_case_for(user, package.case_id)
    return package


def recent_packages(user: User, limit: int = 50) -> list[ExchangePackage]:
    visible = select(Case.id).where(accessible_clause(user))
    return list(
        db.session.execute(
            select(ExchangePackage)
            .where(ExchangePackage.case_id.in_(visible))
            .order_by(ExchangePackage.at.desc(), ExchangePackage.id.desc())
            .limit(limit)
        ).scalars()
    )
