"""The rows of the case list as its page shows them: each row's link, labels and dates computed
once per row in Python (each label once per value the page shows), not by a template call per
cell on every row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import get_locale

from ...directory.states import state_name
from ...page_text import id_link, per_value
from ...request_kinds import kind_label
from ..forms import DIRECTION_LABELS
from ..workflow import FINISHED_STATUSES
from .blueprint import translated


@dataclass(frozen=True, slots=True)
class ListRow:
    """One case of the list: its own values (`reference`, `title`, `state_code`, `status`) and
    what the page writes of them, in the reader's language."""

    id: int
    link: str
    reference: str | None
    title: str
    title_shown: bool  # not confidential, or the reader is on the case
    confidential: bool
    direction: str
    kind: str
    state_code: str | None
    state: str  # its name in the reader's language
    status: str
    assignee: str | int | None  # name (display name, else email), else the user id
    due: str | None  # ISO date
    late: bool  # overdue (`listing.overdue_clause`): its due date or a deadline passed
    deadline_passed: bool  # an open deadline passed while the due date did not
    updated: str  # ISO date and time (UTC)
    updated_day: str


def _passed(day: date | None, today: date) -> bool:
    return day is not None and day < today


def list_rows(rows: Iterable[Any], today: date) -> list[ListRow]:
    """The page's rows (`listing.LIST_ROWS`) as the list shows them on `today`."""
    link: Callable[[int], str] = id_link("cases.show", "case_id")
    directions = translated("direction", DIRECTION_LABELS)
    kind_of = per_value(kind_label)
    language = str(get_locale() or "en").split("_")[0]  # as the template global state_name
    state_of = per_value(lambda code: state_name(code, language))
    return [
        ListRow(
            id=row.id,
            link=link(row.id),
            reference=row.reference,
            title=row.title,
            title_shown=not row.confidential or bool(row.member),
            confidential=row.confidential,
            direction=directions.get(row.direction, row.direction),
            kind=kind_of(row.kind),
            state_code=row.counterpart_state,
            state=state_of(row.counterpart_state) if row.counterpart_state else "",
            status=row.status,
            assignee=(row.assignee_name or row.assigned_to) if row.assigned_to else None,
            due=row.due_date.isoformat() if row.due_date else None,
            late=row.status not in FINISHED_STATUSES
            and (_passed(row.due_date, today) or row.late_deadline),
            deadline_passed=row.status not in FINISHED_STATUSES
            and row.late_deadline
            and not _passed(row.due_date, today),
            updated=row.updated_at.isoformat(),
            updated_day=row.updated_at.strftime("%Y-%m-%d"),
        )
        for row in rows
    ]
