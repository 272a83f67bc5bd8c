"""A caseworker types a place in Arabic without its shadda, and a name without its accents, in
the case list's search box of a real Chromium, and finds the cases whose requests name them; the
case page lists the other cases about the same person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases import opening
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def _case_with_person(owner: Any, title: str, person: dict[str, Any]) -> Any:
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="JOR", title=title, actor=owner
    )
    request = create_request(owner, {"kind": "mla", "persons": [person]})
    request.case_id = case.id
    return case


def _search(page: Any, base: str, query: str) -> list[str]:
    page.goto(f"{base}/cases/")
    page.fill("#f-q", query)
    page.press("#f-q", "Enter")
    page.wait_for_load_state()
    return page.locator("table.case-list tbody tr").all_inner_texts()


def test_search_folds_arabic_and_latin_and_links_the_same_person(
    browser: Any, live_server: str, make_user: Any, artifacts_dir: Path
) -> None:
    owner = make_user("caseworker", country="FRA")
    born = "1984-11-02"
    amman = _case_with_person(
        owner,
        "Financement du terrorisme",
        {"role": "suspect", "name": "سامي الخطيب", "address": "جبل عمّان", "birth_date": born},
    )
    jose = _case_with_person(
        owner,
        "Stupéfiants Marseille",
        {"role": "suspect", "name": "José Álvarez", "aliases": "سامي الخطيب", "birth_date": born},
    )
    _case_with_person(owner, "Unrelated", {"role": "witness", "name": "Marie Curie"})
    db.session.commit()

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, owner.email)

    rows = _search(page, live_server, "عمان")
    assert len(rows) == 1 and "Financement du terrorisme" in rows[0]
    page.screenshot(path=str(artifacts_dir / "case-search-arabic.png"), full_page=True)

    rows = _search(page, live_server, "jose alvarez")
    assert len(rows) == 1 and "Stupéfiants Marseille" in rows[0]
    page.screenshot(path=str(artifacts_dir / "case-search-latin.png"), full_page=True)

    # the same person (name as alias, same birth date) links the two cases both ways
    page.click(f"table.case-list a[href='/cases/{jose.id}']")
    page.wait_for_url(f"**/cases/{jose.id}")
    links = page.locator("#person-links")
    assert "Also in cases" in links.inner_text()
    assert links.locator(f"a[href='/cases/{amman.id}']").count() == 1
    assert "Unrelated" not in links.inner_text()
    links.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "case-person-links.png"), full_page=True)
    context.close()
