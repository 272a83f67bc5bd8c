"""Keeping the search index: a case's own folded text, a request's text and person keys, written
with the statements of the flush (or the migration) that saved them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert

from ..directory.states import search_names
from ..text_folding import folded_parts
from .search_models import PersonKey, SearchEntry


def state_words(iso3: str | None) -> list[str]:
    """A state's code and the names search finds it by ("JOR", "Jordan", "الأردن"…)."""
    if not iso3:
        return []
    return search_names(iso3) or [iso3]


def case_text(title: str | None, reference: str | None, counterpart_state: str | None) -> str:
    """The folded text of a case's own fields: reference, title and the other state."""
    return folded_parts([reference, title, *state_words(counterpart_state)])


def replace_case_entry(connection: Connection, case_id: int, text: str) -> None:
    """The case's own entry, replaced by `text`."""
    connection.execute(
        delete(SearchEntry).where(SearchEntry.case_id == case_id, SearchEntry.request_id.is_(None))
    )
    connection.execute(insert(SearchEntry).values(case_id=case_id, request_id=None, text=text))


def replace_request_entry(
    connection: Connection,
    request_id: int,
    case_id: int | None,
    text: str,
    person_keys: Iterable[str],
) -> None:
    """A request's entry and person keys, replaced (under the case it is filed in now)."""
    forget_request(connection, request_id)
    connection.execute(
        insert(SearchEntry).values(case_id=case_id, request_id=request_id, text=text)
    )
    rows = [{"request_id": request_id, "case_id": case_id, "key": key} for key in person_keys]
    if rows:
        connection.execute(insert(PersonKey), rows)


def forget_request(connection: Connection, request_id: int) -> None:
    connection.execute(delete(SearchEntry).where(SearchEntry.request_id == request_id))
    connection.execute(delete(PersonKey).where(PersonKey.request_id == request_id))
