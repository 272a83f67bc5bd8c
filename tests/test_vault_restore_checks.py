"""`mla-tool restore` trusts a backup only when its manifest's MAC and paths hold: else no change."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mla_tool.extensions import db
from mla_tool.vault.models import Attachment
from tests.factories.vault_installations import PAYLOADS, Installation, seed

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


@pytest.fixture
def installations(tmp_path: Path) -> Iterator[Any]:
    made: list[Installation] = []

    def make(name: str) -> Installation:
        made.append(Installation(tmp_path, name))
        return made[-1]

    yield make
    for installation in made:
        installation.drop()


def state_of(site: Installation) -> tuple[list[tuple[int, str]], bytes, list[str]]:
    """Rows, key file and the files of the data folder: what a refused restore must not touch."""
    with site.app():
        rows = [
            (row.id, row.sha256)
            for row in db.session.execute(select(Attachment).order_by(Attachment.id)).scalars()
        ]
    files = sorted(
        path.relative_to(site.data_dir).as_posix()
        for path in site.data_dir.rglob("*")
        if path.is_file() and not path.name.startswith("mla_tool.sqlite")
    )
    return rows, (site.data_dir / "master.key").read_bytes(), files


def rewrite_manifest(backup: Path, change) -> None:  # type: ignore[no-untyped-def]
    manifest = json.loads((backup / "manifest.json").read_text())
    change(manifest)
    (backup / "manifest.json").write_text(json.dumps(manifest))


def backed_up_then_changed(installations, tmp_path: Path) -> tuple[Installation, Path]:
    site = installations("site")
    seed(site, PAYLOADS[:2])
    backup = tmp_path / "backup"
    site.cli("backup", str(backup))
    seed_more(site)
    return site, backup


def seed_more(site: Installation) -> None:
    """An upload after the backup: a refused restore must not wipe it."""
    from mla_tool.auth.service import find_user_by_email, issue_token

    with site.app() as application:
        token = issue_token(find_user_by_email("cw@example.org"))
        db.session.commit()
        case_id = db.session.execute(select(Attachment.case_id)).scalars().first()
        response = application.test_client().post(
            f"/api/v1/cases/{case_id}/attachments",
            data={"file": (io.BytesIO(b"after the backup"), "later.txt")},
            headers={"Authorization": f"Bearer {token}"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 201


def test_a_tampered_manifest_is_refused_and_changes_nothing(installations, tmp_path) -> None:
    site, backup = backed_up_then_changed(installations, tmp_path)
    before = state_of(site)
    # swap an attachment's bytes and fix its digest in the manifest: only the MAC can tell
    manifest = json.loads((backup / "manifest.json").read_text())
    victim = next(name for name in manifest["files"] if name.startswith("attachments/"))
    forged = b"forged evidence"
    (backup / victim).write_bytes(forged)

    def forge(data) -> None:  # type: ignore[no-untyped-def]
        data["files"][victim] = {"sha256": hashlib.sha256(forged).hexdigest(), "size": len(forged)}

    rewrite_manifest(backup, forge)
    refused = site.cli("restore", str(backup), check=False)
    assert refused.returncode != 0
    assert "altered" in refused.stderr
    assert state_of(site) == before

    rewrite_manifest(backup, lambda data: data.pop("mac", None))
    unsealed = site.cli("restore", str(backup), check=False)
    assert unsealed.returncode != 0 and "no MAC" in unsealed.stderr
    assert state_of(site) == before


def test_a_manifest_sealed_by_another_installation_is_refused(installations, tmp_path) -> None:
    site, backup = backed_up_then_changed(installations, tmp_path)
    stranger = installations("stranger")
    before = state_of(stranger)
    refused = stranger.cli("restore", str(backup), check=False)
    assert refused.returncode != 0 and "does not hold the key" in refused.stderr
    assert state_of(stranger) == before
    # with the installation's key file in place (kept apart from the backup), it restores
    shutil.copyfile(site.data_dir / "master.key", stranger.data_dir / "master.key")
    restored = stranger.cli("restore", str(backup))
    assert "keys verify: all 2 attachments" in restored.stdout


def test_absolute_and_parent_paths_are_refused_before_any_change(installations, tmp_path) -> None:
    site, backup = backed_up_then_changed(installations, tmp_path)
    before = state_of(site)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"planted")
    digest = {"sha256": hashlib.sha256(b"planted").hexdigest(), "size": 7}
    for unsafe in (str(outside), "attachments/../../outside.txt", "../outside.txt"):
        tampered = tmp_path / f"tampered-{abs(hash(unsafe))}"
        shutil.copytree(backup, tampered)
        (tampered.parent / "outside.txt").write_bytes(b"planted")
        rewrite_manifest(tampered, lambda data, name=unsafe: data["files"].update({name: digest}))
        refused = site.cli("restore", str(tampered), check=False)
        assert refused.returncode != 0, unsafe
        assert state_of(site) == before, unsafe
        assert outside.read_bytes() == b"planted"
