"""The case list's kept statements and labels: a page's ids statement is kept per user, role,
authority, sort and filters set, and reads what a statement built for the page reads; a kept
statement never shows one user's cases to another; the labels follow the reader's language."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from mla_tool.cases import listing, opening
from mla_tool.cases.listing import CaseFilters, case_query, list_cases, order_keys
from mla_tool.cases.models import Case
from mla_tool.extensions import db
from mla_tool.keyset import order_by


def _open(user: Any, n: int, **fields: Any) -> int:
    case = opening.open_case(
        direction="incoming" if n % 2 and user.may("case.register_incoming") else "outgoing",
        kind=("mla", "extradition", "preservation")[n % 3],
        counterpart_state=("DEU", "ESP", "ITA")[n % 3],
        title=f"Matter {n}",
        actor=user,
        reference=f"REF-{n}",
        due_date=date.today() + timedelta(days=(n % 7) - 3),
        **fields,
    )
    db.session.commit()
    return case.id


def _ids(user: Any, **filters: Any) -> list[int]:
    return [row.id for row in list_cases(user, CaseFilters(**filters), as_rows=True).items]


def test_a_kept_statement_shows_each_user_only_their_cases(
    make_user: Callable[..., Any],
) -> None:
    alice, bob = make_user("prosecutor"), make_user("prosecutor")
    supervisor, other_authority = make_user("caseworker"), make_user("caseworker", country="BEL")
    alices = {_open(alice, n) for n in range(3)}
    bobs = {_open(bob, n) for n in range(3, 5)}
    for _ in range(2):  # the second round reads the kept statements
        assert set(_ids(alice)) == alices
        assert set(_ids(bob)) == bobs
        assert set(_ids(supervisor)) == alices | bobs
        assert set(_ids(other_authority)) == set()
        assert set(_ids(alice, kind="mla")) == {
            i for i in alices if db.session.get(Case, i).kind == "mla"
        }
        assert set(_ids(bob, kind="mla")) == {
            i for i in bobs if db.session.get(Case, i).kind == "mla"
        }


def test_a_changed_role_or_authority_is_read_anew(make_user: Callable[..., Any]) -> None:
    author, reader = make_user("prosecutor"), make_user("caseworker")
    theirs = {_open(author, n) for n in range(3)}
    assert set(_ids(reader)) == theirs  # a supervisor of the authority holding them
    reader.role = "prosecutor"
    db.session.commit()
    assert _ids(reader) == []  # on none of them
    reader.role, reader.country_iso3 = "caseworker", "BEL"
    db.session.commit()
    assert _ids(reader) == []  # a supervisor of another authority


@pytest.mark.parametrize("sort", ["-updated", "due", "-reference", "status", "id"])
def test_a_kept_statement_reads_what_a_built_one_does(
    make_user: Callable[..., Any], sort: str
) -> None:
    caseworker = make_user("caseworker")
    assignee = make_user("prosecutor")
    for n in range(12):
        case_id = _open(caseworker, n)
        if n % 3 == 0:
            db.session.get(Case, case_id).assigned_to = assignee.id
    db.session.commit()
    choices = {
        "status": [None, "draft"],
        "direction": [None, "incoming"],
        "country": [None, "deu"],
        "assigned_to": [None, assignee.id],
        "overdue": [None, True, False],
    }
    for values in itertools.product(*choices.values()):
        chosen = {k: v for k, v in zip(choices, values, strict=True) if v is not None}
        for page in (1, 2):
            filters = CaseFilters(sort=sort, per_page=3, page=page, **chosen)
            keys = order_keys(sort)
            built = (
                case_query(caseworker, filters)
                .order_by(*order_by(keys))
                .limit(4)
                .offset((page - 1) * 3)
                .with_only_columns(Case.id)
            )
            expected = list(db.session.execute(built).scalars())[:3]
            assert _ids(caseworker, sort=sort, per_page=3, page=page, **chosen) == expected, chosen


def test_other_values_of_the_same_filters_share_a_statement(
    make_user: Callable[..., Any],
) -> None:
    user = make_user("caseworker")
    _open(user, 1)
    listing._IDS_STATEMENTS.clear()
    for status in ("draft", "in_execution", "closed"):
        for page in (1, 2):
            _ids(user, status=status, page=page)
    assert len(listing._IDS_STATEMENTS) == 1
    _ids(user, status="draft", direction="incoming")
    _ids(user, q="Matter")  # a search is built for its page, not kept
    assert len(listing._IDS_STATEMENTS) == 2


@pytest.mark.parametrize(
    ("language", "draft"), [("en", "Draft"), ("fr", "Projet"), ("ar", "مسودة"), ("en", "Draft")]
)
def test_the_list_labels_follow_the_reader_language(
    make_user: Callable[..., Any],
    client: Any,
    login: Callable[..., Any],
    language: str,
    draft: str,
) -> None:
    user = make_user("caseworker")
    _open(user, 2, status="draft")
    login(user)
    html = client.get("/cases/", headers={"Accept-Language": language}).get_data(as_text=True)
    assert f'<option value="draft" >{draft}</option>' in html
    assert f'<span class="badge status-draft">{draft}</span>' in html


def test_the_list_reads_changes_not_yet_flushed(make_user: Callable[..., Any]) -> None:
    """As `db.session.execute` would (autoflush), and not within `no_autoflush`."""
    user = make_user("caseworker")
    case_id = _open(user, 2)
    db.session.get(Case, case_id).status = "closed"
    with db.session.no_autoflush:
        assert _ids(user, status="closed") == []
    assert _ids(user, status="closed") == [case_id]


def test_an_open_deadline_is_asked_case_by_case(app: Any) -> None:
    """The overdue filter's deadline test keeps its OFFSET: without it PostgreSQL hashes every
    overdue deadline of the database before the first row of a page (40 ms at 1M cases)."""
    sql = str(
        listing.overdue_clause(date(2026, 12, 5)).compile(
            db.engine, compile_kwargs={"literal_binds": True}
        )
    )
    deadline_test = sql[sql.index("EXISTS") :]
    assert "case_deadlines" in deadline_test and "OFFSET 0" in deadline_test
