"""What "overdue" means, the same on every page and in the API: an open case whose due date, or
one of whose open deadlines, passed (`listing.overdue_clause`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.cases import deadlines, opening, transitions
from mla_tool.cases.models import Case
from mla_tool.extensions import db


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user("caseworker", country="FRA", display_name="Claire Caseworker")


def _case(caseworker: Any, title: str, due: date | None = None) -> Case:
    return opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title=title,
        actor=caseworker,
        due_date=due,
    )


@pytest.fixture
def cases(caseworker: Any) -> dict[str, Case]:
    """By title: late by its due date, late by a deadline only, on time with a deadline that
    passed but is done, on time, and finished though a deadline passed."""
    today = date.today()
    made = {
        "Late by its date": _case(caseworker, "Late by its date", today - timedelta(days=3)),
        "Late by a deadline": _case(caseworker, "Late by a deadline", today + timedelta(days=30)),
        "Deadline done": _case(caseworker, "Deadline done", today + timedelta(days=30)),
        "On time": _case(caseworker, "On time", today + timedelta(days=30)),
        "Finished": _case(caseworker, "Finished"),
    }
    passed = today - timedelta(days=5)
    for title in ("Late by a deadline", "Deadline done", "Finished"):
        deadlines.add_deadline(
            made[title], kind="other", due_on=passed, label="Answer", actor=caseworker
        )
    done = deadlines.deadlines_of(made["Deadline done"])[0]
    deadlines.complete_deadline(done, caseworker)
    for status in ("under_review", "refused"):
        transitions.transition(made["Finished"], status, caseworker, note="Not our matter")
    db.session.commit()
    return made


def test_every_view_calls_the_same_cases_overdue(
    cases: dict[str, Case],
    caseworker: Any,
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    late = {"Late by its date", "Late by a deadline"}
    assert {t for t, c in cases.items() if deadlines.is_overdue(c)} == late
    client = login(caseworker)
    listed = client.get("/cases/?overdue=1").get_data(True)
    assert all(title in listed for title in late)
    assert not any(title in listed for title in set(cases) - late)
    # the list says which: the due date (shown) passed, or a deadline did (link to them)
    by_deadline = cases["Late by a deadline"].id
    assert f'<a class="badge badge-danger" href="/cases/{by_deadline}#deadlines">' in listed
    assert listed.count("deadline passed") == 1 and listed.count(">overdue<") == 1
    whole = client.get("/cases/").get_data(True)
    assert whole.count('class="overdue"') == 2
    board = client.get("/dashboard").get_data(True)
    panel = board[board.index(">Overdue<") : board.index("All overdue cases")]
    assert all(title in panel for title in late)
    assert not any(title in panel for title in set(cases) - late)
    passed = (date.today() - timedelta(days=5)).isoformat()  # the deadline's day, not the case's
    assert f'due <time datetime="{passed}">{passed}</time>' in panel
    headers = api_headers(caseworker)
    items = client.get("/api/v1/cases?per_page=50", headers=headers).json["items"]
    assert {item["title"] for item in items if item["overdue"]} == late
    only = client.get("/api/v1/cases?overdue=true", headers=headers).json["items"]
    assert {item["title"] for item in only} == late and all(item["overdue"] for item in only)
    one = client.get(f"/api/v1/cases/{by_deadline}", headers=headers).json
    assert one["overdue"] is True
    page = client.get(f"/cases/{by_deadline}").get_data(True)
    assert '<span class="badge badge-danger">overdue</span>' in page
    on_time = client.get(f"/cases/{cases['Deadline done'].id}").get_data(True)
    assert '<span class="badge badge-danger">overdue</span>' not in on_time
