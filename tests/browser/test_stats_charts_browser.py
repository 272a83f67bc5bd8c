"""The statistics' bar charts in a real Chromium, in English and Arabic: every label sits beside
its bar, never under it, and inside the chart; right to left the labels are on the right."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases import opening, transitions
from mla_tool.cases.dates import today
from mla_tool.extensions import db
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser

#: Per bar: the label's, the bar's and the value's boxes, and the chart's.
MEASURE = """() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('g')].map(g => {
    const r = (el) => { const b = el.getBoundingClientRect();
      return {left: b.left, right: b.right, width: b.width}; };
    return {chart: {left: box.left, right: box.right}, label: r(g.querySelector('.bar-label')),
            bar: r(g.querySelector('rect')), value: r(g.querySelector('.bar-value')),
            text: g.querySelector('.bar-label').textContent};
  });
}).flat()"""


def _cases(owner: Any) -> None:
    """Cases in several statuses, kinds and states, some executed (the duration charts)."""
    plan = [
        ("outgoing", "mla", "JOR", ("under_review", "approved", "transmitted")),
        ("outgoing", "extradition", "DEU", ("under_review",)),
        ("outgoing", "mla", "USA", ("under_review", "approved", "transmitted", "in_execution")),
        ("incoming", "mla", "EGY", ("under_review", "in_execution", "executed")),
        ("incoming", "preservation", "JOR", ("under_review",)),
    ]
    for number, (direction, kind, state, path) in enumerate(plan * 2):
        case = opening.open_case(
            direction=direction, kind=kind, counterpart_state=state, title="c", actor=owner
        )
        for status in path:
            transitions.transition(case, status, owner, note="n")
        if case.outcome:
            case.started_on = today() - timedelta(days=10 + number)


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    return min(a["right"], b["right"]) - max(a["left"], b["left"])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_chart_labels_sit_beside_their_bars(
    browser: Any, live_server: str, make_user: Any, artifacts_dir: Path, language: str
) -> None:
    owner = make_user("caseworker", country="FRA", email=f"stats-charts-{language}@example.org")
    _cases(owner)
    db.session.commit()
    context = browser.new_context(locale="ar" if language == "ar" else "en-GB")
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, owner.email)
    page.goto(f"{live_server}/cases/stats")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    page.screenshot(path=str(artifacts_dir / f"stats-charts-{language}.png"), full_page=True)
    bars = page.evaluate(MEASURE)
    assert len(bars) >= 10
    for item in bars:
        label, bar, value, chart = item["label"], item["bar"], item["value"], item["chart"]
        assert label["width"] > 0, item
        assert _overlap(label, bar) <= 0.5, f"label under its bar: {item}"
        assert _overlap(value, bar) <= 0.5, f"value under its bar: {item}"
        assert chart["left"] - 0.5 <= label["left"] and label["right"] <= chart["right"] + 0.5
        if language == "ar":  # labels on the right, bars growing to the left
            assert label["left"] >= bar["right"] - 0.5, item
            assert value["right"] <= bar["left"] + 0.5, item
        else:
            assert label["right"] <= bar["left"] + 0.5, item
            assert value["left"] >= bar["right"] - 0.5, item
    page.click("main a[href*='/cases/stats/untoc']")
    page.wait_for_url("**/cases/stats/untoc**")
    received = page.locator("#untoc-incoming table.untoc-total tbody td").all_inner_texts()
    assert received[:4] == ["4", "2", "0", "2"]  # received, executed, refused, pending
    page.screenshot(path=str(artifacts_dir / f"stats-untoc-{language}.png"), full_page=True)
    context.close()
