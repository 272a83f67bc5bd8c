"""Transitional: re-exports, from the case modules, the names importers not yet moved still use.

The case services live in `access`, `opening`, `membership`, `transitions`, `review`, `timeline`,
`correspondence`, `deadlines`, `listing`, `dates`, `hooks` and `errors`: import from those.
Still importing from here: `cases/views.py`, `vault/views.py`, `exchange/views.py`,
`forms/views.py`, `forms/service.py`, `forms/extradition/` (actions, views) and
`forms/eevidence/` (actions, expiry). Delete this module once they import from the case
modules themselves."""

from __future__ import annotations

from .access import accessible_clause, can_access, get_case_for, record_confidential_view
from .correspondence import record_consultation, record_correspondence, record_info_request
from .dates import today
from .deadlines import add_deadline, complete_deadline, deadlines_of, is_overdue
from .errors import CaseError, TransitionError
from .hooks import request_ids, review_fields
from .listing import DEFAULT_SORT, SORT_COLUMNS, CaseFilters, list_cases
from .membership import (
    ASSIGNABLE_ROLES,
    add_member,
    assign,
    assignable_users,
    members_of,
    remove_member,
    users_by_id,
)
from .opening import open_case
from .review import field_label, labelled_review_comments, review_comments
from .timeline import add_event, events_of, said_note
from .transitions import transition

__all__ = [
    "ASSIGNABLE_ROLES",
    "DEFAULT_SORT",
    "SORT_COLUMNS",
    "CaseError",
    "CaseFilters",
    "TransitionError",
    "accessible_clause",
    "add_deadline",
    "add_event",
    "add_member",
    "assign",
    "assignable_users",
    "can_access",
    "complete_deadline",
    "deadlines_of",
    "events_of",
    "field_label",
    "get_case_for",
    "is_overdue",
    "labelled_review_comments",
    "list_cases",
    "members_of",
    "open_case",
    "record_confidential_view",
    "record_consultation",
    "record_correspondence",
    "record_info_request",
    "remove_member",
    "request_ids",
    "review_comments",
    "review_fields",
    "said_note",
    "today",
    "transition",
    "users_by_id",
]
