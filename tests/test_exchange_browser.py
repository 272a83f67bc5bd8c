"""In a real Chromium: a caseworker presses "Transmit securely" and downloads the sealed package;
the receiver's signed receipt, altered on the way, is refused on "Receive package" with its
reason, and the genuine one lands in the outgoing case's timeline."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mla_tool.cases.models import Case
from mla_tool.exchange.models import ExchangePackage
from mla_tool.exchange.package import sealed_file
from mla_tool.exchange.receive import import_package
from mla_tool.exchange.status import export_status
from mla_tool.extensions import db
from tests.browser.pages import sign_in
from tests.factories.exchange import (  # noqa: F401  (fixtures)
    Pair,
    approved_case,
    ministry_a_fixture,
    ministry_b_fixture,
    pair_fixture,
)

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page: Any) -> list[str]:
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{item['id']}: {item['help']} — {item['nodes'][0]['target'][0]}"
        for item in result["violations"]
        if item["impact"] in {"serious", "critical"}
    ]


def test_transmit_securely_and_receive_the_receipt(
    browser: Any, live_server: str, pair: Pair, tmp_path: Path, artifacts_dir: Path
) -> None:
    case = approved_case(pair)
    case_id = case.id
    email = pair.a.caseworker().email
    db.session.commit()
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_server, email)

    page.goto(f"{live_server}/cases/{case_id}")
    page.click("#transmit-securely")
    page.wait_for_url(f"**/exchange/cases/{case_id}/transmit")
    assert serious_violations(page) == []
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/cases/{case_id}*")
    assert "Package sealed" in page.locator(".flashes").inner_text()
    with page.expect_download() as download_info:
        page.click("text=Download package")
    saved = tmp_path / "sent.mlapkg"
    download_info.value.save_as(saved)
    db.session.expire_all()
    package = db.session.execute(select(ExchangePackage)).scalar_one()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == package.digest
    assert db.session.get(Case, case_id).status == "transmitted"

    # B opens it and signs a receipt; a copy of the receipt is altered on the way back
    with pair.b.active():
        incoming = import_package(saved.read_bytes(), pair.b.caseworker()).case
        receipt = export_status(incoming, pair.b.caseworker(), "received")
        db.session.commit()
        receipt_bytes = sealed_file(receipt).read_bytes()
    altered = bytearray(receipt_bytes)
    altered[len(altered) // 2] ^= 0x20
    tampered = tmp_path / "tampered.mlapkg"
    tampered.write_bytes(bytes(altered))
    genuine = tmp_path / "receipt.mlapkg"
    genuine.write_bytes(receipt_bytes)

    page.goto(f"{live_server}/exchange/receive")
    page.set_input_files("#package", str(tampered))
    page.click("main button[type=submit]")
    refusal = page.locator("#refusal")
    assert serious_violations(page) == []
    assert refusal.get_attribute("data-code") in {"bad_signature", "tampered"}
    assert "altered" in refusal.inner_text()

    page.set_input_files("#package", str(genuine))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/cases/{case_id}*")
    assert "Status received: Received" in page.locator("#exchange").inner_text()
    assert "status update received" in page.locator("#timeline").inner_text()
    page.locator("#exchange").screenshot(path=str(artifacts_dir / "exchange-case-panel.png"))
    assert serious_violations(page) == []
    page.goto(f"{live_server}/exchange/")
    assert pair.a.fingerprint in page.locator("#own-fingerprint").inner_text()
    assert serious_violations(page) == []
    context.close()
