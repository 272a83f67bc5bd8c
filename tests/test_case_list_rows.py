"""What a row of the case list shows (cases/views/list_rows.py): its link, whether it is late,
its title only to whom may read it, its assignee's name (else id) and its labels; the filters'
options in the reader's language (cases/views/filter_options.py)."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from mla_tool.cases.views.filter_options import filter_options
from mla_tool.cases.views.list_rows import list_rows

TODAY = date(2026, 12, 5)


def _row(**fields: Any) -> SimpleNamespace:
    values: dict[str, Any] = {
        "id": 7,
        "reference": "PN-1",
        "title": "Fraud <ring>",
        "confidential": False,
        "member": False,
        "direction": "incoming",
        "kind": "extradition",
        "counterpart_state": "DEU",
        "status": "in_execution",
        "assigned_to": None,
        "assignee_name": None,
        "due_date": None,
        "late_deadline": False,
        "created_at": datetime(2026, 1, 1),
        "updated_at": datetime(2026, 3, 4, 5, 6, 7),
    }
    return SimpleNamespace(**{**values, **fields})


@pytest.mark.parametrize(
    ("due", "status", "late_deadline", "late", "deadline_passed"),
    [
        (None, "in_execution", False, False, False),
        (date(2026, 12, 4), "in_execution", False, True, False),
        (date(2026, 12, 5), "in_execution", False, False, False),
        (date(2026, 12, 4), "closed", False, False, False),
        (date(2026, 12, 4), "refused", False, False, False),
        # an open deadline passed: late, and said so when the due date did not pass
        (None, "in_execution", True, True, True),
        (date(2026, 12, 20), "in_execution", True, True, True),
        (date(2026, 12, 4), "in_execution", True, True, False),
        (None, "closed", True, False, False),
    ],
)
def test_a_row_is_late_when_due_or_a_deadline_passed_and_not_finished(
    app: Any,
    due: date | None,
    status: str,
    late_deadline: bool,
    late: bool,
    deadline_passed: bool,
) -> None:
    with app.test_request_context("/cases/"):
        [row] = list_rows([_row(due_date=due, status=status, late_deadline=late_deadline)], TODAY)
    assert (row.late, row.deadline_passed) == (late, deadline_passed)
    assert row.due == (due.isoformat() if due else None)


def test_a_row_shows_what_the_list_writes(app: Any) -> None:
    with app.test_request_context("/cases/", headers={"Accept-Language": "fr"}):
        rows = list_rows(
            [
                _row(assigned_to=3, assignee_name="Ana"),
                _row(id=8, assigned_to=4, assignee_name=None, confidential=True),
                _row(id=9, confidential=True, member=True),
            ],
            TODAY,
        )
    first, hidden, shown = rows
    assert first.link == "/cases/7" and hidden.link == "/cases/8"
    assert (first.assignee, hidden.assignee, shown.assignee) == ("Ana", 4, None)
    assert first.title_shown and not hidden.title_shown and shown.title_shown
    assert first.title == "Fraud <ring>"  # escaped where the template writes it
    assert (first.direction, first.kind) == ("Reçue", "Extradition")
    assert (first.state_code, first.state) == ("DEU", "Allemagne")
    assert (first.updated, first.updated_day) == ("2026-03-04T05:06:07", "2026-03-04")


@pytest.mark.parametrize(
    ("language", "draft"), [("en", "Draft"), ("ar", "مسودة"), ("fr", "Projet"), ("en", "Draft")]
)
def test_the_filter_options_are_in_the_reader_language(app: Any, language: str, draft: str) -> None:
    with app.test_request_context("/cases/", headers={"Accept-Language": language}):
        plain = str(filter_options("status", None))
        chosen = str(filter_options("status", "draft"))
        unknown = str(filter_options("status", 'draft" onfocus="x'))
    assert f'<option value="draft" >{draft}</option>' in plain
    assert "selected" not in plain and unknown == plain
    assert chosen == plain.replace('value="draft" >', 'value="draft" selected>')
    assert chosen.count("selected") == 1
