"""Consistent backups of database, master keys and encrypted attachments, and their restore.

The database is copied first (SQLite: the online backup API; PostgreSQL: pg_dump of the server's
own major version), then the attachment files that copy refers to, read from the store in use
(the data folder or object storage, `storage`) and put back into it on restore: they never
change once written (rotation re-wraps keys in the database only), so files and rows agree
while the app runs. The key file is read before and after the database copy and the union
kept, so a rotation running at the same time cannot leave a row wrapped under a key the backup
lacks. A manifest lists the SHA-256 of every file and carries a MAC keyed by the installation's
master key (`backup_manifest`); restore checks MAC, paths and digests before touching anything.
An incremental backup (`since`) links the attachment files the previous one holds
(`backup_previous`) and copies only the new ones; database, keys and outbox are copied anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.engine import URL

from ..audit import backup_files as audit_backup
from ..extensions import db
from . import backup_manifest, backup_previous, keys
from .models import Attachment
from .places import ATTACHMENTS_FOLDER, data_dir, master_key_file
from .storage import current_store

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
SQLITE_NAME = "database.sqlite"
PG_DUMP_NAME = "database.pgdump"
KEY_NAME = "master.key"
EXCHANGE_KEY_NAME = "exchange.key"
#: Sealed packages kept for download (relative to the data folder): only their recipients can
#: open them, but a restored installation must still be able to offer them.
OUTBOX = Path("exchange") / "outbox"


class BackupError(Exception):
    """A backup or restore that cannot proceed; nothing was changed."""


@dataclass
class BackupReport:
    directory: Path
    database: str
    attachments: int
    bytes: int
    #: attachment bytes read from the live store (the rest were linked from the previous backup)
    copied_bytes: int = 0
    reused: int = 0


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _private_folder(path: Path) -> None:
    """Create `path` and its missing parents inside a backup as folders only the owner may open."""
    if path.is_dir():
        return
    _private_folder(path.parent)
    path.mkdir(mode=0o700)
    os.chmod(path, 0o700)  # mkdir's mode is reduced by the umask


def _private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 before anything writes into it (no readable moment)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)
    return path


def _private_copy(source: Path, target: Path) -> None:
    """Copy `source` to `target` inside a backup: new folders 0700, the file 0600."""
    _private_folder(target.parent)
    shutil.copyfile(source, _private_file(target))
    os.chmod(target, 0o600)


def _database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _pg_bin(tool: str, server_version_num: int | None) -> str:
    """The pg_dump/pg_restore of the server's major version (a newer client also works)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name or 0)
    )
    if server_version_num:
        major = server_version_num // 10000
        usable = [p for p in candidates if p.parent.name.isdigit() and int(p.parent.name) >= major]
        candidates = usable or candidates
        candidates.sort(key=lambda p: int(p.parent.name))
    for directory in candidates:
        if (directory / tool).exists():
            return str(directory / tool)
    found = shutil.which(tool)
    if not found:
        raise BackupError(f"{tool} was not found (install the PostgreSQL client)")
    return found


def _pg_connection(url: URL) -> tuple[list[str], dict[str, str]]:
    """libpq options and environment for a SQLAlchemy PostgreSQL URL."""
    env = dict(os.environ)
    args: list[str] = []
    host = url.query.get("host") or url.host
    if isinstance(host, tuple):
        host = host[0]
    if host:
        args += ["--host", str(host)]
    port = url.query.get("port") or url.port
    if isinstance(port, tuple):
        port = port[0]
    if port:
        args += ["--port", str(port)]
    if url.username:
        args += ["--username", url.username]
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args += ["--dbname", str(url.database)]
    return args, env


