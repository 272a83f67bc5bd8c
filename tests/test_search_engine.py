"""The trigram index under case search: it is used, kept as entries change, and a word shorter
than three characters still finds by LIKE."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from mla_tool.cases import opening
from mla_tool.cases.listing import CaseFilters, list_cases
from mla_tool.cases.search_models import SearchEntry
from mla_tool.extensions import db


def _found(user: Any, query: str) -> set[int]:
    return {c.id for c in list_cases(user, CaseFilters(q=query, per_page=200)).items}


def test_the_index_finds_short_and_long_words_and_follows_changes(
    make_user: Callable[..., Any],
) -> None:
    owner = make_user("caseworker", country="FRA")
    fields = {"direction": "outgoing", "kind": "mla", "actor": owner}
    case = opening.open_case(title="Affaire Xu Li", counterpart_state="JOR", **fields)
    other = opening.open_case(title="Unrelated matter", counterpart_state="DEU", **fields)
    db.session.commit()
    assert _found(owner, "xu") == {case.id}  # two letters: below a trigram
    assert _found(owner, "affaire li") == {case.id}
    assert _found(owner, "unrelated") == {other.id}
    case.title = "Affaire Wang"
    db.session.commit()
    assert _found(owner, "wang") == {case.id}
    assert _found(owner, "xu") == set()
    db.session.execute(sa.delete(SearchEntry).where(SearchEntry.case_id == other.id))
    db.session.commit()
    assert _found(owner, "unrelated") == set()


def test_the_database_has_its_trigram_index(app: Any) -> None:
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT rowid FROM search_fts WHERE text MATCH '\"abc\"'"
            ).all()
            assert any("VIRTUAL TABLE INDEX" in str(row) for row in plan)
        else:
            names = connection.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'search_entries'"
            ).scalars()
            assert "ix_search_entries_text_trgm" in set(names)
