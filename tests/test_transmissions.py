"""Transmissions: one record per sending (date, channel, reference, sender, documents with their
digests) through one service, the acknowledgement of receipt, and its reminder given once."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from mla_tool.audit.models import AuditEntry
from mla_tool.cases import membership, opening, sweep, transmission
from mla_tool.cases.dates import today
from mla_tool.cases.errors import CaseError
from mla_tool.cases.models import Case, CaseEvent, Deadline, Notification
from mla_tool.cases.reminders import run_reminders
from mla_tool.cases.transmission_models import Transmission
from mla_tool.exchange.transmit import transmit_case
from mla_tool.extensions import db
from tests.factories.exchange import (  # noqa: F401  (fixtures)
    Pair,
    approved_case,
    ministry_a_fixture,
    ministry_b_fixture,
    pair_fixture,
)

#: A request rendered again from the same HTML is rendered once per process (conftest).
pytestmark = pytest.mark.usefixtures("pdf_rendered_once")

PDF = {
    "name": "request-1-en.pdf",
    "sha256": hashlib.sha256(b"the request").hexdigest(),
    "size": 11,
    "role": "request_document",
    "request_id": 1,
    "language": "en",
}


def _approved(make_user: Any) -> tuple[Case, Any, Any]:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="DEU", title="Fraud", actor=prosecutor
    )
    membership.add_member(case, caseworker, "member", prosecutor)
    case.status = "approved"
    db.session.commit()
    return case, prosecutor, caseworker


def _send(case: Case, actor: Any, **changes: Any) -> Transmission:
    fields: dict[str, Any] = {
        "sent_on": today(),
        "channel": "diplomatic",
        "reference": "NV 123/2026",
        "documents": [PDF],
        "note": "By the diplomatic bag.",
    }
    fields.update(changes)
    return transmission.record_transmission(case, actor, **fields)


def _count(model: Any) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_transmission_is_one_record_and_moves_the_case(make_user: Any) -> None:
    case, _prosecutor, caseworker = _approved(make_user)
    row = _send(case, caseworker)
    db.session.commit()

    assert case.status == "transmitted"
    assert _count(Transmission) == 1
    assert (row.channel, row.reference, row.sent_by, row.sent_on) == (
        "diplomatic",
        "NV 123/2026",
        caseworker.id,
        today(),
    )
    assert row.documents == [PDF]
    moved = db.session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.type == "transition")
    ).scalar_one()
    assert moved.to_status == "transmitted" and moved.note == "By the diplomatic bag."
    assert moved.details["transmission_id"] == row.id
    assert moved.details["reference"] == "NV 123/2026"
    deadline = db.session.get(Deadline, row.ack_deadline_id)
    assert (deadline.kind, deadline.due_on, deadline.remind_days) == (
        "acknowledgement",
        today() + timedelta(days=30),
        [],
    )
    audit = db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "case.transmission")
    ).scalar_one()
    assert PDF["sha256"] in str(audit.details)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reference": "  "}, "reference"),
        ({"reference": "NV\n1"}, "reference"),
        ({"channel": "pigeon"}, "channel"),
        ({"channel": "secure_exchange"}, "channel"),
        ({"sent_on": today() + timedelta(days=1)}, "sent_on"),
        ({"sent_on": "yesterday"}, "sent_on"),
        ({"documents": []}, "documents"),
        ({"documents": [{"name": "x.pdf", "sha256": "abc"}]}, "documents"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    make_user: Any, changes: dict[str, Any], field: str
) -> None:
    case, _prosecutor, caseworker = _approved(make_user)
    events = _count(CaseEvent)
    with pytest.raises(CaseError) as refused:
        _send(case, caseworker, **changes)
    db.session.rollback()
    assert field in (refused.value.fields or {})
    assert db.session.get(Case, case.id).status == "approved"
    assert (_count(Transmission), _count(CaseEvent), _count(Deadline)) == (0, events, 0)


def test_only_the_central_authority_transmits_an_approved_case(make_user: Any) -> None:
    case, prosecutor, caseworker = _approved(make_user)
    with pytest.raises(CaseError) as refused:
        _send(case, prosecutor)
    assert refused.value.status == 403
    case.status = "under_review"
    with pytest.raises(CaseError) as refused:
        _send(case, caseworker)
    assert refused.value.status == 409
    assert _count(Transmission) == 0


def test_a_later_sending_is_its_own_record_without_a_move(make_user: Any) -> None:
    case, _prosecutor, caseworker = _approved(make_user)
    _send(case, caseworker)
    _send(case, caseworker, channel="interpol", reference="IP-77")
    db.session.commit()
    assert case.status == "transmitted"
    assert [t.channel for t in transmission.transmissions_of(case)] == ["diplomatic", "interpol"]
    later = db.session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.type == "transmission")
    ).scalar_one()
    assert later.details["channel"] == "interpol"


def test_acknowledgement_is_recorded_once_and_stops_the_reminder(make_user: Any) -> None:
    case, _prosecutor, caseworker = _approved(make_user)
    row = _send(case, caseworker, sent_on=today() - timedelta(days=3))
    with pytest.raises(CaseError) as refused:
        transmission.record_acknowledgement(
            case, caseworker, row.id, on=today() - timedelta(days=4), reference="AR-1"
        )
    assert "acknowledged_on" in refused.value.fields
    transmission.record_acknowledgement(case, caseworker, row.id, on=today(), reference="AR-1")
    db.session.commit()
    assert (row.acknowledged_on, row.ack_reference, row.ack_recorded_by) == (
        today(),
        "AR-1",
        caseworker.id,
    )
    assert db.session.get(Deadline, row.ack_deadline_id).done
    with pytest.raises(CaseError) as again:
        transmission.record_acknowledgement(case, caseworker, row.id, on=today())
    assert again.value.status == 409
    assert run_reminders(today() + timedelta(days=60)) == []


def test_a_missing_acknowledgement_is_reminded_once(make_user: Any) -> None:
    case, prosecutor, caseworker = _approved(make_user)
    sent = today() - timedelta(days=10)
    _send(case, caseworker, sent_on=sent)
    db.session.commit()

    # the reminder sweep (`serve`'s schedule, `cases remind`) on the days after the sending
    assert sweep.sweep(sent + timedelta(days=30), holder="host-a:1") == []  # N days not over
    reminded = sweep.sweep(sent + timedelta(days=31), holder="host-a:1") or []
    assert [(r.kind, r.days_left) for r in reminded] == [("acknowledgement", -1)]
    assert sweep.sweep(sent + timedelta(days=31), holder="host-b:1") == []  # another runner
    assert sweep.sweep(sent + timedelta(days=32), holder="host-a:1") == []
    assert run_reminders(sent + timedelta(days=90)) == []
    told = db.session.execute(select(Notification).where(Notification.case_id == case.id))
    assert sorted(n.user_id for n in told.scalars()) == sorted([prosecutor.id, caseworker.id])


def test_the_setting_sets_the_days_and_zero_turns_the_reminder_off(
    make_user: Any, app: Any
) -> None:
    case, _prosecutor, caseworker = _approved(make_user)
    app.config["MLA_ACK_REMINDER_DAYS"] = 0
    try:
        row = _send(case, caseworker)
    finally:
        app.config["MLA_ACK_REMINDER_DAYS"] = 30
    assert row.ack_deadline_id is None and _count(Deadline) == 0


def test_the_secure_exchange_records_through_the_same_service(pair: Pair) -> None:
    case = approved_case(pair)
    package = transmit_case(case, pair.a.caseworker(), languages=["en"])
    db.session.commit()
    row = db.session.execute(select(Transmission)).scalar_one()
    assert (row.channel, row.reference, row.package_id) == (
        "secure_exchange",
        package.package_id,
        package.package_id,
    )
    assert [d["sha256"] for d in row.documents] == [f["sha256"] for f in package.summary["files"]]
    assert db.session.get(Case, case.id).status == "transmitted"
