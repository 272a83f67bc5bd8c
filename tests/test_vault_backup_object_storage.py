"""`mla-tool backup` and `restore` with attachments in object storage (a real SeaweedFS): the
backup reads each object it lacks through the store, an incremental one reads none again, and
restore puts them into the store of the installation it restores."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import pytest

from tests.factories.vault_installations import PAYLOADS, installations, seed  # noqa: F401
from tests.object_storage_server import BUCKET, S3Server, s3_server  # noqa: F401 - a fixture

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


def test_backup_of_a_bucket_incremental_and_restored_into_another(
    installations,  # noqa: F811
    s3_server: S3Server,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLA_S3_ENDPOINT_URL", s3_server.endpoint_url)
    monkeypatch.setenv("MLA_S3_ACCESS_KEY_ID", s3_server.access_key_id)
    monkeypatch.setenv("MLA_S3_SECRET_ACCESS_KEY", s3_server.secret_access_key)
    site_url = f"s3://{BUCKET}/site-{secrets.token_hex(4)}"
    site = installations("site")
    seed(site, PAYLOADS)
    site.cli("storage", "migrate", "--to", site_url)
    monkeypatch.setenv("MLA_STORAGE_URL", site_url)
    shutil.rmtree(site.data_dir / "attachments")  # the bucket is the only copy now

    first, second = tmp_path / "b1", tmp_path / "b2"
    made = site.cli("backup", str(first))
    assert "5 attachments" in made.stdout
    made = site.cli("backup", str(second), "--since", str(first))
    assert "5 attachments linked" in made.stdout and "(0 bytes)" in made.stdout

    monkeypatch.setenv("MLA_STORAGE_URL", f"s3://{BUCKET}/fresh-{secrets.token_hex(4)}")
    fresh = installations("fresh")
    shutil.copyfile(site.data_dir / "master.key", fresh.data_dir / "master.key")
    restored = fresh.cli("restore", str(second))
    assert "keys verify: all 5 attachments" in restored.stdout
    assert not (fresh.data_dir / "attachments").exists() or not any(
        (fresh.data_dir / "attachments").rglob("*.mlav")
    )