def _merged_key_file(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    if before == after:
        return after
    merged = dict(after)
    merged["keys"] = {**before["keys"], **after["keys"]}
    retiring = sorted(set(merged["keys"]) - {after["active"]})
    if retiring:
        merged["retiring"] = retiring
    return merged


def _copy_attachments(
    directory: Path, paths: list[str], since: Path | None, reusable: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], int, int, int]:
    """Attachment files into the backup: manifest entries, total, bytes copied, files reused."""
    files: dict[str, dict[str, Any]] = {}
    total = copied = reused = 0
    store = current_store()  # the data folder or object storage: ciphertext either way
    for relative in sorted(set(paths)):
        target_path = directory / relative
        _private_folder(target_path.parent)
        if since is not None and backup_previous.reuse(
            Path(since), reusable.get(relative), relative, target_path
        ):
            files[relative] = dict(reusable[relative])
            reused += 1
        else:
            try:
                source = store.open(relative)
            except FileNotFoundError as error:
                raise BackupError(
                    f"attachment file {relative} is missing: run `mla-tool keys verify`"
                ) from error
            with source, _private_file(target_path).open("wb") as handle:
                shutil.copyfileobj(source, handle, 1 << 20)
            files[relative] = {
                "sha256": _sha256_file(target_path),
                "size": target_path.stat().st_size,
            }
            copied += files[relative]["size"]
        total += files[relative]["size"]
    return files, total, copied, reused


