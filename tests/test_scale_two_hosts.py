"""Two `mla-tool serve` processes as two hosts: each its own data folder, one database, one
object store (a real SeaweedFS), one Redis. A file uploaded through one is downloaded through the
other with its digest checked, a sign-in on one continues on the other, and a PDF rendered by
one is served from the cache by the other (its cache entry, an object, is not written again)."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

import pytest
import requests

from mla_tool.extensions import db
from mla_tool.forms.samples import complete_request
from tests.conftest import csrf_token_from
from tests.factories.redis_server import redis_url  # noqa: F401  (a fixture)
from tests.factories.served_processes import ServedProcess
from tests.factories.vault_installations import Installation, installations  # noqa: F401
from tests.object_storage_server import BUCKET, S3Server, s3_server  # noqa: F401  (a fixture)

pytestmark = pytest.mark.slow  # real serve processes, SeaweedFS and Redis: not in --fast

PASSWORD = "a long enough password"
EMAIL = "cw@example.org"


def _prepare(site: Installation) -> tuple[int, str]:
    """The caseworker, a case, an API token, and the key files every host holds a copy of."""
    from mla_tool.audit.keyring import ensure_audit_key
    from mla_tool.auth.service import create_user, issue_token
    from mla_tool.cases import opening
    from mla_tool.exchange.crypto import ensure_identity
    from mla_tool.vault.keys import ensure_master_key

    with site.app() as application:
        for setting, ensure in (
            ("MLA_MASTER_KEY_FILE", ensure_master_key),
            ("MLA_AUDIT_KEY_FILE", ensure_audit_key),
            ("MLA_EXCHANGE_KEY_FILE", ensure_identity),
        ):
            ensure(Path(application.config[setting]))
        user = create_user(EMAIL, PASSWORD, "prosecutor", "FRA")
        db.session.commit()
        case = opening.open_case(
            direction="outgoing", kind="mla", counterpart_state="ESP", title="Ledger", actor=user
        )
        token = issue_token(user)
        db.session.commit()
        return case.id, token


def _second_host(site: Installation, folder: Path) -> dict[str, str]:
    """Another host's settings: its own data folder with copies of the keys, the same database."""
    folder.mkdir()
    for name in ("master.key", "audit.key", "exchange.key"):
        shutil.copy2(site.data_dir / name, folder / name)
    database = site.database_url or f"sqlite:///{site.data_dir / 'mla_tool.sqlite'}"
    return {"MLA_DATA_DIR": str(folder), "MLA_DATABASE_URL": database}


def _sign_in(browser: requests.Session, base: str) -> None:
    page = browser.get(f"{base}/login", timeout=60)
    answer = browser.post(
        f"{base}/login",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_token_from(page.text)},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, answer.text[:500]


def _upload_on_page(browser: requests.Session, base: str, case_id: int, data: bytes) -> None:
    page = browser.get(f"{base}/cases/{case_id}", timeout=60)
    assert page.status_code == 200
    answer = browser.post(
        f"{base}/cases/{case_id}/attachments",
        data={"csrf_token": csrf_token_from(page.text)},
        files={"file": ("ledger.bin", data, "application/octet-stream")},
        allow_redirects=False,
        timeout=300,
    )
    assert answer.status_code == 302, answer.text[:500]


def _checked_download(answer: requests.Response, data: bytes) -> None:
    assert answer.status_code == 200, answer.text[:500]
    digest = hashlib.sha256(answer.content).hexdigest()
    assert digest == hashlib.sha256(data).hexdigest() == answer.headers["X-Content-SHA256"]


def _cache_objects(server: S3Server, prefix: str) -> list[dict[str, Any]]:
    listed = server.client().list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}/document-cache/")
    return [
        {key: item[key] for key in ("Key", "ETag", "LastModified")}
        for item in listed.get("Contents", [])
    ]


def _local_files(*folders: Path) -> list[Path]:
    return [
        path
        for folder in folders
        for pattern in ("attachments/**/*.mlav", "document-cache/**/*.mldc")
        for path in folder.glob(pattern)
    ]


def test_upload_on_one_host_download_sign_in_and_cached_pdf_on_the_other(
    installations: Any,  # noqa: F811
    s3_server: S3Server,  # noqa: F811
    redis_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    site = installations("site")
    case_id, token = _prepare(site)
    prefix = f"two-hosts-{secrets.token_hex(4)}"
    shared = {
        "MLA_STORAGE_URL": f"s3://{BUCKET}/{prefix}",
        "MLA_S3_ENDPOINT_URL": s3_server.endpoint_url,
        "MLA_S3_ACCESS_KEY_ID": s3_server.access_key_id,
        "MLA_S3_SECRET_ACCESS_KEY": s3_server.secret_access_key,
        "MLA_RATELIMIT_STORAGE_URL": redis_url,
        "MLA_REMINDER_INTERVAL_MINUTES": "0",
    }
    host_b = tmp_path / "host-b"
    one = ServedProcess(site, shared)
    other = ServedProcess(site, {**shared, **_second_host(site, host_b)})
    try:
        one.wait_ready()
        other.wait_ready()
        api = {"Authorization": f"Bearer {token}"}
        attachments = f"/api/v1/cases/{case_id}/attachments"

        # signed in on A, the session continues on B: its case page, a download
        browser = requests.Session()
        _sign_in(browser, one.url)
        assert browser.get(f"{other.url}/account", allow_redirects=False).status_code == 200
        paged = os.urandom(9 * 1024 * 1024 + 3)  # two parts of a multipart upload
        _upload_on_page(browser, one.url, case_id, paged)
        [row] = requests.get(f"{other.url}{attachments}", headers=api, timeout=60).json()
        assert row["sha256"] == hashlib.sha256(paged).hexdigest()
        _checked_download(
            browser.get(f"{other.url}/cases/{case_id}/attachments/{row['id']}", timeout=300), paged
        )

        # and the other way round through the API: uploaded on B, downloaded on A
        sent = b"exhibit " * 40_000
        answer = requests.post(
            f"{other.url}{attachments}",
            files={"file": ("exhibit.txt", sent, "text/plain")},
            headers=api,
            timeout=300,
        )
        assert answer.status_code == 201, answer.text[:500]
        _checked_download(
            requests.get(f"{one.url}{attachments}/{answer.json()['id']}", headers=api, timeout=300),
            sent,
        )

        # a PDF rendered on A is served by B from the cache: the entry is not written again
        made = requests.post(
            f"{one.url}/api/v1/requests", json=complete_request("en"), headers=api, timeout=60
        )
        assert made.status_code == 201, made.text[:500]
        document = f"/api/v1/requests/{made.json()['id']}/document?format=pdf&lang=en"
        first = requests.get(f"{one.url}{document}", headers=api, timeout=300)
        assert first.status_code == 200 and first.content.startswith(b"%PDF")
        [entry] = _cache_objects(s3_server, prefix)
        assert re.fullmatch(
            rf"{prefix}/document-cache/[0-9a-f]{{2}}/[0-9a-f]{{64}}\.mldc", entry["Key"]
        )
        second = requests.get(f"{other.url}{document}", headers=api, timeout=300)
        assert second.status_code == 200 and second.content == first.content
        assert _cache_objects(s3_server, prefix) == [entry]
    finally:
        logs = one.stop() + other.stop()
    assert "Traceback" not in logs, logs[-3000:]
    # neither host keeps evidence or documents on its own disk: the store holds them
    assert _local_files(site.data_dir, host_b) == []
