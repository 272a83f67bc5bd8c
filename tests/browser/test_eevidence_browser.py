"""An investigator with an IP address, a time and a provider sends a preservation request through
the pages, sees its expiry on the case, and turns it into the MLA request without retyping."""

from __future__ import annotations

import re
import subprocess
import time
from datetime import timedelta

import pytest

from mla_tool.cases import dates
from mla_tool.cases.models import Deadline
from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest
from tests.browser.pages import (
    add_entry,
    download_document,
    next_step,
    save_and_next,
    sign_in,
    start_request,
)
from tests.factories.authorities import make_authority

pytestmark = pytest.mark.browser


def test_preservation_request_through_the_pages(
    page, live_server, make_user, artifacts_dir, tmp_path
) -> None:
    user = make_user("prosecutor", country="FRA", display_name="Luc Bernard")
    contact = make_authority(
        "IRL",
        ["cybercrime_24_7"],
        name="Garda 24/7 contact point",
        name_en="Garda 24/7 contact point",
        languages=["en"],
    )
    central = make_authority(
        "IRL", ["central_authority_mla"], name="Department of Justice", languages=["en"]
    )
    failed: list[str] = []
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    started = time.monotonic()
    sign_in(page, live_server, user.email, by_enter=True)

    request_id = start_request(page, live_server, "preservation")
    # 1. requesting side
    page.fill("#requesting_authority__name", "Cybercrime Unit, Paris Prosecutor's Office")
    page.fill("#requesting_authority__email", "cyber@justice.example")
    page.fill("#reference", "CYBER-2026-0112")
    save_and_next(page)
    # 2. the requested state's 24/7 contact is proposed first
    page.select_option("#requested_state", "IRL")
    page.click("#save-step")
    page.wait_for_selector(f"#authority-{contact} .use-authority")
    first = page.locator("#side-panel .authority").first
    assert first.get_attribute("id") == f"authority-{contact}"
    assert "24/7" in first.inner_text()
    page.click(f"#authority-{contact} .use-authority")
    page.wait_for_selector(f"#authority-{contact}.chosen")
    page.select_option("#language", "en")
    save_and_next(page)
    # 3. legal basis
    page.wait_for_selector("#legal_basis")
    page.check("#legal_basis input[value=reciprocity]")
    save_and_next(page)
    # 4. offence
    add_entry(page, {"#item-name": "Extortion"})
    next_step(page)
    # 5. facts
    page.fill("#facts", "A ransom demand was sent to a hospital from a webmail account.")
    save_and_next(page)
    # 6. the data to preserve: an IP address seen at a local time, a provider
    page.select_option("#measure-type", "preserve_data")
    page.click("#measure-type-form button[type=submit]")
    page.wait_for_selector("#details-identifiers")
    page.fill("#item-description", "Connection logs of the account that sent the demand.")
    page.fill(
        "#item-link_to_facts",
        "The ransom demand was sent from this account; the logs show the IP address used at "
        "that time, which identifies the sender of the demand.",
    )
    page.fill("#details-identifiers", "ip | 81.2.69.160 | 2026-11-20T14:03:00 | Europe/Paris")
    page.fill("#details-provider__name", "Example Mail Ltd")
    page.select_option("#details-provider__country", "IRL")
    page.check("#details-data_categories input[value=subscriber]")
    page.check("#details-data_categories input[value=traffic]")
    page.fill("#details-date_range__from", "2026-11-01")
    page.fill("#details-date_range__to", "2026-11-24")
    page.click("#save-item")
    page.wait_for_selector("#entry-0")
    entry = page.locator("#entry-0").inner_text()
    assert "2026-11-20 13:03:00 UTC" in entry  # UTC beside the local time
    assert "source port" in entry  # the shared-IPv4 warning
    page.screenshot(path=str(artifacts_dir / "preservation-measures.png"), full_page=True)
    next_step(page)
    # 7. necessity and the undertaking
    page.fill("#purpose", "The provider deletes connection logs after 30 days.")
    page.check("#preservation__mla_to_follow")
    save_and_next(page)
    # review: complete; the one-page form for the 24/7 contact prints on one page
    page.wait_for_selector("#complete-banner")
    pdf_path = download_document(page, "en", tmp_path / "form.pdf", "#download-form-pdf")
    (artifacts_dir / "preservation-form-en.pdf").write_bytes(pdf_path.read_bytes())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert text.count("\f") == 1 and "81.2.69.160" in text and "13:03:00 UTC" in text
    page.click("#submit-request")
    page.wait_for_selector("#request-status")
    elapsed = time.monotonic() - started
    print(f"preservation request drafted and submitted in {elapsed:.1f} s")
    assert elapsed < 300  # the five minutes of the issue, with the typing done by the test

    db.session.expire_all()
    item = db.session.get(MlaRequest, request_id)
    assert item.status == "submitted" and item.case_id
    deadline = db.session.query(Deadline).filter_by(case_id=item.case_id).one()
    assert deadline.kind == "preservation_expiry"
    assert deadline.due_on == dates.today() + timedelta(days=60)

    # the case shows the countdown and turns the preservation into the MLA request
    page.goto(f"{live_server}/cases/{item.case_id}")
    assert "in 60 days" in page.locator("#preservation-countdown").inner_text()
    page.screenshot(path=str(artifacts_dir / "preservation-case.png"), full_page=True)
    page.click("#turn-into-mla")
    page.wait_for_url(re.compile(r".*/requests/\d+/step/requested$"))
    follow_up_id = int(re.search(r"/requests/(\d+)/", page.url).group(1))
    assert follow_up_id != request_id
    db.session.expire_all()
    follow_up = db.session.get(MlaRequest, follow_up_id)
    assert follow_up.kind == "mla" and follow_up.case_id == item.case_id
    assert follow_up.requested_authority_id == central
    assert follow_up.data["facts"] == item.data["facts"]
    identifiers = follow_up.data["measures"][0]["details"]["identifiers"]
    assert identifiers[0]["value"] == "81.2.69.160"
    page.goto(f"{live_server}/requests/{follow_up_id}/step/measures")
    assert "2026-11-20 13:03:00 UTC" in page.locator("#entry-0").inner_text()
    assert failed == []
