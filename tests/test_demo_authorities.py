"""The demo's users belong to two real authorities (Jordan's central authority with its
prosecutors, France's), its cases show every status of the workflow, and a new request's
requesting side is its author's, never another country's last request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mla_tool.auth.models import User
from mla_tool.cases import access
from mla_tool.cases.models import Case
from mla_tool.cases.workflow import DIRECTION_STATUSES
from mla_tool.demo import DEMO_ACCOUNTS, demo_email
from mla_tool.directory.models import Authority
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.requesting_side import requesting_side_defaults
from tests.factories.authorities import make_authority
from tests.factories.loaded_once import demo_rows


def _user(login: str) -> User:
    return db.session.execute(select(User).where(User.email == demo_email(login))).scalar_one()


def test_demo_users_belong_to_jordan_or_france_and_their_central_authority() -> None:
    passwords = demo_rows()["passwords"]
    assert set(passwords) == {account.login for account in DEMO_ACCOUNTS}
    for login in ("prosecutor", "caseworker", "maintainer", "admin", "auditor"):
        assert login in passwords  # the logins the README names are still there
    for account in DEMO_ACCOUNTS:
        user = _user(account.login)
        authority = db.session.get(Authority, user.authority_id)
        assert user.role == account.role and user.country_iso3 == account.country
        assert authority is not None and authority.country_iso3 == account.country
        assert "central_authority_mla" in authority.functions
    prosecutor, caseworker = _user("prosecutor"), _user("caseworker")
    assert (prosecutor.country_iso3, caseworker.country_iso3) == ("JOR", "JOR")
    assert prosecutor.authority_id == caseworker.authority_id
    assert _user("fr-caseworker").authority_id != caseworker.authority_id


def test_demo_cases_show_every_status_and_stay_with_their_authority() -> None:
    demo_rows()
    cases = list(db.session.execute(select(Case).where(Case.is_sample)).scalars())
    for direction, statuses in DIRECTION_STATUSES.items():
        shown = {c.status for c in cases if c.direction == direction and c.owner_country == "JOR"}
        assert set(statuses) <= shown, (direction, set(statuses) - shown)
    french = _user("fr-caseworker")
    jordanian = _user("caseworker")
    for case in cases:
        assert access.can_access(jordanian, case) == (case.owner_country == "JOR")
        assert access.can_access(french, case) == (case.owner_country == "FRA")
    executed = [c for c in cases if c.outcome == "executed"]
    assert executed and all(c.started_on < c.concluded_on for c in executed)
    incoming = [c for c in cases if c.direction == "incoming"]
    assert all(c.started_on < c.created_at.date() for c in incoming)  # received before
    refused = [c for c in cases if c.outcome == "refused"]
    assert refused and all(c.refusal_ground for c in refused)


def test_demo_drafts_are_written_from_their_authors_state() -> None:
    demo_rows()
    for request in db.session.execute(select(MlaRequest).where(MlaRequest.is_sample)).scalars():
        owner = db.session.get(User, request.owner_id)
        assert request.requesting_state == owner.country_iso3, (request.kind, owner.email)


def test_a_new_request_takes_the_authors_state_and_authority_never_another_countrys(
    make_user: Any,
) -> None:
    amman = make_authority(
        "JOR", name="وزارة العدل", name_en="Ministry of Justice", address="Amman, Jordan"
    )
    user = make_user("prosecutor", country="JOR", display_name="Layla Haddad")
    user.authority_id = amman
    previous = create_request(
        user,
        {
            "kind": "mla",
            "requesting_state": "FRA",
            "requesting_authority": {"name": "Parquet de Paris", "phone": "+33 1 00 00 00 00"},
            "signatory": {"name": "Jean Dupont"},
        },
    )
    db.session.commit()
    defaults = requesting_side_defaults(user)
    assert defaults["requesting_state"] == "JOR"
    side = defaults["requesting_authority"]
    assert side["name"] == "وزارة العدل" and side["address"] == "Amman, Jordan"
    assert "phone" not in side and "signatory" not in defaults  # nothing of the French request
    assert side["contact_name"] == "Layla Haddad"

    previous.data = {
        **previous.data,
        "requesting_state": "JOR",
        "requesting_authority": {"name": "Another office", "phone": "+962 6 000 0000"},
        "signatory": {"name": "Layla Haddad"},
    }
    previous.requesting_state = "JOR"
    db.session.commit()
    again = requesting_side_defaults(user)
    assert again["requesting_authority"]["phone"] == "+962 6 000 0000"  # the person's, kept
    assert again["requesting_authority"]["name"] == "وزارة العدل"  # the office, the directory's
    assert again["signatory"] == {"name": "Layla Haddad"}
