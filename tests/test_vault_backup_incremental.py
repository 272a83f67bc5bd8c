"""`mla-tool backup DIR --since LAST`: only new attachment files are copied; restore checks first."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from mla_tool.extensions import db
from tests.factories.vault_installations import (  # noqa: F401  (fixtures)
    PAYLOADS,
    Installation,
    downloads,
    installations,
    seed,
)

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


def _upload_late_exhibit(site: Installation, case_id: int) -> dict[int, bytes]:
    from mla_tool.auth.service import find_user_by_email, issue_token

    with site.app() as application:
        token = issue_token(find_user_by_email("cw@example.org"))
        db.session.commit()
        response = application.test_client().post(
            f"/api/v1/cases/{case_id}/attachments",
            data={"file": (io.BytesIO(b"late exhibit"), "late.txt")},
            headers={"Authorization": f"Bearer {token}"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 201
        return {response.get_json()["id"]: b"late exhibit"}


def _copied_bytes(output: str) -> int:
    line = next(line for line in output.splitlines() if line.startswith("incremental:"))
    return int(line.rsplit("(", 1)[1].split()[0])


def test_second_backup_copies_nothing_new_and_restores(installations, tmp_path: Path) -> None:
    site = installations("site")
    case_id, stored = seed(site, PAYLOADS)
    first, second, third = (tmp_path / name for name in ("b1", "b2", "b3"))
    site.cli("backup", str(first))

    made = site.cli("backup", str(second), "--since", str(first))
    assert "incremental: 5 attachments linked" in made.stdout
    assert _copied_bytes(made.stdout) == 0
    old = json.loads((first / "manifest.json").read_text())["files"]
    new = json.loads((second / "manifest.json").read_text())
    assert new["since"] == first.resolve().as_posix()
    attachments = [name for name in old if name.startswith("attachments/")]
    assert len(attachments) == 5
    for name in attachments:
        assert new["files"][name] == old[name]
        assert (second / name).stat().st_ino == (first / name).stat().st_ino  # linked, not read

    # one new upload: only its file is copied
    stored.update(_upload_late_exhibit(site, case_id))
    made = site.cli("backup", str(third), "--since", str(second))
    assert "incremental: 5 attachments linked" in made.stdout and "1 copied" in made.stdout
    added = set(json.loads((third / "manifest.json").read_text())["files"]) - set(new["files"])
    assert len(added) == 1
    assert _copied_bytes(made.stdout) == (third / added.pop()).stat().st_size

    fresh = installations("fresh")
    shutil.copyfile(site.data_dir / "master.key", fresh.data_dir / "master.key")
    restored = fresh.cli("restore", str(third))
    assert "keys verify: all 6 attachments" in restored.stdout
    assert downloads(fresh, case_id) == stored


def test_tampered_backups_are_refused_and_change_nothing(installations, tmp_path: Path) -> None:
    site = installations("site")
    seed(site, PAYLOADS[:2])
    first, second = tmp_path / "b1", tmp_path / "b2"
    site.cli("backup", str(first))
    site.cli("backup", str(second), "--since", str(first))

    # an edited previous manifest is not trusted for an incremental backup
    edited = tmp_path / "edited"
    shutil.copytree(first, edited)
    manifest = json.loads((edited / "manifest.json").read_text())
    name = next(name for name in manifest["files"] if name.startswith("attachments/"))
    manifest["files"][name]["size"] += 1
    (edited / "manifest.json").write_text(json.dumps(manifest))
    target = tmp_path / "b3"
    refused = site.cli("backup", str(target), "--since", str(edited), check=False)
    assert refused.returncode != 0 and "does not match its MAC" in refused.stderr
    assert not target.exists() or not any(target.iterdir())

    fresh = installations("fresh")
    shutil.copyfile(site.data_dir / "master.key", fresh.data_dir / "master.key")
    before = sorted(
        (path.relative_to(fresh.data_dir).as_posix(), path.read_bytes())
        for path in fresh.data_dir.rglob("*")
        if path.is_file()
    )
    # a restore of the edited manifest or of an altered file is refused before any write
    refused = fresh.cli("restore", str(edited), check=False)
    assert refused.returncode != 0 and "does not match its MAC" in refused.stderr
    damaged = tmp_path / "damaged"
    shutil.copytree(second, damaged)  # copies, so the first backup's linked files stay intact
    (damaged / name).write_bytes(b"\0" + (damaged / name).read_bytes()[1:])
    refused = fresh.cli("restore", str(damaged), check=False)
    assert refused.returncode != 0 and "does not match its digest" in refused.stderr
    after = sorted(
        (path.relative_to(fresh.data_dir).as_posix(), path.read_bytes())
        for path in fresh.data_dir.rglob("*")
        if path.is_file()
    )
    assert after == before
    assert fresh.cli("restore", str(second)).returncode == 0
