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

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from ..auth.models import User
from ..extensions import db
from ..text_folding import like_pattern, query_phrases
from .models import Case, CaseMember
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
    """SQL condition on `Case` for the cases a query finds (None: no query, no condition)."""
    text = (query or "").strip()[:MAX_QUERY]
    if not text:
        return None
    by_reference = func.lower(Case.reference).like(like_pattern(text.lower()), escape="\\")
    phrases = query_phrases(text)
    if not phrases:  # only punctuation: a reference may still hold it
        return by_reference
    members = select(CaseMember.case_id).where(CaseMember.user_id == user.id)
    known_in_full = or_(Case.confidential.is_(False), Case.id.in_(members))
    every_phrase = and_(*(Case.id.in_(_cases_holding(phrase)) for phrase in phrases))
    return or_(and_(known_in_full, every_phrase), by_reference)


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
