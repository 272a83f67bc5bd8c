"""Keys are never silently replaced, one bad attachment does not stop a rotation, and a rotation
during uploads leaves every attachment readable."""

from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy import select

from mla_tool.extensions import db
from mla_tool.vault.models import Attachment
from tests.factories.vault_backends import s3_server, store_settings  # noqa: F401  (fixtures)
from tests.factories.vault_installations import (  # noqa: F401  (installations: a fixture)
    PAYLOADS,
    downloads,
    installations,
    key_file,
    seed,
)

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


def test_init_stops_instead_of_making_a_new_master_key_beside_attachments(installations) -> None:
    site = installations("site")
    seed(site, PAYLOADS[:2])
    (site.data_dir / "master.key").unlink()
    refused = site.cli("init", check=False)
    assert refused.returncode != 0
    assert "master key file" in refused.stderr and "2 encrypted attachments" in refused.stderr
    assert not (site.data_dir / "master.key").exists()


def test_init_stops_instead_of_making_a_new_exchange_identity_beside_packages(
    installations,
) -> None:
    site = installations("site")
    outbox = site.data_dir / "exchange" / "outbox"
    outbox.mkdir(parents=True)
    (outbox / "pkg-1.mlapkg").write_bytes(b"sealed to a partner")
    (site.data_dir / "exchange.key").unlink()
    refused = site.cli("init", check=False)
    assert refused.returncode != 0 and "exchange identity" in refused.stderr
    assert not (site.data_dir / "exchange.key").exists()
    # an installation without any data still gets its keys made
    fresh = installations("fresh")
    (fresh.data_dir / "exchange.key").unlink()
    (fresh.data_dir / "master.key").unlink()
    assert fresh.cli("init").returncode == 0
    assert (fresh.data_dir / "exchange.key").exists() and (fresh.data_dir / "master.key").exists()


def test_one_unreadable_key_is_skipped_and_the_others_rotate(installations, store_settings) -> None:
    site = installations("site", store_settings)
    case_id, stored = seed(site, PAYLOADS)
    old = key_file(site)["active"]
    with site.app():
        broken = db.session.execute(select(Attachment).order_by(Attachment.id)).scalars().first()
        broken_id = broken.id
        broken.wrapped_key = bytes(len(broken.wrapped_key))
        db.session.commit()
    rotated = site.cli("keys", "rotate", check=False)
    assert rotated.returncode == 1
    assert f"attachment {broken_id}: SKIPPED" in rotated.stderr
    assert f"{len(PAYLOADS) - 1} keys re-wrapped" in rotated.stdout
    new = key_file(site)
    assert new["active"] != old and old in new["keys"]  # the old key stays for the skipped one
    with site.app():
        rows = db.session.execute(select(Attachment)).scalars().all()
        assert {row.key_id for row in rows if row.id != broken_id} == {new["active"]}
    verified = site.cli("keys", "verify", check=False)
    assert verified.returncode == 1 and f"attachment {broken_id}: FAILED" in verified.stderr
    del stored[broken_id]
    with site.app():
        from mla_tool.vault import service

        for row in db.session.execute(select(Attachment)).scalars():
            if row.id != broken_id:
                assert service.read_plaintext(row) == stored[row.id]


def test_rotation_during_concurrent_uploads_leaves_every_attachment_readable(
    installations, store_settings
) -> None:
    from mla_tool.auth.service import find_user_by_email, issue_token
    from mla_tool.vault.rotation import rotate_keys

    site = installations("site", store_settings)
    case_id, stored = seed(site, PAYLOADS[:1])
    with site.app() as application:
        token = issue_token(find_user_by_email("cw@example.org"))
        db.session.commit()
        statuses: list[int] = []
        uploaded: dict[int, bytes] = dict(stored)
        stop = threading.Event()

        def uploader(number: int) -> None:
            client = application.test_client()
            count = 0
            while not stop.is_set() and count < 40:
                payload = f"exhibit {number}-{count} ".encode() * 50
                response = client.post(
                    f"/api/v1/cases/{case_id}/attachments",
                    data={"file": (io.BytesIO(payload), f"e-{number}-{count}.txt")},
                    headers={"Authorization": f"Bearer {token}"},
                    content_type="multipart/form-data",
                )
                statuses.append(response.status_code)
                if response.status_code == 201:
                    uploaded[response.get_json()["id"]] = payload
                count += 1

        threads = [threading.Thread(target=uploader, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        rotations = 0
        try:
            while any(thread.is_alive() for thread in threads) and rotations < 8:
                report = rotate_keys(batch_size=3)
                assert not report.skipped
                rotations += 1
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
        assert rotations >= 2
        assert statuses and set(statuses) == {201}, statuses
    # finish whatever rotation was under way, then every attachment must open
    site.cli("keys", "rotate")
    assert site.cli("keys", "verify").returncode == 0
    assert downloads(site, case_id) == uploaded
