"""The case timeline in a real browser: a note reads like every other entry (one heading line:
when, who, what; then the note), in English and Arabic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases import opening, timeline
from mla_tool.extensions import db
from tests.conftest import DEFAULT_PASSWORD


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_note_in_the_timeline_keeps_when_and_who_on_one_line(
    make_user: Callable[..., Any], live_server: str, page: Any, artifacts_dir: Path, language: str
) -> None:
    caseworker = make_user("caseworker", display_name="Carla")
    caseworker.locale = language
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Fraud ring",
        reference="MLA-2030-18",
        actor=caseworker,
    )
    timeline.add_event(case, "note", caseworker, note="Called Berlin.\nThey reply next week.")
    db.session.commit()
    page.goto(f"{live_server}/login")
    page.fill("#email", caseworker.email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/dashboard")
    page.goto(f"{live_server}/cases/{case.id}")
    entry = page.locator("#timeline li.event-note")
    entry.screenshot(path=str(artifacts_dir / f"timeline-note-{language}.png"))
    heading = [entry.locator(part).bounding_box() for part in ("time", ".who", ".what")]
    assert all(box is not None for box in heading)
    middles = [box["y"] + box["height"] / 2 for box in heading]  # type: ignore[index]
    assert max(middles) - min(middles) < 6, middles  # one line, as the other entries
    text = entry.locator("p.event-note")
    note_box = text.bounding_box()
    assert note_box is not None
    # the note's own line break is kept, and nothing else: two lines of text
    line_height = float(text.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert round(note_box["height"] / line_height) == 2
