"""Faults: processes killed with SIGKILL half-way through a directory import, a key rotation and
a backup, and a disk that fills while an attachment is written. Afterwards nothing is half-written,
every attachment still decrypts, and the operation resumes or was cleanly rolled back."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import func, select

from mla_tool.directory.models import Authority
from mla_tool.extensions import db
from mla_tool.vault.models import Attachment
from tests.factories.vault_installations import Installation, downloads, key_file, key_ids, seed

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[Callable[[str], Installation]]:
    """Installations (data folder and database) made on demand, dropped afterwards."""
    made: list[Installation] = []

    def make(name: str) -> Installation:
        made.append(Installation(tmp_path, name))
        return made[-1]

    yield make
    for installation in made:
        installation.drop()


def start_cli(site: Installation, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "MLA_DATA_DIR": str(site.data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("MLA_DATABASE_URL", None)
    if site.database_url:
        env["MLA_DATABASE_URL"] = site.database_url
    return subprocess.Popen(
        [sys.executable, "-c", "from mla_tool.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def kill_when(process: subprocess.Popen[str], stream: IO[str], marker: str) -> str:
    """Read `stream` until `marker` shows, then SIGKILL the process; returns what was read."""
    seen = ""
    while marker not in seen:
        char = stream.read(1)
        assert char, f"the process ended before {marker!r}: {seen[-500:]}"
        seen += char
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return seen


def authority_count(site: Installation) -> int:
    with site.app():
        return int(db.session.scalar(select(func.count()).select_from(Authority)) or 0)


def test_directory_import_killed_half_way_writes_nothing(sites, tmp_path: Path) -> None:
    site = sites("site")
    rows = 3000
    path = tmp_path / "authorities.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_id", "country", "functions", "name", "languages"])
        for number in range(rows):
            writer.writerow(
                [f"ext-{number}", "EGY", "central_authority_mla", f"هيئة رقم {number}", "ar;en"]
            )
    before = authority_count(site)
    process = start_cli(site, "directory", "import", str(path))
    assert process.stderr is not None
    kill_when(process, process.stderr, "importing")  # the progress bar of the writing phase
    assert authority_count(site) == before  # one transaction: all rows or none
    done = site.cli("directory", "import", str(path))
    assert f"{rows} created" in done.stdout
    assert authority_count(site) == before + rows


def test_key_rotation_killed_half_way_resumes_and_every_file_opens(sites) -> None:
    site = sites("site")
    payloads = [os.urandom(1000 + number) for number in range(12)]
    case_id, stored = seed(site, payloads)
    old = key_file(site)["active"]
    process = start_cli(site, "keys", "rotate", "--batch-size", "1")
    assert process.stdout is not None
    kill_when(process, process.stdout, "re-wrapped 3/")
    during = key_ids(site)
    new = key_file(site)["active"]
    assert new != old and during.get(new, 0) >= 3 and during.get(old, 0) >= 1, during
    assert downloads(site, case_id) == stored  # mid-rotation, every attachment still opens
    resumed = site.cli("keys", "rotate")
    assert f"resumed rotation to {new}" in resumed.stdout and "rotation complete" in resumed.stdout
    assert key_ids(site) == {new: len(payloads)}
    assert downloads(site, case_id) == stored
    assert f"all {len(payloads)} attachments" in site.cli("keys", "verify").stdout


def test_backup_killed_half_way_is_refused_by_restore(sites, tmp_path: Path) -> None:
    site = sites("site")
    payloads = [os.urandom(1 << 20) for _ in range(60)]
    case_id, stored = seed(site, payloads)
    target = tmp_path / "backup-killed"
    process = start_cli(site, "backup", str(target))
    attachments = target / "attachments"
    deadline = time.monotonic() + 120
    while not (attachments.exists() and any(attachments.rglob("*.mlav"))):
        assert process.poll() is None, "the backup ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not (target / "manifest.json").exists()
    refused = site.cli("restore", str(target), check=False)
    assert refused.returncode != 0 and "manifest" in (refused.stderr + refused.stdout)
    assert downloads(site, case_id) == stored  # the installation itself is untouched
    good = tmp_path / "backup-good"
    site.cli("backup", str(good))
    assert (good / "manifest.json").exists()


DISK_FULL_SCRIPT = r"""
import io, json, os, resource, signal, sys
from mla_tool import create_app
from mla_tool.auth.service import find_user_by_email, issue_token
from mla_tool.config import Settings
from mla_tool.extensions import db
environ = {"MLA_DATA_DIR": sys.argv[1]}
if sys.argv[2]:
    environ["MLA_DATABASE_URL"] = sys.argv[2]
app = create_app({"TESTING": True}, settings=Settings.from_environment(environ))
with app.app_context():
    token = issue_token(find_user_by_email("cw@example.org"))
    db.session.commit()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
limit = 512 * 1024 + max(p.stat().st_size for p in __import__("pathlib").Path(sys.argv[1]).rglob("*") if p.is_file())
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
boundary = "fault-boundary"
body = (
    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
    "Content-Type: application/octet-stream\r\n\r\n"
).encode() + os.urandom(limit + (4 << 20)) + f"\r\n--{boundary}--\r\n".encode()
response = app.test_client().post(  # the body is built in memory: the limit is for the server
    f"/api/v1/cases/{sys.argv[3]}/attachments",
    data=body,
    headers={"Authorization": f"Bearer {token}"},
    content_type=f"multipart/form-data; boundary={boundary}",
)
print(json.dumps({"status": response.status_code, "body": response.get_json()}))
"""


def test_a_full_disk_while_writing_an_attachment_is_a_clear_error_and_leaves_nothing(
    sites,
) -> None:
    site = sites("site")
    case_id, stored = seed(site, [b"first exhibit"])
    files_before = sorted(p.name for p in (site.data_dir / "attachments").rglob("*") if p.is_file())
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            DISK_FULL_SCRIPT,
            str(site.data_dir),
            site.database_url or "",
            str(case_id),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer = __import__("json").loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == 507, answer
    assert answer["body"]["error"]["code"] == "insufficient_storage"
    assert "nothing was saved" in answer["body"]["error"]["message"]
    files_after = sorted(p.name for p in (site.data_dir / "attachments").rglob("*") if p.is_file())
    assert files_after == files_before
    with site.app():
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1
    assert downloads(site, case_id) == stored
