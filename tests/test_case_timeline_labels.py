"""Every kind of timeline entry prints as words in the reader's language, never as its code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases import opening, timeline
from mla_tool.cases.forms import EVENT_LABELS
from mla_tool.extensions import db

ROOT = Path(__file__).resolve().parent.parent
#: `add_event(case, "type"` with the case and the type on one line or on their own lines
ADDED = re.compile(r"add_event\(\s*[\w.]+,\s*\"([a-z_]+)\"")


def event_types_added() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "mla_tool").rglob("*.py"):
        found |= set(ADDED.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_event_type_the_code_adds_has_words_on_the_case_page() -> None:
    page = (ROOT / "templates" / "cases" / "show.html").read_text(encoding="utf-8")
    own_line = set(re.findall(r'event\.type == "([a-z_]+)"', page))
    added = event_types_added()
    assert {"signature", "attachment", "request", "note"} <= added  # the walk finds them
    assert added - own_line - set(EVENT_LABELS) == set()


@pytest.mark.parametrize(
    ("language", "words"), [("en", "signed document"), ("fr", "document signé")]
)
def test_a_signature_entry_reads_as_words(
    make_user: Callable[..., Any], client: Any, login: Callable[..., Any], language: str, words: str
) -> None:
    caseworker = make_user("caseworker")
    case = opening.open_case(
        direction="outgoing",
        kind="mla",
        counterpart_state="DEU",
        title="Fraud ring",
        actor=caseworker,
    )
    timeline.add_event(case, "signature", caseworker, details={"attachment_id": 1})
    db.session.commit()
    login(caseworker)
    html = client.get(f"/cases/{case.id}", headers={"Accept-Language": language}).get_data(
        as_text=True
    )
    entry = re.search(r'<li class="event event-signature">(.*?)</li>', html, re.S)
    assert entry, html[:2000]
    what = re.search(r'<span class="what">(.*?)</span>', entry.group(1), re.S)
    assert what and what.group(1).strip() == words, entry.group(1)
