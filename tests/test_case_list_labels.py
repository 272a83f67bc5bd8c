"""The case list names the other state in the reader's language (CLDR), never as its ISO code
alone, and isolates the reference a user typed; what the app writes there (the number, the
direction, the kind, the state) is never split mid-word to narrow its column ("#2/1",
"Entrant/e" on a Spanish page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from mla_tool.cases import opening
from mla_tool.extensions import db


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "Germany"), ("fr", "Allemagne"), ("ar", "ألمانيا"), ("es", "Alemania")],
)
def test_the_case_list_names_the_other_state(
    make_user: Callable[..., Any],
    client: Any,
    login: Callable[..., Any],
    language: str,
    name: str,
) -> None:
    caseworker = make_user("caseworker")
    case = opening.open_case(
        direction="outgoing",
        kind="mla",
        counterpart_state="DEU",
        title="Fraud ring",
        reference="PN-2026/0417",
        actor=caseworker,
    )
    db.session.commit()
    login(caseworker)
    html = client.get("/cases/", headers={"Accept-Language": language}).get_data(as_text=True)
    row = re.search(rf'<tr[^>]*>\s*<td[^>]*><a href="/cases/{case.id}">.*?</tr>', html, re.S)
    assert row, html[-5000:]
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", row.group(0), re.S)
    number, _reference, _title, direction, kind, state = cells[:6]
    assert state[1] == f'<abbr title="DEU">{name}</abbr>'
    for cell in (number, direction, kind, state):  # written by the app: whole words
        assert cell[0] == ' class="label"', cell
    assert "<td>DEU</td>" not in row.group(0)
    assert "<bdi>PN-2026/0417</bdi>" in row.group(0)
