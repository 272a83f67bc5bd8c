"""A deadline label is one line of text: it goes into reminder email subjects, where a line break
raised in the middle of the delivery run, so that email and every one queued after it were never
sent. A new label with a control character is refused with a clear error; a label stored before
that check is folded onto one line."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from mla_tool.cases import deadlines, errors
from mla_tool.cases.models import Deadline
from mla_tool.cases.reminders import run_reminders
from mla_tool.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.notifications import TODAY, MailSink, _deadline, smtp, team  # noqa: F401

BROKEN = "Reply to Berlin\r\nBcc: someone@example.net"


def _labels(case: Any) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.execute(select(Deadline.label).where(Deadline.case_id == case.id)).scalars()
    )


def test_a_label_with_a_line_break_is_refused(
    team: dict[str, Any],  # noqa: F811
    client: FlaskClient,
    login: Any,
) -> None:
    case = team["case"]
    with pytest.raises(errors.CaseError) as refused:
        deadlines.add_deadline(case, kind="other", due_on=TODAY, label=BROKEN)
    assert refused.value.fields == {"label": "one line of text, without control characters"}
    db.session.rollback()
    login(team["caseworker"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    response = client.post(
        f"/cases/{case.id}/deadlines",
        data={
            "csrf_token": csrf_token_from(page),
            "kind": "other",
            "due_on": TODAY.isoformat(),
            "label": BROKEN,
            "remind_days": "3",
        },
        follow_redirects=True,
    )
    assert "one line of text, without control characters" in response.get_data(as_text=True)
    assert _labels(case) == []


def test_a_stored_label_with_a_line_break_does_not_stop_the_emails(
    team: dict[str, Any],  # noqa: F811
    smtp: MailSink,  # noqa: F811
) -> None:
    earlier = _deadline(team["case"], 2, label="Reply to Berlin")
    earlier.label = BROKEN  # as stored before labels were checked
    db.session.commit()
    _deadline(team["case"], 1, label="Hearing in Lyon")
    run_reminders(TODAY)
    subjects = sorted(str(message["Subject"]) for _rcpt, message in smtp.messages)
    assert len(subjects) == 4  # two deadlines, two people who must act
    assert all("\n" not in s and "\r" not in s for s in subjects)
    assert any("Reply to Berlin Bcc: someone@example.net" in s for s in subjects)
    assert all(message["Bcc"] is None for _rcpt, message in smtp.messages)
    assert TODAY + timedelta(days=1) in {d.due_on for d in deadlines.deadlines_of(team["case"])}
