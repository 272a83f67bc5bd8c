"""A prosecutor drafts a complete request through the wizard with the interface in Arabic,
sees what is missing, fixes it, downloads the Arabic PDF and submits it for review."""

from __future__ import annotations

import re
import subprocess

import pytest

from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest
from tests.browser.pages import (
    add_entry,
    download_document,
    findings,
    next_step,
    save_and_next,
    sign_in,
    start_request,
)
from tests.factories.authorities import make_authority

pytestmark = pytest.mark.browser


def test_draft_a_request_in_arabic_and_download_its_pdf(
    page, live_server, make_user, artifacts_dir, tmp_path
) -> None:
    user = make_user("prosecutor", country="FRA", display_name="Claire Martin")
    authority = make_authority()
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
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

    sign_in(page, live_server, user.email, by_enter=True)
    page.select_option("#lang-select", "ar")
    page.click(".lang-submit")
    page.wait_for_function("document.documentElement.dir === 'rtl'")

    request_id = start_request(page, live_server)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert "1" in page.locator("#progress").inner_text()

    # 1. requesting side
    page.fill("#requesting_authority__name", "النيابة المالية الوطنية")
    page.fill("#requesting_authority__email", "pnf@justice.example")
    page.fill("#reference", "PNF-2026-0417")
    save_and_next(page)
    # 2. requested state: choose it, the directory proposes its central authority
    page.wait_for_selector("#requested_state")
    page.select_option("#requested_state", "ARE")
    page.click("#save-step")
    page.wait_for_selector(f"#authority-{authority} .use-authority")
    page.click(f"#authority-{authority} .use-authority")
    page.wait_for_selector(f"#authority-{authority}.chosen")
    page.select_option("#language", "ar")
    save_and_next(page)
    # 3. legal basis: reciprocity when nothing else is recorded
    page.wait_for_selector("#legal_basis")
    page.check("#legal_basis input[value=reciprocity]")
    save_and_next(page)
    # 4. proceedings
    page.wait_for_selector("#subject")
    page.fill("#subject", "تحقيق في غسل عائدات الفساد في المشتريات العامة")
    page.select_option("#proceedings__stage", "investigation")
    page.fill("#proceedings__authority", "قاضي التحقيق، محكمة باريس")
    save_and_next(page)
    # 5. offences
    page.wait_for_selector("#item-name")
    add_entry(
        page, {"#item-name": "غسل الأموال", "#item-text": "يعاقب على غسل الأموال بالسجن خمس سنوات."}
    )
    next_step(page)
    # 6. facts
    page.wait_for_selector("#facts")
    page.fill("#facts", "حوّل المشتبه به عائدات الرشاوى إلى حساب مصرفي في دبي.")
    save_and_next(page)
    # 7. persons
    page.wait_for_selector("#item-role")
    add_entry(
        page,
        {"#item-name": "جان دوبون", "#item-address": "دبي"},
        {"#item-role": "suspect", "#item-nationality": "FRA"},
    )
    next_step(page)
    # 8. assistance sought: a bank-records measure with its own sub-form
    page.wait_for_selector("#measure-type")
    page.select_option("#measure-type", "records")
    page.click("#measure-type-form button[type=submit]")
    page.wait_for_selector("#details-institution")
    add_entry(
        page,
        {
            "#item-description": "نسخ مصدقة من كشوف الحساب",
            "#item-link_to_facts": "حُوّلت العائدات إلى هذا الحساب",
            "#details-institution": "مصرف الإمارات",
            "#details-period_from": "2024-01-01",
            "#details-period_to": "2024-06-30",
        },
        {"#details-record_type": "bank"},
    )
    # the missing account number is shown next to the measure, with its article
    assert findings(page, within="#entry-0")
    next_step(page)
    # 9. purpose
    page.wait_for_selector("#purpose")
    page.fill("#purpose", "استخدام السجلات أدلةً في الإجراءات الجنائية")
    save_and_next(page)

    # review: one thing is missing (the account number), fix it, then it is complete
    page.wait_for_selector("#review-summary")
    assert page.locator("#incomplete-banner").count() == 1
    assert page.locator("[data-code=measure_details_missing]").count() >= 1
    page.goto(f"{live_server}/requests/{request_id}/step/measures?item=0")
    page.fill("#details-account", "AE07 0331 2345 6789 0123 456")
    page.click("#save-item")
    # the entry list shows while editing: wait for the save itself, not for its entry
    page.wait_for_selector(".flash-success")
    page.goto(f"{live_server}/requests/{request_id}/step/review")
    page.wait_for_selector("#complete-banner")
    page.screenshot(path=str(artifacts_dir / "wizard-review-ar.png"), full_page=True)

    pdf_path = download_document(page, "ar", tmp_path / "request-ar.pdf")
    (artifacts_dir / "wizard-request-ar.pdf").write_bytes(pdf_path.read_bytes())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, check=True
    ).stdout.decode()
    text = re.sub("[\u200e\u200f\u202a-\u202e]", "", text)
    assert "ملخص الوقائع ذات الصلة" in text
    assert "غسل الأموال" in text

    page.click("#submit-request")
    page.wait_for_selector("#request-status")
    db.session.expire_all()
    item = db.session.get(MlaRequest, request_id)
    assert item.status == "submitted" and item.case_id is not None
    assert item.language == "ar" and item.requested_authority_id == authority
    assert errors == []  # no script error under the CSP
    assert failed == []
