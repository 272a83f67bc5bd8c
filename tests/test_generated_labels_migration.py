"""Migration 0010 gives existing generated deadline labels and version notes their message id and
parameters, and leaves any other text as typed text (shown escaped, never looked up)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from mla_tool.extensions import db
from tests.factories.labels_migration import _insert
from tests.factories.migration_app import (  # noqa: F401 -- the fixtures
    empty_database_url,
    migration_app,
)

TYPED = "<form action=x>Preservation expires (request #2, 60 days)"
DEADLINE_LABELS = {
    "Due date": ("Due date", {}),
    "Preservation expires (request #12, 90 days)": (
        "Preservation expires (request #%(request)s, %(days)s days)",
        {"request": "12", "days": "90"},
    ),
    "Formal extradition request (40 days from the arrest on 2026-03-01)": (
        "Formal extradition request (%(days)s days from the arrest on %(arrested)s)",
        {"days": "40", "arrested": "2026-03-01"},
    ),
    TYPED: (None, None),
}
VERSION_NOTES = {
    "created": ("created", {}),
    "received in package 3f2a9c": ("received in package %(package)s", {"package": "3f2a9c"}),
    "Before the call with Cairo": (None, None),
}


def test_existing_generated_labels_get_their_message_id(migration_app: Flask) -> None:
    with migration_app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            user = _insert(connection, "users", email="a@example.org", role="caseworker")
            case = _insert(connection, "cases", created_by=user, direction="incoming")
            request = _insert(connection, "requests", owner_id=user, case_id=case)
            for label in DEADLINE_LABELS:
                _insert(connection, "case_deadlines", case_id=case, label=label, remind_days=[])
            for number, note in enumerate(VERSION_NOTES, start=1):
                _insert(
                    connection, "request_versions", request_id=request, number=number, note=note
                )
        upgrade()
        with db.engine.connect() as connection:
            deadlines = {
                row.label: (row.label_message, row.label_params)
                for row in connection.execute(
                    sa.text("SELECT label, label_message, label_params FROM case_deadlines")
                )
            }
            notes = {
                row.note: (row.note_message, row.note_params)
                for row in connection.execute(
                    sa.text("SELECT note, note_message, note_params FROM request_versions")
                )
            }
        db.session.remove()
        db.engine.dispose()
    assert _decoded(deadlines) == DEADLINE_LABELS
    assert _decoded(notes) == VERSION_NOTES


def _decoded(rows: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
    """JSON read through plain SQL comes back as text on SQLite, as a dict on PostgreSQL."""
    return {
        key: (message, json.loads(params) if isinstance(params, str) else params)
        for key, (message, params) in rows.items()
    }
