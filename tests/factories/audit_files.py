"""Test data builders and fixtures shared by several test modules (the audit key and checkpoint
files of one test, and pausing the chaining pass to look into the instant before it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from mla_tool.audit import pending
from mla_tool.audit.chaining import ChainPass

AUDIT_FILE_SETTINGS = (
    "MLA_AUDIT_KEY_FILE",
    "MLA_AUDIT_CHECKPOINT_FILE",
    "MLA_AUDIT_CHECKPOINT_EVERY",
)


@pytest.fixture
def audit_files(app: Flask, tmp_path: Path) -> Iterator[Path]:
    """A fresh audit key and checkpoint file for the test (the tables are fresh per test too)."""
    saved = {name: app.config[name] for name in AUDIT_FILE_SETTINGS}
    app.config["MLA_AUDIT_KEY_FILE"] = tmp_path / "audit.key"
    app.config["MLA_AUDIT_CHECKPOINT_FILE"] = tmp_path / "audit-checkpoints.jsonl"
    yield tmp_path
    app.config.update(saved)


@pytest.fixture
def chaining_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits leave their entries unchained, as in the instant between a commit and its pass
    (or when the process died in it); `audit verify` or the next unpaused commit chains them."""
    monkeypatch.setattr(pending, "chain_pending", lambda *args: ChainPass())
