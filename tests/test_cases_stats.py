"""Statistics on known data: counts by dimension and month, median and p90 durations, CSV, SVG."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.cases import charts, opening, stats, transitions
from mla_tool.cases.models import CaseEvent
from mla_tool.extensions import db

START = datetime(2026, 3, 1, 9, 0)
OUTGOING_PATH = ("under_review", "approved", "transmitted", "in_execution", "executed")


def _outgoing(actor: Any, state: str, kind: str, days_to_execute: int) -> Any:
    case = opening.open_case(
        direction="outgoing", kind=kind, counterpart_state=state, title="o", actor=actor
    )
    for status in OUTGOING_PATH:
        transitions.transition(case, status, actor)
    for event in db.session.query(CaseEvent).filter_by(case_id=case.id):
        if event.to_status == "transmitted":
            event.at = START
        elif event.to_status == "executed":
            event.at = START + timedelta(days=days_to_execute)
        else:
            event.at = START - timedelta(days=1)
    case.created_at = START - timedelta(days=2)
    case.started_on = START.date()  # the real dates the statistics count from
    case.concluded_on = (START + timedelta(days=days_to_execute)).date()
    return case


def _incoming(actor: Any, state: str, outcome: str, days: int, month: int) -> Any:
    case = opening.open_case(
        direction="incoming", kind="mla", counterpart_state=state, title="i", actor=actor
    )
    path = {
        "executed": ("under_review", "in_execution", "executed"),
        "refused": ("under_review", "refused"),
        "in_execution": ("under_review", "in_execution"),
    }[outcome]
    for status in path:
        transitions.transition(case, status, actor, note="reason")
    received = datetime(2026, month, 5)
    for event in db.session.query(CaseEvent).filter_by(case_id=case.id):
        event.at = received + timedelta(days=days if event.to_status == outcome else 0)
    case.created_at = received
    case.started_on = received.date()
    if case.outcome:
        case.concluded_on = (received + timedelta(days=days)).date()
    return case


@pytest.fixture
def known_data(make_user: Callable[..., Any]) -> Any:
    cw = make_user("caseworker", country="FRA")
    for days, state in [(10, "DEU"), (20, "DEU"), (30, "DEU"), (40, "ESP")]:
        _outgoing(cw, state, "mla", days)
    _outgoing(cw, "ESP", "extradition", 100)
    _incoming(cw, "USA", "executed", 7, 4)
    _incoming(cw, "USA", "refused", 3, 4)
    _incoming(cw, "BRA", "in_execution", 50, 5)  # not answered yet: no duration
    # a case of another authority does not count
    other = make_user("caseworker", country="BEL")
    opening.open_case(
        direction="incoming", kind="mla", counterpart_state="DEU", title="x", actor=other
    )
    db.session.commit()
    return cw


def test_percentile_nearest_rank() -> None:
    assert stats.percentile([], 0.9) is None
    assert stats.percentile([5.0], 0.9) == 5.0
    assert stats.percentile([float(i) for i in range(1, 11)], 0.9) == 9.0
    assert stats.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.9) == 5.0


def test_counts_and_durations_on_known_data(known_data: Any) -> None:
    data = stats.compute_stats(known_data)
    counts = data["counts"]
    assert data["total"] == 8
    assert counts["by_direction"] == {"incoming": 3, "outgoing": 5}
    assert counts["by_kind"] == {"extradition": 1, "mla": 7}
    assert counts["by_status"] == {"executed": 6, "in_execution": 1, "refused": 1}
    assert counts["by_counterpart_state"] == {"BRA": 1, "DEU": 3, "ESP": 2, "USA": 2}
    assert counts["by_month"] == {"2026-02": 5, "2026-04": 2, "2026-05": 1}

    out = data["durations"]["transmission_to_execution"]
    assert out["overall"] == {"n": 5, "median_days": 30.0, "p90_days": 100.0}
    assert out["by_state"]["DEU"] == {"n": 3, "median_days": 20.0, "p90_days": 30.0}
    assert out["by_state"]["ESP"] == {"n": 2, "median_days": 70.0, "p90_days": 100.0}
    assert out["by_kind"]["mla"] == {"n": 4, "median_days": 25.0, "p90_days": 40.0}
    assert out["by_kind"]["extradition"]["median_days"] == 100.0

    inc = data["durations"]["receipt_to_reply"]
    assert inc["overall"] == {"n": 2, "median_days": 5.0, "p90_days": 7.0}
    assert inc["by_state"] == {"USA": {"n": 2, "median_days": 5.0, "p90_days": 7.0}}


def test_api_csv_and_charts(
    known_data: Any,
    client: FlaskClient,
    api_headers: Callable[[Any], dict[str, str]],
    login: Callable[[Any], FlaskClient],
    make_user: Callable[..., Any],
) -> None:
    api = client.get("/api/v1/stats", headers=api_headers(known_data))
    assert api.status_code == 200
    assert api.json["counts"]["by_direction"] == {"incoming": 3, "outgoing": 5}
    prosecutor = make_user("prosecutor")
    assert client.get("/api/v1/stats", headers=api_headers(prosecutor)).status_code == 403

    web = login(known_data)
    page = web.get("/cases/stats")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<svg") >= 9 and "<script" not in html.split("<main", 1)[1]
    assert "cdn" not in html.lower()
    assert "<title>Germany: 3</title>" in html  # states by name, not by ISO code
    assert "8 cases of your authority" in html
    assert (
        "5 cases: median 30, 90th percentile 100 (days)." in html
    )  # numbers as the reader writes them
    french = web.get("/cases/stats", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "5 affaires\u00a0: médiane 30, 90e centile 100 (jours)." in french
    download = web.get("/cases/stats.csv")
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert {"measure": "count", "group": "by_state", "key": "x"} not in rows
    overall = [
        r for r in rows if r["measure"] == "transmission_to_execution" and r["group"] == "overall"
    ]
    assert overall[0]["median_days"] == "30.0" and overall[0]["p90_days"] == "100.0"
    assert any(
        r["group"] == "by_counterpart_state" and r["key"] == "DEU" and r["count"] == "3"
        for r in rows
    )


def test_a_charts_bars_are_in_the_order_a_reader_follows(
    known_data: Any, login: Callable[[Any], FlaskClient]
) -> None:
    """The statuses in the workflow's order (not their codes'), the states by their names in
    the page's language, in the charts and in the durations' table."""
    web = login(known_data)
    english = web.get("/cases/stats").get_data(as_text=True)
    order = ["In execution: 1", "Executed: 6", "Refused: 1"]
    assert [english.index(f"<title>{bar}</title>") for bar in order] == sorted(
        english.index(f"<title>{bar}</title>") for bar in order
    )
    spanish = web.get("/cases/stats", headers={"Accept-Language": "es"}).get_data(as_text=True)
    bars = ["Alemania: 3", "Brasil: 1", "España: 2", "Estados Unidos: 2"]  # by code: BRA first
    places = [spanish.index(f"<title>{bar}</title>") for bar in bars]
    assert places == sorted(places)
    table = spanish.split("<table", 1)[1]
    assert table.index("<td>Alemania</td>") < table.index("<td>España</td>")


@pytest.mark.parametrize(("language", "shown"), [("fr", "27,5"), ("en", "27.5"), ("es", "27,5")])
def test_a_charts_numbers_are_written_in_the_pages_language(
    app: Any, language: str, shown: str
) -> None:
    """Days are a median (27.5): French and Spanish write its decimal comma, in the bar and its title."""
    from flask import render_template_string

    chart = charts.bar_chart({"DEU": 27.5, "ESP": 3})
    with app.test_request_context("/", headers={"Accept-Language": language}):
        svg = render_template_string(
            '{% from "cases/_macros.html" import bar_chart with context %}{{ bar_chart("t", chart) }}',
            chart=chart,
        )
    assert (
        f">{shown}</text>" in svg
        and f"DEU{': ' if language != 'fr' else chr(160) + ': '}{shown}" in svg
    )


def test_bar_chart_geometry_is_proportional() -> None:
    chart = charts.bar_chart({"a": 10, "b": 5, "c": 0}, width=560)
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert chart["height"] == 3 * (20 + 6)
    assert charts.bar_chart({})["bars"] == []


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_number_filter_writes_what_babel_writes(app: Any, language: str) -> None:
    """`number` (i18n.number_text) is Babel's format_decimal, from the locale's symbols alone."""
    from babel.numbers import format_decimal

    from mla_tool.i18n import number_text

    values = [0, 7, 1234, 1234567, 0.5, 27.25, 26.0, 12345.5, 100.0, -3.75, 999999.99]
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert [number_text(v) for v in values] == [
            format_decimal(v, locale=language) for v in values
        ]
