"""The audit key file and the checkpoint file in backups, and putting them back on restore.

The checkpoint file is copied before the database, so every checkpoint in a backup names an entry
the database copy holds; the key file after it, so a key added by a rotation meanwhile is there
(keys are only ever added). Restore installs both and keeps the files it replaces beside them.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from ..vault.keys import _write_private
from .checkpoints import audit_key_path, checkpoint_path

AUDIT_KEY_NAME = "audit.key"
CHECKPOINTS_NAME = "audit-checkpoints.jsonl"
#: The names these files have inside a backup folder.
BACKUP_NAMES = frozenset({AUDIT_KEY_NAME, CHECKPOINTS_NAME})


def copy_checkpoints(directory: Path) -> list[str]:
    """Before the database copy: the checkpoint file, if any (names of what was written)."""
    source = checkpoint_path()
    if not source.is_file():
        return []
    _write_private(Path(directory) / CHECKPOINTS_NAME, source.read_text())
    return [CHECKPOINTS_NAME]


def copy_audit_key(directory: Path) -> list[str]:
    """After the database copy: the audit key file, if any, as private as the master key."""
    source = audit_key_path()
    if not source.is_file():
        return []
    _write_private(Path(directory) / AUDIT_KEY_NAME, source.read_text())
    return [AUDIT_KEY_NAME]


def restore_audit_files(directory: Path, names: set[str]) -> None:
    """Install the backup's audit key and checkpoints; replaced files are kept, renamed."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for name, target in ((AUDIT_KEY_NAME, audit_key_path()), (CHECKPOINTS_NAME, checkpoint_path())):
        if name not in names:
            continue
        saved = (Path(directory) / name).read_text()
        if target.exists() and target.read_text() != saved:
            shutil.copy2(target, target.with_name(f"{target.name}.before-restore-{stamp}"))
        _write_private(target, saved)
