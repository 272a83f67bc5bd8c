"""What a request gives the search index: the folded text of its reference, subject, states,
persons, offences and identifiers, and its person keys; kept at every flush that saves a request
or a case (`index_on_flush`, connected by the wiring), filled for old rows by `index_all`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, event, inspect
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..cases.search_index import (
    case_text,
    forget_request,
    replace_case_entry,
    replace_request_entry,
    state_words,
)
from ..text_folding import compact, folded_parts, normalise
from .models import MlaRequest

#: Text fields of the request document that a search finds it by (dotted paths).
TEXT_FIELDS = (
    "reference",
    "subject",
    "proceedings.case_number",
    "proceedings.authority",
    "requesting_authority.name",
    "warrant.number",
)
#: State fields of the document: found by code and by name in every interface language.
STATE_FIELDS = ("requesting_state", "requested_state")
#: Lists of the document and the fields of each entry a search finds it by.
LIST_FIELDS = {
    "persons": (
        "name",
        "aliases",
        "birth_place",
        "id_documents",
        "address",
        "registration_number",
        "representative",
    ),
    "offences": ("name", "provision", "equivalent_offence", "place"),
    "related_requests": ("reference",),
}
#: Fields of an entry that are states (persons' nationalities).
LIST_STATE_FIELDS = {"persons": ("nationality", "other_nationality")}
#: Fields of a measure's details a search finds it by; identifiers and accounts also compacted.
MEASURE_FIELDS = ("person", "holder", "place")
COMPACTED_MEASURE_FIELDS = ("account",)
#: What separates several names, aliases or documents typed in one field.
SEPARATORS = re.compile(r"[,;/|\n\u060c\u061b]+")
#: A document number: a folded word with a digit, at least this long.
MIN_DOCUMENT_NUMBER = 5
MAX_KEY = 300
#: Attributes whose change re-indexes a case or a request.
CASE_ATTRIBUTES = ("title", "reference", "counterpart_state")
REQUEST_ATTRIBUTES = ("data", "case_id", "reference", "requesting_state", "requested_state")


def _at(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _entries(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [e for e in (data.get(name) or []) if isinstance(e, dict)]


def _measure_words(measure: dict[str, Any]) -> Iterator[str]:
    details = measure.get("details") if isinstance(measure.get("details"), dict) else {}
    yield from (str(details.get(f) or "") for f in MEASURE_FIELDS)
    provider = details.get("provider")
    if isinstance(provider, dict):
        yield str(provider.get("name") or "")
    values = [str(details.get(f) or "") for f in COMPACTED_MEASURE_FIELDS]
    values += [
        str(item.get("value") or "")
        for item in details.get("identifiers") or []
        if isinstance(item, dict)
    ]
    for value in values:
        yield value
        yield compact(value)


def request_text(data: dict[str, Any]) -> str:
    """The folded text a search matches for a request document."""
    words: list[str] = [str(_at(data, path) or "") for path in TEXT_FIELDS]
    for field in STATE_FIELDS:
        words += state_words(data.get(field))
    for name, fields in LIST_FIELDS.items():
        for entry in _entries(data, name):
            words += [str(entry.get(f) or "") for f in fields]
            for field in LIST_STATE_FIELDS.get(name, ()):
                words += state_words(entry.get(field))
    for person in _entries(data, "persons"):
        words += [compact(part) for part in SEPARATORS.split(str(person.get("id_documents") or ""))]
    for measure in _entries(data, "measures"):
        words += list(_measure_words(measure))
    return folded_parts(words)


def _names(person: dict[str, Any]) -> list[str]:
    typed = [str(person.get("name") or "")] + SEPARATORS.split(str(person.get("aliases") or ""))
    return [" ".join(sorted(folded.split())) for folded in map(normalise, typed) if folded]


def _document_numbers(person: dict[str, Any]) -> list[str]:
    typed = [str(person.get(f) or "") for f in ("id_documents", "registration_number")]
    words = normalise(" ".join(typed)).split()
    return [w for w in words if len(w) >= MIN_DOCUMENT_NUMBER and any(c.isdigit() for c in w)]


def person_keys(data: dict[str, Any]) -> list[str]:
    """The keys that tell the persons of a request document: name or alias with birth date,
    identity document or registration number."""
    keys: list[str] = []
    for person in _entries(data, "persons"):
        born = str(person.get("birth_date") or "").strip()
        if born:
            keys += [f"n:{name}|{born}" for name in _names(person)]
        keys += [f"d:{number}" for number in _document_numbers(person)]
    return list(dict.fromkeys(key[:MAX_KEY] for key in keys))


def index_request(connection: Connection, request_id: int, case_id: int | None, data: Any) -> None:
    document = data if isinstance(data, dict) else {}
    replace_request_entry(
        connection, request_id, case_id, request_text(document), person_keys(document)
    )


def _changed(instance: Any, attributes: Iterable[str]) -> bool:
    state = inspect(instance)
    return any(state.attrs[a].history.has_changes() for a in attributes)


def _written(session: Session, model: type, attributes: Iterable[str]) -> list[Any]:
    """The instances of `model` the flush inserted, or updated in one of `attributes`."""
    new = [o for o in session.new if isinstance(o, model)]
    return new + [o for o in session.dirty if isinstance(o, model) and _changed(o, attributes)]


def index_on_flush(session: Session, _context: Any) -> None:
    """After a flush (whose lists still hold what it wrote, now with ids): re-index the cases
    and requests it inserted or changed, and forget the requests it deleted."""
    cases = _written(session, Case, CASE_ATTRIBUTES)
    requests = _written(session, MlaRequest, REQUEST_ATTRIBUTES)
    gone = [r.id for r in session.deleted if isinstance(r, MlaRequest)]
    if not (cases or requests or gone):
        return
    connection = session.connection()
    for case in cases:
        replace_case_entry(
            connection, case.id, case_text(case.title, case.reference, case.counterpart_state)
        )
    for request in requests:
        index_request(connection, request.id, request.case_id, request.data)
    for request_id in gone:
        forget_request(connection, request_id)


def connect_search_index(session: Any) -> None:
    """Keep the index at every flush of `session` (a session, its class or a scoped session)."""
    if not event.contains(session, "after_flush", index_on_flush):
        event.listen(session, "after_flush", index_on_flush)
