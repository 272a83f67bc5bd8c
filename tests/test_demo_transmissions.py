"""Every demo case that went to the requested state has its transmission record, dated with its
timeline, and those the requested state went on with have their acknowledgement."""

from __future__ import annotations

from sqlalchemy import select

from mla_tool.cases.models import Case, CaseEvent
from mla_tool.cases.transmission import transmissions_of
from mla_tool.extensions import db
from tests.factories.loaded_once import demo_rows


def test_demo_transmitted_cases_have_their_records() -> None:
    demo_rows()
    moved = set(
        db.session.execute(
            select(CaseEvent.case_id).where(
                CaseEvent.type == "transition", CaseEvent.to_status == "transmitted"
            )
        ).scalars()
    )
    assert len(moved) >= 5
    acknowledged = 0
    for case_id in moved:
        case = db.session.get(Case, case_id)
        assert case is not None and case.direction == "outgoing"
        [record] = transmissions_of(case)
        assert record.reference.startswith("NV ") and record.documents
        moved_on = db.session.execute(
            select(CaseEvent.at).where(
                CaseEvent.case_id == case_id, CaseEvent.to_status == "transmitted"
            )
        ).scalar_one()
        assert record.sent_on == moved_on.date()
        if case.status != "transmitted":
            assert record.acknowledged_on is not None and record.acknowledged_on >= record.sent_on
            acknowledged += 1
        else:
            assert record.acknowledged_on is None  # still waiting: its reminder is due
    assert acknowledged >= 1
