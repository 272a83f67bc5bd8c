"""Keyset pagination of the case and request lists (cursor after the last row): every order reads each case
once across pages, rows written between two pages neither repeat nor hide others, and a cursor
never widens what a user may see; the API's next_cursor, capped total and the page's "Next"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from mla_tool.cases import listing, opening
from mla_tool.cases.errors import CaseError
from mla_tool.cases.listing import CaseFilters, list_cases
from mla_tool.cases.models import Case
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.listing import requests_page
from mla_tool.forms.models import MlaRequest

SORTS = ["-updated", "updated", "due", "-due", "reference", "-reference", "status", "-id", "id"]
KINDS = ("mla", "preservation", "extradition", "mla", "provisional_arrest")


def _cases(user: Any, count: int = 23, prefix: str = "REF", both_ways: bool = True) -> list[int]:
    """Cases with ties on every sort column, some without a due date or reference."""
    ids = []
    start = datetime(2026, 6, 1, 12, 0, 0)
    for n in range(count):
        case = opening.open_case(
            direction="incoming" if both_ways and n % 2 == 0 else "outgoing",
            kind=KINDS[n % len(KINDS)],
            counterpart_state=("DEU", "ESP", "ITA")[n % 3],
            title=f"Matter {n}",
            actor=user,
            reference=None if n % 4 == 0 else f"{prefix}-{n % 6}",
            due_date=None if n % 3 == 0 else date(2026, 9, 1) + timedelta(days=n % 5),
        )
        ids.append(case.id)
    db.session.commit()
    for n, case_id in enumerate(ids):  # three cases share each update time
        db.session.execute(
            sa.update(Case)
            .where(Case.id == case_id)
            .values(updated_at=start + timedelta(hours=n // 3), created_at=start)
        )
    db.session.commit()
    return ids


def _walk(user: Any, sort: str, per_page: int = 4, **filters: Any) -> list[int]:
    """Every page of the list by cursor; the ids in the order read."""
    seen: list[int] = []
    cursor = None
    for _ in range(100):
        page = list_cases(user, CaseFilters(sort=sort, per_page=per_page, cursor=cursor, **filters))
        seen += [case.id for case in page.items]
        if not page.has_next:
            assert page.next_cursor is None
            return seen
        cursor = page.next_cursor
    raise AssertionError("the pages never ended")


@pytest.mark.parametrize("sort", SORTS)
def test_pages_by_cursor_read_the_whole_list_once_in_its_order(
    make_user: Callable[..., Any], sort: str
) -> None:
    caseworker = make_user("caseworker")
    _cases(caseworker)
    whole = [c.id for c in list_cases(caseworker, CaseFilters(sort=sort, per_page=200)).items]
    assert len(whole) == 23
    assert _walk(caseworker, sort) == whole
    assert _walk(caseworker, sort, per_page=1) == whole


def test_the_default_order_puts_urgent_cases_first(make_user: Callable[..., Any]) -> None:
    caseworker = make_user("caseworker")
    _cases(caseworker)
    kinds = [db.session.get(Case, i).kind for i in _walk(caseworker, listing.DEFAULT_SORT)]
    urgent = [k in ("preservation", "provisional_arrest") for k in kinds]
    assert urgent == sorted(urgent, reverse=True)


def test_cases_written_between_pages_neither_repeat_nor_hide_others(
    make_user: Callable[..., Any],
) -> None:
    caseworker = make_user("caseworker")
    before = _cases(caseworker)
    first = list_cases(caseworker, CaseFilters(per_page=5))
    _cases(caseworker, count=7, prefix="NEW")  # new cases, updated later than all the others
    seen = [c.id for c in first.items]
    cursor = first.next_cursor
    while cursor:
        page = list_cases(caseworker, CaseFilters(per_page=5, cursor=cursor))
        seen += [c.id for c in page.items]
        cursor = page.next_cursor
    assert len(seen) == len(set(seen))  # none twice
    assert set(before) <= set(seen)  # none missed (new ones after the cursor may show too)


def test_a_cursor_keeps_to_the_cases_the_user_may_see(make_user: Callable[..., Any]) -> None:
    caseworker = make_user("caseworker")
    prosecutor = make_user("prosecutor")
    stranger = make_user("caseworker", country="BEL")
    _cases(caseworker)
    own = _cases(prosecutor, count=6, prefix="OWN", both_ways=False)
    assert sorted(_walk(prosecutor, "-updated", per_page=2)) == sorted(own)
    assert _walk(stranger, "-updated") == []
    cursor = list_cases(caseworker, CaseFilters(per_page=3)).next_cursor
    page = list_cases(stranger, CaseFilters(per_page=50, cursor=cursor))
    assert page.items == []
    filtered = _walk(caseworker, "due", per_page=2, kind="mla")
    assert filtered and {db.session.get(Case, i).kind for i in filtered} == {"mla"}


@pytest.mark.parametrize("cursor", ["nonsense", "e30", "WyItdXBkYXRlZCIsWzFdXQ"])
def test_a_cursor_not_made_for_the_list_is_refused(
    make_user: Callable[..., Any], cursor: str
) -> None:
    caseworker = make_user("caseworker")
    with pytest.raises(CaseError) as refused:
        list_cases(caseworker, CaseFilters(cursor=cursor))
    assert "cursor" in refused.value.fields


def test_a_cursor_of_another_sort_is_refused(make_user: Callable[..., Any]) -> None:
    caseworker = make_user("caseworker")
    _cases(caseworker, count=4)
    cursor = list_cases(caseworker, CaseFilters(per_page=2)).next_cursor
    with pytest.raises(CaseError):
        list_cases(caseworker, CaseFilters(sort="due", cursor=cursor))


def test_the_api_gives_a_next_cursor_and_a_capped_total(
    client: Any,
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caseworker = make_user("caseworker")
    ids = _cases(caseworker, count=5)
    headers = api_headers(caseworker)
    first = client.get("/api/v1/cases?per_page=2", headers=headers).get_json()
    assert (first["total"], first["total_exact"], first["has_next"]) == (5, True, True)
    seen = [item["id"] for item in first["items"]]
    body = first
    while body["next_cursor"]:
        answer = client.get(
            f"/api/v1/cases?per_page=2&cursor={body['next_cursor']}", headers=headers
        )
        body = answer.get_json()
        seen += [item["id"] for item in body["items"]]
    assert sorted(seen) == sorted(ids) and body["has_next"] is False
    monkeypatch.setattr(listing, "TOTAL_CAP", 3)
    capped = client.get("/api/v1/cases?per_page=2", headers=headers).get_json()
    assert (capped["total"], capped["total_exact"]) == (3, False)
    refused = client.get("/api/v1/cases?cursor=nonsense", headers=headers)
    assert refused.status_code == 422
    assert "cursor" in refused.get_json()["error"]["fields"]


def test_the_case_list_page_links_the_next_page_by_cursor(
    make_user: Callable[..., Any], login: Callable[[Any], Any]
) -> None:
    caseworker = make_user("caseworker")
    _cases(caseworker, count=5)
    client = login(caseworker)
    html = client.get("/cases/?per_page=3").get_data(as_text=True)
    assert 'rel="next"' in html and "cursor=" in html
    link = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client.get(link).get_data(as_text=True)
    assert 'rel="first"' in second and 'rel="next"' not in second
    assert second.count('href="/cases/') >= 2


def test_the_requests_list_pages_by_cursor_and_keeps_to_what_the_user_may_see(
    make_user: Callable[..., Any], login: Callable[[Any], Any]
) -> None:
    prosecutor = make_user("prosecutor")
    other = make_user("prosecutor")
    mine = [create_request(prosecutor, {"kind": "mla"}).id for _ in range(7)]
    theirs = create_request(other, {"kind": "mla"}).id
    db.session.commit()
    db.session.execute(  # ties on the update time
        sa.update(MlaRequest).values(updated_at=datetime(2026, 6, 1, 12, 0, 0))
    )
    db.session.commit()
    seen: list[int] = []
    cursor = None
    while True:
        page = requests_page(prosecutor, cursor=cursor, per_page=3)
        seen += [item.id for item in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == sorted(mine, reverse=True) and theirs not in seen
    html = login(prosecutor).get(
        "/requests/?cursor=" + requests_page(prosecutor, per_page=3).next_cursor
    )
    assert html.status_code == 200
    assert requests_page(prosecutor, cursor="nonsense").items  # an unreadable cursor: first page
