"""A request's PDF is rendered once per version, language and draft mark, kept encrypted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mla_tool.forms import document_cache, documents
from mla_tool.forms.samples import complete_request
from tests.factories.rendering import create

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast


@pytest.fixture(autouse=True)
def empty_cache(app) -> None:
    """The data folder lives for the session: each test starts with no cached document."""
    with app.app_context():
        shutil.rmtree(document_cache.cache_dir(), ignore_errors=True)


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """Every PDF rendered by a download, counted."""
    counted: list[str] = []
    real = documents.html_to_pdf

    def counting(html: str, archival: bool = True) -> bytes:
        counted.append(html)
        return real(html, archival)

    monkeypatch.setattr(documents, "html_to_pdf", counting)
    return counted


def _download(client, headers, request_id: int, lang: str = "en") -> bytes:
    response = client.get(
        f"/api/v1/requests/{request_id}/document?format=pdf&lang={lang}", headers=headers
    )
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    return response.data


def _entries(app) -> list[Path]:
    with app.app_context():
        return sorted(document_cache.cache_dir().rglob("*.mldc"))


def test_second_download_is_served_from_the_cache(
    app, client, make_user, api_headers, renders
) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, **complete_request("en"))
    first = _download(client, headers, request_id)
    second = _download(client, headers, request_id)
    assert len(renders) == 1
    assert second == first
    _download(client, headers, request_id, "fr")  # another language is another document
    assert len(renders) == 2


def test_a_new_version_renders_anew(app, client, make_user, api_headers, renders) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, **complete_request("en"))
    first = _download(client, headers, request_id)
    changed = client.patch(
        f"/api/v1/requests/{request_id}",
        json={"facts": "The suspect moved the proceeds through three accounts in 2024."},
        headers=headers,
    )
    assert changed.status_code == 200, changed.get_json()
    second = _download(client, headers, request_id)
    assert len(renders) == 2
    assert second != first
    assert b"three accounts" not in first


def test_entries_are_encrypted_at_rest(app, client, make_user, api_headers) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, **complete_request("en"))
    pdf = _download(client, headers, request_id)
    [entry] = _entries(app)
    sealed = entry.read_bytes()
    assert b"%PDF" not in sealed
    assert pdf[1000:1064] not in sealed
    with app.app_context():
        digest = entry.stem
        assert document_cache._open(digest, sealed) == pdf


def test_a_damaged_entry_is_rendered_again(app, client, make_user, api_headers, renders) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, **complete_request("en"))
    _download(client, headers, request_id)
    [entry] = _entries(app)
    sealed = bytearray(entry.read_bytes())
    sealed[-20] ^= 1
    entry.write_bytes(bytes(sealed))
    assert _download(client, headers, request_id).startswith(b"%PDF")
    assert len(renders) == 2


def test_fonts_warm_in_the_background() -> None:
    from mla_tool.forms.document_warmup import warm_fonts_in_background

    thread = warm_fonts_in_background()
    assert thread.daemon
    thread.join(timeout=60)
    assert not thread.is_alive()
