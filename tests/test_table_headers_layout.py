"""Column headings and badges in a real browser: no word of a heading or a status badge is split
across two lines (the case list showed "Directi/on", "Update/d" and the Arabic status "مستلَ/م",
the audit log "No/."), in English and Arabic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases import opening
from mla_tool.extensions import db
from tests.conftest import DEFAULT_PASSWORD

#: The words of an element whose text lands on more than one line.
SPLIT_WORDS_JS = """(cell) => {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const split = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""


def _sign_in(page: Any, live_server: str, email: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#email", email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/dashboard")


def _split_headings(page: Any) -> list[str]:
    cells = page.locator("th, td .badge").all()
    return [word for cell in cells for word in cell.evaluate(SPLIT_WORDS_JS)]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_column_heading_breaks_inside_a_word(
    make_user: Callable[..., Any], live_server: str, page: Any, artifacts_dir: Path, language: str
) -> None:
    caseworker = make_user("caseworker", display_name="Carla")
    auditor = make_user("auditor")
    for user in (caseworker, auditor):
        user.locale = language
    for number in range(3):
        opening.open_case(
            direction="incoming",
            kind="mla",
            counterpart_state="DEU",
            title=f"Production of records of a telephone operator {number}",
            reference=f"DE-BMJ-2030-{number:04d}",
            actor=caseworker,
        )
    db.session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, live_server, caseworker.email)
    page.goto(f"{live_server}/cases/")
    page.screenshot(path=str(artifacts_dir / f"case-list-headings-{language}.png"))
    assert _split_headings(page) == []
    page.context.clear_cookies()
    _sign_in(page, live_server, auditor.email)
    page.goto(f"{live_server}/audit/")
    page.screenshot(path=str(artifacts_dir / f"audit-headings-{language}.png"))
    assert _split_headings(page) == []
