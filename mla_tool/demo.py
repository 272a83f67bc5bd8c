"""Sample data for trying the tool: users of two central authorities (Jordan's, with its
prosecutors, and a partner state's), then each domain's sample records."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select

from .auth.models import User
from .directory.models import Authority
from .extensions import db

DEMO_EMAIL_DOMAIN = "demo.mla-tool.example"
#: The home authority of the demo: the users named by their role alone belong to it.
DEMO_COUNTRY = "JOR"
#: The partner state whose central authority sends and receives requests to and from Jordan.
PARTNER_COUNTRY = "FRA"
#: The directory function of the authority a demo user belongs to.
HOME_FUNCTION = "central_authority_mla"


@dataclass(frozen=True)
class DemoAccount:
    """One demo login: `login` is the e-mail's local part and the key loaders find it by."""

    login: str
    role: str
    country: str
    display_name: str


#: The demo users. The first of each role is keyed by its role (`users["caseworker"]`), so that
#: loaders and the logins named in the README (role@demo.mla-tool.example) stay as they were.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("prosecutor", "prosecutor", "JOR", "Layla Haddad, public prosecutor (Amman)"),
    DemoAccount("caseworker", "caseworker", "JOR", "Rana Saleh, central authority (Jordan)"),
    DemoAccount("maintainer", "maintainer", "JOR", "Sami Nasser, directory (Jordan)"),
    DemoAccount("admin", "admin", "JOR", "Hani Odeh, administrator (Jordan)"),
    DemoAccount("auditor", "auditor", "JOR", "Dina Qasem, auditor (Jordan)"),
    DemoAccount(
        "prosecutor2", "prosecutor", "JOR", "Omar Khalil, public prosecutor (cybercrime, Amman)"
    ),
    DemoAccount("fr-caseworker", "caseworker", "FRA", "Claire Martin, central authority (France)"),
    DemoAccount("fr-prosecutor", "prosecutor", "FRA", "Julien Moreau, procureur (Paris)"),
)

#: A domain's loader runs after the users exist; it takes the demo users by login (the home
#: authority's first user of each role under the role's name) and returns a summary line.
DemoLoader = Callable[[dict[str, User]], str]

#: Where an app keeps its loaders, in the order the wiring lists them.
APP_KEY = "mla_demo_loaders"


def init_demo(app: Flask, loaders: Iterable[DemoLoader]) -> None:
    app.extensions[APP_KEY] = tuple(loaders)


def demo_email(login: str) -> str:
    return f"{login}@{DEMO_EMAIL_DOMAIN}"


def _home_authority(country: str) -> int | None:
    """The central authority (MLA) of the country in the directory, once it is loaded."""
    for authority in db.session.execute(
        select(Authority)
        .where(Authority.country_iso3 == country, Authority.retired.is_(False))
        .order_by(Authority.id)
    ).scalars():
        if HOME_FUNCTION in (authority.functions or []):
            return authority.id
    return None


def _place_in_authorities(users: dict[str, User]) -> None:
    """Each sample user belongs to its country's central authority (prosecutors included, so
    that they and the caseworkers are colleagues on the same cases)."""
    by_login = {account.login: account for account in DEMO_ACCOUNTS}
    for login, user in users.items():
        account = by_login.get(login)
        if account is None or not user.is_sample:
            continue
        user.country_iso3 = account.country
        user.authority_id = _home_authority(account.country) or user.authority_id


def load_demo() -> dict[str, Any]:
    """Create the sample users (new passwords for new users only), place them in their
    authorities, and load the domains' sample data."""
    from .auth import service as auth_service  # here: every command's app imports this module

    created: dict[str, str] = {}
    users: dict[str, User] = {}
    for account in DEMO_ACCOUNTS:
        user = auth_service.find_user_by_email(demo_email(account.login))
        if user is None:
            password = secrets.token_urlsafe(12)
            user = auth_service.create_user(
                demo_email(account.login),
                password,
                account.role,
                country_iso3=account.country,
                display_name=account.display_name,
                is_sample=True,
            )
            created[account.login] = password
        users[account.login] = user
    _place_in_authorities(users)
    db.session.flush()
    summaries = []
    for loader in current_app.extensions[APP_KEY]:
        summaries.append(loader(users))
        _place_in_authorities(users)  # the directory's entries exist once its loader ran
    db.session.commit()
    return {"passwords": created, "summaries": [s for s in summaries if s]}


def sample_users() -> list[User]:
    return list(db.session.execute(select(User).where(User.is_sample.is_(True))).scalars())
