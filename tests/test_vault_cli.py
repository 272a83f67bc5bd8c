"""`mla-tool keys rotate|verify|status`, `backup` and `restore` as real processes on real files."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from mla_tool.extensions import db
from mla_tool.vault.models import Attachment
from mla_tool.vault.storage import current_store
from tests.factories.vault_backends import (  # noqa: F401  (fixtures)
    replace_stored,
    s3_server,
    store_settings,
    stored_bytes,
)
from tests.factories.vault_installations import (  # noqa: F401  (fixtures)
    PAYLOADS,
    Installation,
    downloads,
    installations,
    key_file,
    key_ids,
    seed,
)

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


def test_rotation_interrupted_then_resumed(installations, store_settings) -> None:
    site = installations("site", store_settings)
    case_id, stored = seed(site, PAYLOADS)
    old = key_file(site)["active"]
    assert key_ids(site) == {old: 5}

    first = site.cli("keys", "rotate", "--max", "2", "--batch-size", "1")
    assert "re-wrapped 1/5" in first.stdout and "re-wrapped 2/5" in first.stdout
    assert "3 keys still wrapped" in first.stdout
    during = key_file(site)
    new = during["active"]
    assert new != old and set(during["keys"]) == {old, new} and during["retiring"] == [old]
    assert key_ids(site) == {old: 3, new: 2}
    assert downloads(site, case_id) == stored  # every attachment opens mid-rotation
    assert "rotation in progress" in site.cli("keys", "status").stdout

    # an upload during the rotation is wrapped under the new key at once
    more_case, more = seed_extra(site, case_id)
    stored.update(more)
    assert key_ids(site) == {old: 3, new: 3}

    second = site.cli("keys", "rotate")
    assert f"resumed rotation to {new}" in second.stdout
    assert "rotation complete" in second.stdout and old in second.stdout
    after = key_file(site)
    assert set(after["keys"]) == {new} and "retiring" not in after
    assert key_ids(site) == {new: 6}
    assert downloads(site, case_id) == stored
    verified = site.cli("keys", "verify")
    assert "all 6 attachments" in verified.stdout
    with site.app():
        from mla_tool.audit.models import AuditEntry

        actions = db.session.execute(select(AuditEntry.action)).scalars().all()
    assert "keys.rotation_started" in actions and "keys.rotated" in actions
    assert "audit log intact" in site.cli("audit", "verify").stdout


def seed_extra(installation: Installation, case_id: int) -> tuple[int, dict[int, bytes]]:
    from mla_tool.auth.service import find_user_by_email, issue_token

    with installation.app() as application:
        token = issue_token(find_user_by_email("cw@example.org"))
        db.session.commit()
        response = application.test_client().post(
            f"/api/v1/cases/{case_id}/attachments",
            data={"file": (io.BytesIO(b"late exhibit"), "late.txt")},
            headers={"Authorization": f"Bearer {token}"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 201
        return case_id, {response.get_json()["id"]: b"late exhibit"}


def test_keys_verify_fails_on_a_tampered_or_missing_file(installations, store_settings) -> None:
    site = installations("site", store_settings)
    _, stored = seed(site, [b"alpha" * 100, b"beta" * 100])
    assert site.cli("keys", "verify").returncode == 0
    with site.app():
        rows = db.session.execute(select(Attachment).order_by(Attachment.id)).scalars().all()
        names = [row.storage_path for row in rows]
        ids = [row.id for row in rows]
        store = current_store()  # the data folder or object storage
        sealed = bytearray(stored_bytes(store, names[0]))
        sealed[-1] ^= 1
        replace_stored(store, names[0], bytes(sealed))
        store.delete(names[1])
    assert (site.data_dir / names[0]).exists() == (store_settings == {})
    failed = site.cli("keys", "verify", check=False)
    assert failed.returncode == 1
    assert f"attachment {ids[0]}: FAILED" in failed.stderr
    assert f"attachment {ids[1]}: FAILED: the encrypted file is missing" in failed.stderr


def _sqlite_dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_backup_and_restore_round_trip_byte_identical(installations, tmp_path: Path) -> None:
    site = installations("site")
    case_id, stored = seed(site, PAYLOADS)
    backup_dir = tmp_path / "backup"
    made = site.cli("backup", str(backup_dir))
    assert "5 attachments" in made.stdout
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    with site.app():
        rows = db.session.execute(select(Attachment).order_by(Attachment.id)).scalars().all()
        originals = {
            row.storage_path: (site.data_dir / row.storage_path).read_bytes() for row in rows
        }
        source_rows = [(r.id, r.uid, r.sha256, r.key_id, r.wrapped_key) for r in rows]
    assert set(originals) <= set(manifest["files"])
    for relative, content in originals.items():
        assert (backup_dir / relative).read_bytes() == content
        assert manifest["files"][relative]["sha256"] == hashlib.sha256(content).hexdigest()
    assert (backup_dir / "master.key").read_bytes() == (site.data_dir / "master.key").read_bytes()
    assert (backup_dir / "master.key").stat().st_mode & 0o077 == 0
    # the exchange identity travels too, as private as the master key
    exchange_key = (site.data_dir / "exchange.key").read_bytes()
    assert (backup_dir / "exchange.key").read_bytes() == exchange_key
    assert (backup_dir / "exchange.key").stat().st_mode & 0o077 == 0
    for payload in PAYLOADS:
        if len(payload) > 8:
            for path in backup_dir.rglob("*"):
                assert not path.is_file() or payload not in path.read_bytes()
    refused = site.cli("backup", str(backup_dir), check=False)
    assert refused.returncode != 0 and "not empty" in refused.stderr

    # a damaged backup is refused before anything changes
    fresh = installations("fresh")
    # the operator first puts the key file, kept apart from the backup, in place: it keys the
    # manifest's MAC (tests/test_vault_restore_checks.py)
    shutil.copyfile(site.data_dir / "master.key", fresh.data_dir / "master.key")
    fresh_key = (fresh.data_dir / "master.key").read_bytes()
    damaged = tmp_path / "damaged"
    shutil.copytree(backup_dir, damaged)
    first_file = next(iter(originals))
    (damaged / first_file).write_bytes(b"\0" + (damaged / first_file).read_bytes()[1:])
    bad = fresh.cli("restore", str(damaged), check=False)
    assert bad.returncode != 0 and "does not match its digest" in bad.stderr
    assert (fresh.data_dir / "master.key").read_bytes() == fresh_key

    restored = fresh.cli("restore", str(backup_dir))
    assert "keys verify: all 5 attachments" in restored.stdout
    for relative, content in originals.items():
        assert (fresh.data_dir / relative).read_bytes() == content
    assert (fresh.data_dir / "master.key").read_bytes() == (backup_dir / "master.key").read_bytes()
    assert (fresh.data_dir / "exchange.key").read_bytes() == exchange_key
    assert (fresh.data_dir / "exchange.key").stat().st_mode & 0o077 == 0
    with fresh.app():
        rows = db.session.execute(select(Attachment).order_by(Attachment.id)).scalars().all()
        assert [(r.id, r.uid, r.sha256, r.key_id, r.wrapped_key) for r in rows] == source_rows
    if site.database_url is None:
        assert _sqlite_dump(fresh.data_dir / "mla_tool.sqlite") == _sqlite_dump(
            site.data_dir / "mla_tool.sqlite"
        )
    assert downloads(fresh, case_id) == stored
    assert fresh.cli("keys", "verify").returncode == 0
    assert "audit log intact" in fresh.cli("audit", "verify").stdout


def test_backup_writes_only_private_files_and_folders(installations, tmp_path: Path) -> None:
    """Every file a backup writes is 0600 and every folder 0700, database and manifest included."""
    site = installations("site")
    seed(site, PAYLOADS[:2])
    outbox = site.data_dir / "exchange" / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / "sealed.pkg").write_bytes(b"sealed package")
    backup_dir = tmp_path / "backup"
    site.cli("backup", str(backup_dir))
    written = [backup_dir, *backup_dir.rglob("*")]
    names = {path.relative_to(backup_dir).as_posix() for path in written}
    assert {"manifest.json", "master.key", "exchange/outbox/sealed.pkg"} <= names
    assert names & {"database.sqlite", "database.pgdump"}
    modes = {
        path.relative_to(backup_dir).as_posix(): oct(path.stat().st_mode & 0o777)
        for path in written
    }
    expected = {
        path.relative_to(backup_dir).as_posix(): oct(0o700 if path.is_dir() else 0o600)
        for path in written
    }
    assert modes == expected
