"""A refused case-page form loses nothing: the page is shown again (422, or the service's own
status) with the form open and what was typed in it, and nothing is written; the other forms
stay empty and closed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from markupsafe import escape

from mla_tool.cases import opening
from mla_tool.cases.models import CaseEvent, Deadline
from mla_tool.extensions import db
from tests.conftest import csrf_token_from

TYPED = "Audience du témoin <b>Okafor</b> — ثلاثة"


def _case_and_client(make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]) -> Any:
    caseworker = make_user("caseworker", country="FRA")
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="DEU", title="D", actor=caseworker
    )
    db.session.commit()
    client = login(caseworker)
    token = csrf_token_from(client.get(f"/cases/{case.id}").get_data(as_text=True))
    return case, client, token


def _open_details(page: str) -> list[str]:
    return re.findall(r'<details class="entry-form"[^>]* open><summary>([^<]+)</summary>', page)


def test_a_refused_deadline_is_shown_again_as_typed(make_user, login) -> None:  # type: ignore[no-untyped-def]
    case, client, token = _case_and_client(make_user, login)
    deadlines_before = db.session.query(Deadline).count()
    refused = client.post(
        f"/cases/{case.id}/deadlines",
        data={
            "csrf_token": token,
            "kind": "custom",
            "due_on": "2027-01-15",
            "label": TYPED,
            "remind_days": "7, ثلاثة",
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Numbers separated by commas." in page
    assert f'value="{escape(TYPED)}"' in page and "<b>Okafor</b>" not in page
    assert 'value="7, ثلاثة"' in page and 'value="2027-01-15"' in page
    assert _open_details(page) == ["Add a deadline"]
    assert (
        '<p class="field-error" id="dl-remind_days-error">Numbers separated by commas.</p>' in page
    )
    assert 'aria-describedby="dl-remind_days-error"' in page
    assert db.session.query(Deadline).count() == deadlines_before


def test_a_refused_correspondence_keeps_its_summary_and_the_others_stay_empty(
    make_user, login
) -> None:  # type: ignore[no-untyped-def]
    case, client, token = _case_and_client(make_user, login)
    events_before = db.session.query(CaseEvent).count()
    refused = client.post(
        f"/cases/{case.id}/correspondence",
        data={"csrf_token": token, "way": "sent", "channel": "email", "on": "", "summary": TYPED},
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    summary = re.search(r'<textarea id="corr-summary"[^>]*>\s*(.*?)</textarea>', page, re.S)
    assert summary and summary.group(1) == escape(TYPED)
    assert '<label for="corr-summary">' in page  # each label names its own field
    assert _open_details(page) == ["Record correspondence"]
    assert page.count(str(escape(TYPED))) == 1  # not in the note's or another form's field
    assert db.session.query(CaseEvent).count() == events_before
    # and a form that is accepted goes back to the page, as before
    accepted = client.post(
        f"/cases/{case.id}/notes", data={"csrf_token": token, "note": "Called the court."}
    )
    assert accepted.status_code == 302
