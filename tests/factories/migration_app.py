"""Test data builders and fixtures shared by several test modules (the app for migration tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from mla_tool import create_app
from mla_tool.config import Settings
from tests.factories.databases import empty_database_url  # noqa: F401 -- the fixture


@pytest.fixture
def migration_app(
    empty_database_url: str,  # noqa: F811
    tmp_path: Path,
) -> Flask:
    """The app on an empty database, for tests that upgrade it one revision at a time (import
    `empty_database_url` from here along with it: pytest finds fixtures in the test module)."""
    settings = Settings.from_environment(
        {"MLA_DATA_DIR": str(tmp_path), "MLA_DATABASE_URL": empty_database_url}
    )
    return create_app({"TESTING": True}, settings=settings)
