"""The statistics count from a case's real dates (transmitted, received on, executed), for a
period, and give the UNTOC review figures by state, kind and legal basis, refusals by ground:
page, CSV and API."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.cases import opening, stats, transitions
from mla_tool.cases.correspondence import record_correspondence
from mla_tool.cases.dates import today
from mla_tool.cases.errors import TransitionError
from mla_tool.cases.stats_sql import Period
from mla_tool.cases.untoc_report import untoc_report
from mla_tool.extensions import db

INCOMING_TO_EXECUTED = ("under_review", "in_execution", "executed")


def _case(actor: Any, direction: str, state: str, kind: str = "mla", **dates: Any) -> Any:
    """A case whose milestone dates are set as if the events had happened on those days."""
    case = opening.open_case(
        direction=direction, kind=kind, counterpart_state=state, title="t", actor=actor
    )
    for name, value in dates.items():
        setattr(case, name, value)
    return case


def test_incoming_turnaround_counts_from_the_received_on_date(make_user: Any) -> None:
    cw = make_user("caseworker", country="JOR")
    case = opening.open_case(
        direction="incoming", kind="mla", counterpart_state="FRA", title="i", actor=cw
    )
    assert case.started_on == today()  # registered today, nothing else known yet
    received = today() - timedelta(days=12)
    record_correspondence(
        case, cw, way="received", channel="diplomatic", on=received, summary="by note verbale"
    )
    assert case.started_on == received
    for status in INCOMING_TO_EXECUTED:
        transitions.transition(case, status, cw, note="done")
    db.session.commit()
    assert (case.outcome, case.concluded_on) == ("executed", today())
    reply = stats.compute_stats(cw)["durations"]["receipt_to_reply"]
    assert reply["overall"] == {"n": 1, "median_days": 12.0, "p90_days": 12.0}


def test_a_refusal_keeps_its_ground_and_a_bad_ground_is_refused(make_user: Any) -> None:
    cw = make_user("caseworker", country="JOR")
    case = opening.open_case(
        direction="incoming", kind="mla", counterpart_state="FRA", title="i", actor=cw
    )
    transitions.transition(case, "under_review", cw)
    with pytest.raises(TransitionError) as error:
        transitions.transition(
            case, "refused", cw, note="no", details={"refusal_ground": "not-a-ground"}
        )
    assert error.value.code == "invalid_refusal_ground"
    with pytest.raises(TransitionError):
        transitions.transition(
            case, "in_execution", cw, details={"refusal_ground": "dual_criminality"}
        )
    transitions.transition(
        case, "refused", cw, note="no", details={"refusal_ground": "dual_criminality"}
    )
    assert (case.outcome, case.refusal_ground) == ("refused", "dual_criminality")


@pytest.fixture
def year_2026(make_user: Callable[..., Any]) -> Any:
    """Outgoing and incoming cases with known dates around the first half of 2026."""
    cw = make_user("caseworker", country="JOR")
    d = date
    # outgoing, sent in the period, executed after 10, 20, 30 and 100 days
    for days, state, basis in [(10, "FRA", "UNTOC"), (20, "FRA", "UNTOC"), (30, "DEU", None)]:
        _case(
            cw,
            "outgoing",
            state,
            started_on=d(2026, 2, 1),
            legal_basis=basis,
            outcome="executed",
            concluded_on=d(2026, 2, 1) + timedelta(days=days),
        )
    _case(
        cw,
        "outgoing",
        "FRA",
        "extradition",
        started_on=d(2026, 1, 10),
        outcome="executed",
        concluded_on=d(2026, 4, 20),
        legal_basis="bilateral",
    )
    # sent in the period, still pending at its end (executed after it)
    _case(
        cw,
        "outgoing",
        "DEU",
        started_on=d(2026, 5, 1),
        outcome="executed",
        concluded_on=d(2026, 8, 1),
        legal_basis="UNTOC",
    )
    # sent before the period, pending throughout
    _case(cw, "outgoing", "DEU", started_on=d(2025, 11, 1), legal_basis="UNTOC")
    # a draft was never sent: not a request sent
    _case(cw, "outgoing", "FRA")
    # incoming: received, two refused on grounds, one executed after 7 days
    _case(
        cw,
        "incoming",
        "FRA",
        started_on=d(2026, 3, 1),
        outcome="refused",
        concluded_on=d(2026, 3, 20),
        refusal_ground="dual_criminality",
    )
    _case(
        cw,
        "incoming",
        "USA",
        started_on=d(2026, 3, 2),
        outcome="refused",
        concluded_on=d(2026, 3, 22),
        refusal_ground=None,
    )
    _case(
        cw,
        "incoming",
        "USA",
        started_on=d(2026, 4, 1),
        outcome="executed",
        concluded_on=d(2026, 4, 8),
    )
    # after the period: not counted at all
    _case(cw, "incoming", "USA", started_on=d(2026, 7, 1))
    # another authority's case does not count
    other = make_user("caseworker", country="BEL")
    _case(other, "outgoing", "FRA", started_on=d(2026, 2, 1))
    db.session.commit()
    return cw


PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))


def test_untoc_figures_for_a_period(year_2026: Any) -> None:
    report = untoc_report(year_2026, PERIOD)
    assert report["period"] == {"from": "2026-01-01", "to": "2026-06-30"}
    out = report["directions"]["outgoing"]
    assert out["total"] == {
        "requests": 5,
        "executed": 4,
        "refused": 0,
        "pending": 2,
        "executed_with_dates": 4,
        "median_days_to_execution": 25.0,
        "p90_days_to_execution": 100.0,
    }
    assert out["by_state"]["FRA"]["requests"] == 3
    assert out["by_state"]["FRA"]["median_days_to_execution"] == 20.0
    assert out["by_state"]["DEU"]["pending"] == 2
    assert out["by_kind"]["extradition"]["p90_days_to_execution"] == 100.0
    assert out["by_legal_basis"]["UNTOC"]["executed"] == 2
    assert out["by_legal_basis"]["unspecified"]["executed"] == 1
    assert out["by_legal_basis"]["bilateral"]["median_days_to_execution"] == 100.0
    inc = report["directions"]["incoming"]
    assert inc["total"]["requests"] == 3
    assert (inc["total"]["executed"], inc["total"]["refused"], inc["total"]["pending"]) == (1, 2, 0)
    assert inc["total"]["median_days_to_execution"] == 7.0
    assert inc["refused_by_ground"] == {"dual_criminality": 1, "unspecified": 1}
    assert out["refused_by_ground"] == {}


def test_the_period_filters_the_statistics(year_2026: Any) -> None:
    whole = stats.compute_stats(year_2026)["durations"]["transmission_to_execution"]
    assert whole["overall"]["n"] == 5
    spring = Period(date(2026, 4, 1), date(2026, 6, 30))
    part = stats.compute_stats(year_2026, spring)
    assert part["durations"]["transmission_to_execution"]["overall"]["n"] == 1
    assert part["period"] == {"from": "2026-04-01", "to": "2026-06-30"}
    # cases opened in the period: all of them were opened today, which is after it
    assert part["total"] == 0


def test_untoc_page_csv_and_api(
    year_2026: Any,
    client: FlaskClient,
    api_headers: Callable[[Any], dict[str, str]],
    login: Callable[[Any], FlaskClient],
    make_user: Callable[..., Any],
) -> None:
    query = "from=2026-01-01&to=2026-06-30"
    api = client.get(f"/api/v1/stats/untoc?{query}", headers=api_headers(year_2026))
    assert api.status_code == 200
    assert api.json["directions"]["incoming"]["refused_by_ground"]["dual_criminality"] == 1
    bad = client.get(
        "/api/v1/stats/untoc?from=2026-06-30&to=2026-01-01", headers=api_headers(year_2026)
    )
    assert bad.status_code == 422
    # a date is written YYYY-MM-DD: "0" is not 1970-01-01
    for path in ("/api/v1/stats/untoc?to=0", "/api/v1/stats?from=20260101"):
        refused = client.get(path, headers=api_headers(year_2026))
        assert refused.status_code == 422, path
    assert client.get(f"/api/v1/stats?{query}", headers=api_headers(year_2026)).status_code == 200
    prosecutor = make_user("prosecutor")
    assert client.get("/api/v1/stats/untoc", headers=api_headers(prosecutor)).status_code == 403

    web = login(year_2026)
    page = web.get(f"/cases/stats/untoc?{query}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # the article reference is isolated left to right (<bdi dir="ltr">): read as text
    text = re.sub(r"<[^>]+>", "", html)
    assert "No dual criminality (art. 18(9))" in text and "France" in html
    assert '<bdi dir="ltr">art. 18(9)</bdi>' in html
    assert 'value="2026-01-01"' in html
    download = web.get(f"/cases/stats/untoc.csv?{query}")
    assert download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    total = next(r for r in rows if r["direction"] == "outgoing" and r["breakdown"] == "total")
    assert (total["requests"], total["pending"], total["median_days_to_execution"]) == (
        "5",
        "2",
        "25.0",
    )
    assert {
        "direction": "incoming",
        "breakdown": "refused_by_ground",
        "key": "dual_criminality",
    }.items() <= next(r for r in rows if r["key"] == "dual_criminality").items()
    stats_page = web.get(f"/cases/stats?{query}")
    assert stats_page.status_code == 200 and "/cases/stats/untoc?" in stats_page.get_data(
        as_text=True
    )
    assert web.get("/cases/stats?from=nonsense").status_code == 200  # said, and ignored


def test_an_outgoing_case_counts_from_the_day_its_transmission_says_it_was_sent(
    make_user: Any,
) -> None:
    cw = make_user("caseworker", country="JOR")
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="FRA", title="o", actor=cw
    )
    for status in ("under_review", "approved"):
        transitions.transition(case, status, cw)
    sent = today() - timedelta(days=3)
    transitions.transition(case, "transmitted", cw, details={"sent_on": sent.isoformat()})
    assert case.started_on == sent


def test_a_case_takes_the_legal_basis_its_request_cites_first(make_user: Any) -> None:
    from mla_tool.forms.case_basis import note_legal_basis
    from mla_tool.forms.drafting import create_request

    cw = make_user("caseworker", country="JOR")
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="FRA", title="o", actor=cw
    )
    request = create_request(cw, {"kind": "mla", "legal_basis": ["UNCAC", "UNTOC"]})
    note_legal_basis(request, case=case, actor=cw)
    assert case.legal_basis == "UNCAC"
    other = create_request(cw, {"kind": "mla", "legal_basis": ["UNTOC"]})
    note_legal_basis(other, case=case, actor=cw)
    assert case.legal_basis == "UNCAC"  # the first one stays


def test_an_incoming_case_takes_the_basis_of_the_request_registered_in_it(
    make_user: Any,
) -> None:
    from mla_tool.forms.drafting import create_request

    cw = make_user("caseworker", country="JOR")
    case = opening.open_case(
        direction="incoming", kind="mla", counterpart_state="FRA", title="i", actor=cw
    )
    request = create_request(cw, {"kind": "mla", "legal_basis": ["UNTOC"]})
    request.case_id = case.id
    db.session.flush()
    transitions.transition(case, "under_review", cw)
    assert case.legal_basis == "UNTOC"


def test_the_untoc_page_lists_states_by_name_and_kinds_in_their_order(
    year_2026: Any, login: Callable[[Any], FlaskClient]
) -> None:
    """A breakdown's rows are in the order a reader follows: states by their names in the
    page's language (France before Germany, whose code DEU comes first), kinds as their table
    orders them, what was not recorded last."""
    web = login(year_2026)
    html = web.get("/cases/stats/untoc?from=2026-01-01&to=2026-06-30").get_data(as_text=True)
    outgoing = re.sub(r"<[^>]+>", "|", html.split('id="untoc-incoming"', 1)[0])
    assert outgoing.index("|France|") < outgoing.index("|Germany|")
    assert outgoing.index("|Mutual legal assistance|") < outgoing.index("|Extradition|")
