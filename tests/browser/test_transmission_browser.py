"""The caseworker approves a request, transmits the case with its channel and note verbale
number (one record, the document's digest kept), and records the acknowledgement of receipt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mla_tool.cases.dates import today
from mla_tool.cases.models import Case
from mla_tool.cases.transmission_models import Transmission
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from tests.browser.pages import record_transmission, sign_in
from tests.factories.accessibility import AXE, serious_violations
from tests.factories.authorities import make_authority

pytestmark = pytest.mark.browser


def _transmissions(case_id: int) -> list[Transmission]:
    db.session.expire_all()
    query = select(Transmission).where(Transmission.case_id == case_id)
    return list(db.session.execute(query).scalars())


def test_approve_transmit_with_channel_and_note_verbale_then_acknowledge(
    browser: Any, live_server: str, make_user: Any, artifacts_dir: Path
) -> None:
    prosecutor = make_user("prosecutor", country="FRA", display_name="Paul Prosecutor")
    caseworker = make_user("caseworker", country="FRA", display_name="Claire Caseworker")
    request = create_request(
        prosecutor, complete_request("en", requested_authority=make_authority())
    )
    submit_request(request, prosecutor)
    db.session.commit()
    case_id, request_id = request.case_id, request.id

    page = browser.new_context(locale="en-GB").new_page()
    sign_in(page, live_server, caseworker.email)
    page.goto(f"{live_server}/cases/{case_id}")
    page.fill(f"#review-note-{request_id}", "Complete.")
    page.click(f"#approve-request-{request_id}")
    page.wait_for_load_state()
    assert "Approved" in page.locator(".case-badges").inner_text()
    assert page.locator("#transition-form button[value=transmitted]").count() == 0

    # refused without its reference: nothing recorded, the typed note is still there
    record_transmission(page, "diplomatic", "", note="Sent by the diplomatic bag.")
    assert page.locator("#tx-reference-error").count() == 1
    assert page.locator("#tx-note").input_value() == "Sent by the diplomatic bag."
    assert _transmissions(case_id) == []

    record_transmission(page, "diplomatic", "NV 45/2026", note="Sent by the diplomatic bag.")
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == "transmitted"
    [sent] = _transmissions(case_id)
    assert (sent.channel, sent.reference, sent.sent_by) == (
        "diplomatic",
        "NV 45/2026",
        caseworker.id,
    )
    box = page.locator("#transmission").inner_text()
    assert "NV 45/2026" in box and "Diplomatic channel" in box
    assert sent.documents[0]["sha256"] in box and "not yet acknowledged" in box
    timeline = page.locator("#timeline .timeline").inner_text()
    assert "NV 45/2026" in timeline and "Sent by the diplomatic bag." in timeline
    page.screenshot(path=str(artifacts_dir / "transmission-recorded.png"), full_page=True)
    if AXE.exists():
        assert serious_violations(page) == []

    page.locator(f"#acknowledge-{sent.id} summary").click()
    page.fill(f"#ack-on-{sent.id}", today().isoformat())
    page.fill(f"#ack-ref-{sent.id}", "AR-2026-88")
    page.click(f"#acknowledge-{sent.id} button[type=submit]")
    page.wait_for_load_state()
    assert "AR-2026-88" in page.locator(f"#transmission-{sent.id} .tx-ack").inner_text()
    [acknowledged] = _transmissions(case_id)
    assert (acknowledged.acknowledged_on, acknowledged.ack_reference) == (today(), "AR-2026-88")
    assert "acknowledgement of receipt" in page.locator("#timeline .timeline").inner_text()
    page.screenshot(path=str(artifacts_dir / "transmission-acknowledged.png"), full_page=True)
