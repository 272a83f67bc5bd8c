"""A prosecutor drafts an extradition request in a real browser for a national of the requested
state, for an offence punishable by death: the review asks for every assurance and document,
submission is refused until they are given, then the PDF reads back and the draft goes to review."""

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


def test_draft_an_extradition_request_through_the_pages(
    page, live_server, make_user, artifacts_dir, tmp_path
) -> None:
    user = make_user("prosecutor", country="FRA", display_name="Claire Martin")
    authority = make_authority(functions=["central_authority_extradition"])
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )

    sign_in(page, live_server, user.email, by_enter=True)

    request_id = start_request(page, live_server, "extradition")
    assert "of 13" in page.locator("#progress").inner_text()

    page.fill("#requesting_authority__name", "Parquet national financier")
    page.fill("#requesting_authority__email", "pnf@justice.example")
    page.fill("#reference", "PNF-EXT-2026-3")
    save_and_next(page, "requested")
    page.select_option("#requested_state", "ARE")
    page.click("#save-step")
    page.wait_for_selector(f"#authority-{authority} .use-authority")
    page.click(f"#authority-{authority} .use-authority")
    page.wait_for_selector(f"#authority-{authority}.chosen")
    page.select_option("#language", "en")
    save_and_next(page, "legal_basis")
    page.wait_for_selector("#legal_basis")
    page.check("#legal_basis input[value=reciprocity]")
    save_and_next(page, "proceedings")
    page.fill("#subject", "Prosecution for murder committed in Paris")
    page.select_option("#proceedings__stage", "prosecution")
    page.fill("#proceedings__authority", "Juge d'instruction, Tribunal judiciaire de Paris")
    save_and_next(page, "person")
    # the person sought, a national of the requested state
    page.wait_for_url("**/step/person")
    add_entry(
        page,
        {
            "#item-name": "Karim Haddad",
            "#item-aliases": "Abu Salim",
            "#item-birth_date": "1985-07-12",
            "#item-address": "Dubai, Jumeirah",
        },
        {"#item-role": "accused", "#item-nationality": "ARE"},
    )
    next_step(page, "identification")
    page.fill("#person_description__description", "1.80 m, tattoo on the right forearm")
    page.check("#person_description__photograph")
    page.check("#person_description__fingerprints")
    save_and_next(page, "warrant")
    page.fill("#warrant__issued_by", "Juge d'instruction, Paris")
    page.fill("#warrant__issued_on", "2026-02-03")
    page.fill("#warrant__number", "MA-2026-0203")
    save_and_next(page, "offences")
    # an offence punishable by death (in the requesting state's law, for this test)
    page.wait_for_url("**/step/offences")
    add_entry(
        page,
        {
            "#item-name": "Murder",
            "#item-provision": "Penal Code art. 221-1",
            "#item-text": "Killing another person intentionally is murder.",
            "#item-max_penalty": "Death penalty",
            "#item-limitation": "30 years",
            "#item-committed_on": "2025-11-20",
            "#item-place": "Paris",
            "#item-facts": "Shot the victim outside a restaurant on 20 November 2025.",
            "#item-equivalent_offence": "Premeditated murder",
        },
        {"#item-nature": "ordinary"},
        ("#item-death_penalty",),
    )
    next_step(page, "facts")
    page.fill("#facts", "The accused fled to Dubai the day after the killing.")
    save_and_next(page, "assurances")
    next_step(page, "refusal_grounds")
    save_and_next(page, "documents")
    add_entry(
        page,
        {"#item-title": "Arrest warrant MA-2026-0203", "#item-language": "en"},
        {"#item-type": "warrant", "#item-status": "attached"},
    )
    add_entry(
        page,
        {"#item-title": "Penal Code arts. 221-1 and 133-2", "#item-language": "en"},
        {"#item-type": "law_text", "#item-status": "attached"},
    )
    next_step(page, "review")

    # review: the tool asks for what this request needs
    page.wait_for_selector("#review-summary")
    assert page.locator("#incomplete-banner").count() == 1
    for code in (
        "death_penalty_assurance_missing",
        "speciality_undertaking_missing",
        "supporting_document_missing",
    ):
        assert page.locator(f"[data-code={code}]").count() >= 1, code
    assert page.locator("[data-code=national_of_requested_state]").count() == 1
    assert "aut dedere aut judicare" in page.locator("#review-person").inner_text()
    with page.expect_navigation():
        page.click("#submit-request")
    assert "not complete" in page.content()
    db.session.expire_all()
    assert db.session.get(MlaRequest, request_id).status == "draft"

    # give the assurances and the identification material, then it is complete
    page.goto(f"{live_server}/requests/{request_id}/step/assurances")
    add_entry(
        page,
        {"#item-text": "The death penalty will not be imposed, or if imposed not carried out."},
        {"#item-type": "death_penalty"},
    )
    add_entry(
        page,
        {"#item-text": "He will be tried only for the offence for which he is surrendered."},
        {"#item-type": "speciality"},
    )
    page.goto(f"{live_server}/requests/{request_id}/step/documents")
    add_entry(
        page,
        {"#item-title": "Photograph and fingerprint card", "#item-language": "en"},
        {"#item-type": "identification", "#item-status": "to_follow"},
    )
    page.goto(f"{live_server}/requests/{request_id}/step/review")
    page.wait_for_selector("#review-summary")
    remaining = findings(page)
    db.session.expire_all()
    assert remaining == [], db.session.get(MlaRequest, request_id).data.get("supporting_documents")
    assert page.locator("#complete-banner").count() == 1
    page.screenshot(path=str(artifacts_dir / "extradition-review.png"), full_page=True)

    pdf_path = download_document(page, "en", tmp_path / "extradition-en.pdf")
    (artifacts_dir / "extradition-browser-en.pdf").write_bytes(pdf_path.read_bytes())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, check=True
    ).stdout.decode()
    text = re.sub(r"\s+", " ", text)
    assert "Request for extradition" in text
    assert "Karim Haddad" in text and "MA-2026-0203" in text
    assert "The death penalty will not be imposed" in text
    assert "Photograph and fingerprint card" in text and "To follow" in text

    with page.expect_navigation():
        page.click("#submit-request")
    db.session.expire_all()
    item = db.session.get(MlaRequest, request_id)
    assert item.status == "submitted" and item.case_id is not None
    assert errors == []
