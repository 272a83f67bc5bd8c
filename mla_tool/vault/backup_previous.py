"""An incremental backup's reuse of the previous one: its checked manifest and its attachment files.

Attachment files never change once written (rotation re-wraps keys in the database only), so a
file the previous backup holds under the same name, with the size its sealed manifest records,
is that file: it is hard-linked into the new backup (copied when the two folders are on different
file systems) and its digest taken from that manifest, without reading the live copy again.
The previous manifest must carry this installation's MAC: an edited one is refused.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from . import backup_manifest
from .places import master_key_file

MANIFEST = "manifest.json"
#: Only these folders hold files that never change; the database, keys and outbox are copied anew.
IMMUTABLE_FOLDERS = ("attachments",)


def reusable_files(previous: Path) -> dict[str, dict[str, Any]]:
    """The immutable files of the backup in `previous` (name → sha256, size), its MAC checked;
    ManifestRefused when it has none or it does not verify."""
    try:
        manifest = json.loads((previous / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise backup_manifest.ManifestRefused(f"{previous} has no readable {MANIFEST}") from error
    backup_manifest.verify(manifest, master_key_file())
    return {
        name: {"sha256": entry["sha256"], "size": entry["size"]}
        for name, entry in manifest["files"].items()
        if name.split("/", 1)[0] in IMMUTABLE_FOLDERS
    }


def reuse(previous: Path, entry: dict[str, Any] | None, relative: str, target: Path) -> bool:
    """Link (or copy) `relative` from the previous backup when its size still matches the entry."""
    source = previous / relative
    if entry is None or not source.is_file() or source.stat().st_size != entry["size"]:
        return False
    try:
        os.link(source, target)
    except OSError:  # another file system: a local copy still spares reading the live store
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
    return True
