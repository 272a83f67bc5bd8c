"""A real headless Chromium: a maintainer finds an entry by part of its Arabic name, edits it,
sees the change in its history, compares versions and restores the old one."""

from __future__ import annotations

import pytest

from mla_tool.directory.authorities import create_authority
from mla_tool.extensions import db
from tests.conftest import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


def test_maintainer_edits_an_entry_and_sees_its_history(
    page, live_server, make_user, artifacts_dir
) -> None:
    maintainer = make_user("maintainer", display_name="Mona Said")
    authority = create_authority(
        {
            "country": "EGY",
            "functions": ["central_authority_mla"],
            "name": "مكتب التعاون الدولي، مكتب النائب العام",
            "name_en": "International Cooperation Office",
            "languages": ["ar"],
            "email": "old@example.org",
        }
    )
    db.session.commit()

    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(maintainer.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    assert page.get_by_text("Directory entries to verify (1)").is_visible()

    page.get_by_role("link", name="Directory", exact=True).click()
    page.get_by_label("Search (any language)").fill("النَّائب")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="International Cooperation Office").click()
    page.wait_for_url(f"**/directory/{authority.id}")

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Email", exact=True).fill("new@example.org")
    page.get_by_label("Languages accepted for requests").fill("ar, en")
    page.get_by_label("Verified on").fill("2026-11-01")
    page.get_by_label("What changed and why").fill("new mailbox")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/directory/{authority.id}")
    assert page.get_by_text("Saved as version 2.").is_visible()

    history = page.locator("table.history tbody tr")
    assert history.count() == 2
    newest = history.nth(0).inner_text()
    assert "new mailbox" in newest and maintainer.email in newest
    assert "Email" in newest and "Languages accepted" in newest and "Verified on" in newest
    page.screenshot(path=str(artifacts_dir / "directory-history.png"), full_page=True)

    page.get_by_role("button", name="Compare the selected versions").click()
    page.wait_for_url("**/compare?*")
    assert page.locator("table.diff").get_by_text("old@example.org").is_visible()
    assert page.locator("table.diff").get_by_text("new@example.org").is_visible()

    page.get_by_role("button", name="Restore version 1").click()
    page.wait_for_url(f"**/directory/{authority.id}")
    assert page.get_by_text("Version 1 restored as a new version.").is_visible()
    assert page.locator("table.history tbody tr").count() == 3
    assert page.get_by_role("link", name="old@example.org").is_visible()
