"""Searching cases and requests: reference, title, state, persons and aliases, offences and
identifiers, in folded Arabic and Latin (`text_folding`), through the search index.

Every word of the query (split on spaces) must occur, folded, in the case's own entry or in the
entry of one of its requests; a word with digits also matches written without separators. The
index is a trigram index (`search_engine`: FTS5 on SQLite, pg_trgm on PostgreSQL); a word
shorter than three characters is matched with LIKE over the table. Only cases the user may see
are ever returned: the caller combines `case_search_clause` with `access.accessible_clause`. A
confidential case the user is not a member of (a supervisor sees it in lists) is found by its
reference only, as its title, persons and facts are for its members to know.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, intersect, or_, select, union
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..extensions import db
from ..text_folding import like_pattern, query_phrases
from .access import member_clause
from .models import Case
from .search_engine import text_holds
from .search_models import SearchEntry

#: The longest query matched (longer ones are cut: a search box, not a document).
MAX_QUERY = 200


def _phrase_matches(phrase: str) -> ColumnElement[bool]:
    """An entry holding the folded phrase (or, with digits, the phrase without its spaces)."""
    patterns = [phrase]
    joined = phrase.replace(" ", "")
    if joined != phrase and any(ch.isdigit() for ch in joined):
        patterns.append(joined)
    dialect = db.session.get_bind().dialect.name
    return text_holds(SearchEntry.text, SearchEntry.id, patterns, dialect)


def _cases_holding(phrase: str) -> Select[Any]:
    return select(SearchEntry.case_id).where(
        SearchEntry.case_id.is_not(None), _phrase_matches(phrase)
    )


def case_search_clause(user: User, query: str | None) -> ColumnElement[bool] | None:
    """SQL condition on `Case` for the cases a query finds (None: no query, no condition).

    The cases are first gathered from the indexes (the search entries holding every phrase,
    and the references holding the query: pg_trgm on PostgreSQL, migration 0023), then kept
    when the user may know them in full or the reference holds the query, so that the database
    reads the few cases found instead of testing every case it may show."""
    text = (query or "").strip()[:MAX_QUERY]
    if not text:
        return None
    by_reference = _reference_holds(Case.reference, text)
    phrases = query_phrases(text)
    if not phrases:  # only punctuation: a reference may still hold it
        return by_reference
    known_in_full = or_(Case.confidential.is_(False), member_clause(user))
    holding = [_cases_holding(phrase) for phrase in phrases]
    every_phrase = holding[0]
    if len(holding) > 1:  # SQLite takes no parenthesised compound inside a UNION
        both = intersect(*holding).subquery()
        every_phrase = select(both.c[0])
    other = aliased(Case)
    referenced = select(other.id).where(_reference_holds(other.reference, text))
    found = union(every_phrase, referenced).subquery()
    return and_(Case.id.in_(select(found.c[0])), or_(known_in_full, by_reference))


def _reference_holds(reference: Any, text: str) -> ColumnElement[bool]:
    """The reference holds the query, in any case (pg_trgm index on lower(reference))."""
    return func.lower(reference).like(like_pattern(text.lower()), escape="\\")


def request_search_clause(query: str | None, request_id: Any) -> ColumnElement[bool] | None:
    """SQL condition on a request id column for the requests a query finds (None: no query).
    The caller keeps to the requests the user may see."""
    phrases = query_phrases((query or "").strip()[:MAX_QUERY])
    if not phrases:
        return None
    return and_(
        *(
            request_id.in_(
                select(SearchEntry.request_id).where(
                    SearchEntry.request_id.is_not(None), _phrase_matches(phrase)
                )
            )
            for phrase in phrases
        )
    )
