"""A deadline without a label of its own names its kind once ("Due date 2027-01-19"), not twice
("Due date Due date 2027-01-19"); a labelled one shows its label and its kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from mla_tool.cases import deadlines, opening
from mla_tool.extensions import db


def _deadline_items(body: str) -> list[str]:
    items = re.findall(r'<li class="deadline deadline-[a-z]+">(.*?)</li>', body, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def test_a_deadline_names_its_kind_once(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    caseworker = make_user("caseworker")
    due = date.today() + timedelta(days=40)
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Fraud ring",
        reference="MLA-2030-20",
        actor=caseworker,
        due_date=due,
    )
    deadlines.add_deadline(
        case, kind="respond_by", due_on=due, remind_days=[3], label="Reply to Berlin"
    )
    db.session.commit()
    login(caseworker)
    items = _deadline_items(client.get(f"/cases/{case.id}").get_data(as_text=True))
    assert len(items) == 2, items
    plain = next(item for item in items if "Berlin" not in item)
    labelled = next(item for item in items if "Berlin" in item)
    assert plain.startswith(f"Due date {due.isoformat()}"), plain
    assert labelled.startswith("Reply to Berlin "), labelled
