"""Content-type sniffing of zip uploads reads only bounded headers: a zip bomb costs no memory."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from mla_tool.vault.uploads import EncryptingTemporaryFile, sniff_zip

BOMB_SIZE = 1 << 30  # 1 GiB of zeros, about 1 MiB once deflated
MEMORY_LIMIT = 4 << 20


def write_zeros(member: zipfile.ZipFile, name: str, size: int) -> None:
    block = bytes(1 << 20)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with member.open(info, "w", force_zip64=False) as target:
        for _ in range(size // len(block)):
            target.write(block)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A zip whose `mimetype` and `word/document.xml` each inflate to 1 GiB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        write_zeros(archive, "mimetype", BOMB_SIZE)
        archive.writestr("[Content_Types].xml", "<Types/>")
        write_zeros(archive, "word/document.xml", 1 << 24)
    return buffer.getvalue()


def sniff_measured(readable: io.RawIOBase | io.BytesIO) -> tuple[str, int]:
    tracemalloc.start()
    try:
        content_type = sniff_zip(readable)  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return content_type, peak


@pytest.mark.slow  # deflates 1 GiB of zeros
def test_a_zip_bomb_is_sniffed_with_bounded_memory(bomb: bytes) -> None:
    assert len(bomb) < 4 << 20
    content_type, peak = sniff_measured(io.BytesIO(bomb))
    assert peak < MEMORY_LIMIT, f"sniffing took {peak} bytes"
    assert content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.slow  # deflates 1 GiB of zeros, encrypts the bomb
def test_a_zip_bomb_upload_is_sniffed_from_the_encrypted_file(bomb: bytes, tmp_path: Path) -> None:
    incoming = EncryptingTemporaryFile(tmp_path, None, "bomb.docx")
    try:
        incoming.write(bomb)
        incoming.finish()
        tracemalloc.start()
        try:
            content_type = incoming.sniff_content_type()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        incoming.discard()
    assert peak < MEMORY_LIMIT, f"sniffing took {peak} bytes"
    assert content_type.endswith("wordprocessingml.document")


def test_real_office_and_opendocument_files_keep_their_types() -> None:
    def archive(members: dict[str, str], stored_first: str | None = None) -> io.BytesIO:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
            if stored_first:
                target.writestr("mimetype", stored_first, compress_type=zipfile.ZIP_STORED)
            for name, text in members.items():
                target.writestr(name, text)
        buffer.seek(0)
        return buffer

    assert sniff_zip(archive({"xl/workbook.xml": "<x/>"})).endswith("spreadsheetml.sheet")
    assert sniff_zip(archive({"ppt/p.xml": "<x/>"})).endswith("presentationml.presentation")
    odt = "application/vnd.oasis.opendocument.text"
    assert sniff_zip(archive({"content.xml": "<x/>"}, stored_first=odt)) == odt
    deflated_ods = archive({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})
    assert sniff_zip(deflated_ods) == "application/vnd.oasis.opendocument.spreadsheet"
    assert sniff_zip(archive({"notes.txt": "hello"})) == "application/zip"
    assert sniff_zip(io.BytesIO(b"PK\x03\x04 not really a zip")) == "application/zip"


def test_a_directory_claiming_too_many_entries_is_read_within_limits() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for index in range(20_000):
            target.writestr(f"f{index}", b"")
        target.writestr("word/document.xml", "<x/>")
    buffer.seek(0)
    content_type, peak = sniff_measured(buffer)
    assert peak < MEMORY_LIMIT
    assert content_type == "application/zip"  # past the entry limit: generic zip, not a guess
