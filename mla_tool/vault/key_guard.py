"""`mla-tool init` must not make a new key where data sealed under the old one already lives.

A missing master key file beside encrypted attachments, or a missing exchange identity beside
exchange packages, means the key was lost or the settings point elsewhere: a fresh key would make
the data unreadable (or the installation unknown to its partners) without a word.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, inspect, select, table

from ..extensions import db

ATTACHMENT_FILES = "attachments/*/*.mlav"
PACKAGE_FILES = "exchange/outbox/*"


def _rows(name: str) -> int:
    if not inspect(db.engine).has_table(name):
        return 0
    return int(db.session.execute(select(func.count()).select_from(table(name))).scalar_one())


def missing_key_problems(data_dir: Path, master_key: Path, exchange_key: Path) -> list[str]:
    """Why creating a missing key now would strand existing data (empty when it would not)."""
    problems = []
    if not master_key.exists():
        files = sum(1 for _ in data_dir.glob(ATTACHMENT_FILES))
        rows = _rows("attachments")
        if files or rows:
            problems.append(
                f"the master key file {master_key} is missing but {max(files, rows)} encrypted "
                "attachments exist: a new key could not open them. Put the key file back (from "
                "its backup) or point MLA_MASTER_KEY_FILE at it, then run init again"
            )
    if not exchange_key.exists():
        files = sum(1 for _ in data_dir.glob(PACKAGE_FILES))
        rows = _rows("exchange_packages")
        if files or rows:
            problems.append(
                f"the exchange identity {exchange_key} is missing but {max(files, rows)} exchange "
                "packages exist: a new identity would be unknown to every partner. Put the key "
                "file back (from its backup) or point MLA_EXCHANGE_KEY_FILE at it, then run init "
                "again"
            )
    return problems
