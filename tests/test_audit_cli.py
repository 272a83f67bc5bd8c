"""`mla-tool audit verify|checkpoint|rotate-key`, the audit key in `init`, `backup` and `restore`,
as real processes on a real installation (SQLite, or PostgreSQL under MLA_TEST_DATABASE_URL)."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from mla_tool.extensions import db
from tests.factories.vault_installations import installations, seed  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


def checkpoint_lines(data_dir: Path) -> list[dict]:
    return [
        json.loads(line) for line in (data_dir / "audit-checkpoints.jsonl").read_text().splitlines()
    ]


def head_seq(site) -> int:  # type: ignore[no-untyped-def]
    with site.app():
        return db.session.execute(text("SELECT last_seq FROM audit_head")).scalar_one()


def test_audit_key_checkpoints_rotation_backup_and_truncation(installations, tmp_path) -> None:  # noqa: F811
    site = installations("site")
    for name in ("audit.key", "audit-checkpoints.jsonl"):
        assert stat.S_IMODE(os.stat(site.data_dir / name).st_mode) == 0o600
    assert [line["seq"] for line in checkpoint_lines(site.data_dir)] == [0]
    assert "present" in site.cli("init").stdout.split("audit key file")[1].splitlines()[0]

    seed(site, [b"first exhibit", b"second exhibit"])
    last = head_seq(site)
    printed = site.cli("audit", "checkpoint").stdout
    assert f"checkpoint: entry {last}" in printed
    assert "signature" in printed and "public key" in printed
    assert json.loads(printed.splitlines()[-1]) == checkpoint_lines(site.data_dir)[-1]

    verified = site.cli("audit", "verify").stdout
    assert f"audit log intact: {last} entries" in verified and "checkpoint written" in verified

    old_key = json.loads((site.data_dir / "audit.key").read_text())["active"]
    rotated = site.cli("audit", "rotate-key").stdout
    new_key = json.loads((site.data_dir / "audit.key").read_text())["active"]
    assert new_key != old_key and f"new audit key {new_key}" in rotated
    assert "audit log intact" in site.cli("audit", "verify").stdout

    # init never puts a new audit key beside entries keyed under a lost one
    key_file = site.data_dir / "audit.key"
    key_file.rename(tmp_path / "audit.key.kept")
    lost = site.cli("init", check=False)
    assert lost.returncode != 0 and "audit key file" in lost.stderr and new_key in lost.stderr
    assert not key_file.exists()
    (tmp_path / "audit.key.kept").rename(key_file)
    assert "audit key file present" in site.cli("init").stdout

    backup_dir = tmp_path / "backup"
    site.cli("backup", str(backup_dir))
    assert (backup_dir / "audit.key").read_bytes() == (site.data_dir / "audit.key").read_bytes()
    assert stat.S_IMODE(os.stat(backup_dir / "audit.key").st_mode) == 0o600
    assert (backup_dir / "audit-checkpoints.jsonl").is_file()
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert {"audit.key", "audit-checkpoints.jsonl"} <= set(manifest["files"])

    # an insider deletes the newest entries and moves the head back: verify names the first gap
    total = head_seq(site)
    with site.app():
        db.session.execute(text("DELETE FROM audit_entries WHERE seq > :s"), {"s": total - 2})
        db.session.execute(
            text(
                "UPDATE audit_head SET last_seq = :s, last_hash = "
                "(SELECT entry_hash FROM audit_entries WHERE seq = :s) WHERE id = 1"
            ),
            {"s": total - 2},
        )
        db.session.commit()
    failed = site.cli("audit", "verify", check=False)
    assert failed.returncode == 1
    assert f"audit log broken at entry {total - 1}" in failed.stderr
    assert "rolled back" in failed.stderr
    written = len(checkpoint_lines(site.data_dir))
    refused = site.cli("audit", "checkpoint", check=False)
    assert refused.returncode == 1  # a broken head is never signed
    assert len(checkpoint_lines(site.data_dir)) == written

    # restoring the backup brings back the key and the checkpoints that match its database
    fresh = installations("fresh")
    shutil.copyfile(site.data_dir / "master.key", fresh.data_dir / "master.key")
    fresh.cli("restore", str(backup_dir))
    assert (fresh.data_dir / "audit.key").read_bytes() == (backup_dir / "audit.key").read_bytes()
    assert list((fresh.data_dir).glob("audit.key.before-restore-*"))
    assert "audit log intact" in fresh.cli("audit", "verify").stdout


def test_verify_on_a_new_installation_names_the_key_creation_checkpoint(installations) -> None:  # noqa: F811
    """Only the checkpoint at entry 0 (the audit key's creation): said so, never '0 matched'."""
    site = installations("site")
    first = site.cli("audit", "verify").stdout
    assert "0 checkpoint(s) matched" not in first
    assert "no checkpoint after entry 0 yet" in first, first
    seed(site, [b"an exhibit"])
    last = head_seq(site)
    second = site.cli("audit", "verify").stdout
    assert "no checkpoint after entry 0 yet" in second, second
    third = site.cli("audit", "verify").stdout  # the second verify signed entry `last`
    assert f"1 checkpoint(s) after entry 0 matched; the last covers entry {last}" in third, third
