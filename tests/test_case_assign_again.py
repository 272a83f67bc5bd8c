"""Assigning a case to whoever has it already changes nothing: no timeline entry, no audit entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from mla_tool.audit.models import AuditEntry
from mla_tool.cases import errors, membership, opening
from mla_tool.cases.models import Case, CaseEvent
from mla_tool.extensions import db
from tests.conftest import csrf_token_from


def _counts(case_id: int) -> tuple[int, int]:
    db.session.expire_all()
    events = db.session.execute(
        select(func.count())
        .select_from(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.type == "assignment")
    ).scalar_one()
    audits = db.session.execute(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "case.assign")
    ).scalar_one()
    return events, audits


@pytest.fixture
def assigned(make_user: Callable[..., Any]) -> tuple[Case, Any, Any]:
    owner = make_user("caseworker", country="FRA")
    colleague = make_user("prosecutor", country="FRA")
    case = opening.open_case(
        direction="incoming", kind="mla", counterpart_state="DEU", title="Seized", actor=owner
    )
    membership.assign(case, colleague, owner)
    db.session.commit()
    return case, owner, colleague


def test_the_page_says_nothing_changed_and_writes_nothing(
    client: FlaskClient, assigned: tuple[Case, Any, Any], login: Callable[[Any], FlaskClient]
) -> None:
    case, owner, colleague = assigned
    before = _counts(case.id)
    assert before[0] == 1
    login(owner)
    token = csrf_token_from(client.get(f"/cases/{case.id}").get_data(as_text=True))
    page = client.post(
        f"/cases/{case.id}/assign",
        data={"csrf_token": token, "assigned_to": str(colleague.id)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "already assigned to this person" in page and "nothing was changed" in page
    assert "Case assigned." not in page
    assert _counts(case.id) == before
    assert db.session.get(Case, case.id).assigned_to == colleague.id
    # unassigning twice: the second one is a no-op too
    client.post(f"/cases/{case.id}/assign", data={"csrf_token": token, "assigned_to": ""})
    unassigned = _counts(case.id)
    assert unassigned == (before[0] + 1, before[1] + 1)
    again = client.post(
        f"/cases/{case.id}/assign",
        data={"csrf_token": token, "assigned_to": ""},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "not assigned to anyone" in again
    assert _counts(case.id) == unassigned


def test_the_service_refuses_the_same_assignee(assigned: tuple[Case, Any, Any]) -> None:
    case, owner, colleague = assigned
    before = _counts(case.id)
    with pytest.raises(errors.AlreadyAssigned):
        membership.assign(case, colleague, owner)
    db.session.rollback()
    assert _counts(case.id) == before