def create_backup(directory: Path, since: Path | None = None) -> BackupReport:
    """Write a consistent copy of the installation into `directory` (new or empty).

    With `since` (an earlier backup of this installation), attachment files it already holds
    are linked from it instead of read again from the live store."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(
            f"{directory} is not empty: name a new folder, and the last backup with --since"
        )
    try:
        reusable = backup_previous.reusable_files(Path(since)) if since is not None else {}
    except backup_manifest.ManifestRefused as error:
        raise BackupError(f"the previous backup {since}: {error}") from error
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    key_path = master_key_file()
    keys_before = keys.read_key_file(key_path)
    audit_names = audit_backup.copy_checkpoints(directory)  # before the database: see there
    url = _database_url()
    db.session.remove()
    if url.get_backend_name() == "sqlite":
        database_file = _private_file(directory / SQLITE_NAME)
        source = sqlite3.connect(url.database or "")
        target = sqlite3.connect(database_file)
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
        snapshot_engine = create_engine(f"sqlite:///{database_file}")
        kind = "sqlite"
    elif url.get_backend_name() == "postgresql":
        database_file = _private_file(directory / PG_DUMP_NAME)  # pg_dump keeps the mode
        version = db.session.execute(text("SHOW server_version_num")).scalar_one()
        db.session.remove()
        args, env = _pg_connection(url)
        dump = subprocess.run(
            [
                _pg_bin("pg_dump", int(version)),
                "--format=custom",
                "--no-owner",
                "--file",
                str(database_file),
                *args,
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if dump.returncode != 0:
            raise BackupError(f"pg_dump failed: {dump.stderr.strip()}")
        snapshot_engine = None
        kind = "postgresql"
    else:  # pragma: no cover - only the two supported back ends
        raise BackupError(f"no backup method for {url.get_backend_name()}")
    keys_after = keys.read_key_file(key_path)
    keys.write_key_file(directory / KEY_NAME, _merged_key_file(keys_before, keys_after))

    if snapshot_engine is not None:
        with snapshot_engine.connect() as connection:
            paths = list(connection.execute(text("SELECT storage_path FROM attachments")).scalars())
        snapshot_engine.dispose()
    else:
        # The dump holds every row committed before it started; rows committed since then have
        # files too, and copying a few extra files is harmless (restore checks the rows' files).
        paths = list(db.session.execute(select(Attachment.storage_path)).scalars())
    files, total, copied, reused = _copy_attachments(directory, paths, since, reusable)
    outbox = data_dir() / OUTBOX
    for source_path in sorted(outbox.rglob("*")) if outbox.is_dir() else []:
        if source_path.is_file():
            relative = source_path.relative_to(data_dir()).as_posix()
            target_path = directory / relative
            _private_copy(source_path, target_path)
            files[relative] = {
                "sha256": _sha256_file(target_path),
                "size": target_path.stat().st_size,
            }
    names = [database_file.name, KEY_NAME, *audit_names, *audit_backup.copy_audit_key(directory)]
    exchange_key = Path(current_app.config["MLA_EXCHANGE_KEY_FILE"])
    if exchange_key.is_file():  # the installation's exchange identity: private, like the keys
        keys._write_private(directory / EXCHANGE_KEY_NAME, exchange_key.read_text())
        names.append(EXCHANGE_KEY_NAME)
    for name in names:
        path = directory / name
        files[name] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
    manifest = {
        "version": MANIFEST_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": kind,
        "database_file": database_file.name,
        "attachments": len(paths),
        "files": files,
    }
    if since is not None:
        manifest["since"] = Path(since).resolve().as_posix()
    # The manifest comes last and appears whole (rename): a backup killed before this point has
    # none, and restore refuses it.
    partial = _private_file(directory / f"{MANIFEST}.partial")
    sealed = backup_manifest.seal(manifest, directory / KEY_NAME)
    partial.write_text(json.dumps(sealed, indent=2, sort_keys=True))
    os.replace(partial, directory / MANIFEST)
    return BackupReport(directory, kind, len(paths), total, copied, reused)


def check_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of a backup after checking its MAC, its paths and every file's digest."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{directory} has no readable {MANIFEST}") from error
    if manifest.get("version") != MANIFEST_VERSION:
        raise BackupError("unknown backup manifest version")
    try:
        backup_manifest.verify(manifest, master_key_file())
    except backup_manifest.ManifestRefused as error:
        raise BackupError(str(error)) from error
    for relative, expected in manifest["files"].items():
        path = directory / relative
        if ".." in Path(relative).parts or not path.is_file():
            raise BackupError(f"{relative} is missing from the backup")
        if _sha256_file(path) != expected["sha256"]:
            raise BackupError(f"{relative} does not match its digest in the manifest")
    return manifest


def restore_backup(directory: Path) -> dict[str, Any]:
    """Restore database, key file and attachment files from a checked backup."""
    directory = Path(directory)
    manifest = check_manifest(directory)
    url = _database_url()
    if manifest["database"] != url.get_backend_name():
        raise BackupError(
            f"this backup holds a {manifest['database']} database; "
            f"the configured one is {url.get_backend_name()}"
        )
    keys.read_key_file(directory / KEY_NAME)
    db.session.remove()
    db.engine.dispose()
    if manifest["database"] == "sqlite":
        source = sqlite3.connect(directory / manifest["database_file"])
        target = sqlite3.connect(url.database or "")
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        version = db.session.execute(text("SHOW server_version_num")).scalar_one()
        db.session.remove()
        db.engine.dispose()
        args, env = _pg_connection(url)
        result = subprocess.run(
            [
                _pg_bin("pg_restore", int(version)),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(directory / manifest["database_file"]),
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    key_path = master_key_file()
    if key_path.exists() and key_path.read_bytes() != (directory / KEY_NAME).read_bytes():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        shutil.copy2(key_path, key_path.with_name(f"{key_path.name}.before-restore-{stamp}"))
    keys.write_key_file(key_path, keys.read_key_file(directory / KEY_NAME))
    if EXCHANGE_KEY_NAME in manifest["files"]:
        exchange_key = Path(current_app.config["MLA_EXCHANGE_KEY_FILE"])
        saved = (directory / EXCHANGE_KEY_NAME).read_text()
        if exchange_key.exists() and exchange_key.read_text() != saved:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            shutil.copy2(
                exchange_key, exchange_key.with_name(f"{exchange_key.name}.before-restore-{stamp}")
            )
        keys._write_private(exchange_key, saved)
    audit_backup.restore_audit_files(directory, set(manifest["files"]))
    for relative in manifest["files"]:
        if relative in {manifest["database_file"], KEY_NAME, EXCHANGE_KEY_NAME}:
            continue
        if relative in audit_backup.BACKUP_NAMES:
            continue
        if relative.startswith(f"{ATTACHMENTS_FOLDER}/"):  # into the store in use, maybe a bucket
            with (directory / relative).open("rb") as source:
                current_store().put_stream(source, relative)
            continue
        target_path = data_dir() / relative
        target_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(directory / relative, target_path)
    return manifest
