"""The chunked AES-256-GCM format: round trips of every size class and every kind of tampering."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mla_tool.vault import crypto
from mla_tool.vault.crypto import (
    HEADER_SIZE,
    TAG_SIZE,
    DecryptingReader,
    Encryptor,
    IntegrityError,
    Keyring,
    decrypt_bytes,
    encrypt_bytes,
)

CHUNK = 64  # small chunks so that "many chunks" stays fast; the logic is size-independent
UID = "a" * 32


def _blocks(sealed: bytes, chunk: int = CHUNK) -> tuple[bytes, list[bytes]]:
    body = sealed[HEADER_SIZE:]
    step = chunk + TAG_SIZE
    return sealed[:HEADER_SIZE], [body[i : i + step] for i in range(0, len(body), step)]


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 7 * CHUNK + 5, 50 * CHUNK]
)
def test_round_trip_at_chunk_boundaries(size: int) -> None:
    key = crypto.new_data_key()
    data = os.urandom(size)
    sealed = encrypt_bytes(key, UID, data, chunk_size=CHUNK)
    chunks = max(1, -(-size // CHUNK))
    assert len(sealed) == HEADER_SIZE + size + chunks * TAG_SIZE
    assert decrypt_bytes(key, UID, sealed) == data
    if size >= 16:  # a byte or two of plaintext turns up in any ciphertext by chance
        assert data not in sealed


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.binary(min_size=0, max_size=20 * CHUNK),
    pieces=st.lists(st.integers(min_value=0, max_value=3 * CHUNK), max_size=30),
)
def test_round_trip_whatever_the_write_sizes(data: bytes, pieces: list[int]) -> None:
    key = crypto.new_data_key()
    sink = io.BytesIO()
    encryptor = Encryptor(key, UID, sink, chunk_size=CHUNK)
    position = 0
    for piece in pieces:
        encryptor.write(data[position : position + piece])
        position += piece
    encryptor.write(data[position:])
    size, digest = encryptor.finish()
    assert size == len(data) and digest == hashlib.sha256(data).hexdigest()
    sealed = sink.getvalue()
    assert len(sealed) == HEADER_SIZE + len(data) + max(1, -(-len(data) // CHUNK)) * TAG_SIZE
    assert decrypt_bytes(key, UID, sealed) == data


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.binary(min_size=0, max_size=20 * CHUNK),
    pieces=st.lists(
        st.tuples(st.booleans(), st.integers(min_value=0, max_value=3 * CHUNK), st.binary()),
        max_size=30,
    ),
)
def test_bytes_put_in_place_give_the_file_written_bytes_give(
    data: bytes, pieces: list[tuple[bool, int, bytes]]
) -> None:
    """Bytes put in the chunk's free room and committed (`receive_buffer`, `commit`), mixed
    with written ones, give the same file as `encrypt_bytes` (the nonces are the chunks'
    indexes, so equal plaintext under one key gives equal bytes); bytes put there and not
    committed are not in it."""
    key = crypto.new_data_key()
    sink = io.BytesIO()
    encryptor = Encryptor(key, UID, sink, chunk_size=CHUNK)
    position = 0
    for in_place, piece, stray in pieces:
        part = data[position : position + piece]
        if in_place:
            buffer, start = encryptor.receive_buffer()
            part = part[: len(buffer) - start]
            buffer[start : start + len(part)] = part
            room = len(buffer) - start - len(part)
            buffer[start + len(part) : start + len(part) + room] = stray[:room]
            encryptor.commit(len(part))
        else:
            encryptor.write(part)
        position += len(part)
    encryptor.write(data[position:])
    size, digest = encryptor.finish()
    assert size == len(data) and digest == hashlib.sha256(data).hexdigest()
    assert sink.getvalue() == encrypt_bytes(key, UID, data, chunk_size=CHUNK)


def test_more_bytes_than_the_room_cannot_be_committed() -> None:
    encryptor = Encryptor(crypto.new_data_key(), UID, io.BytesIO(), chunk_size=CHUNK)
    buffer, start = encryptor.receive_buffer()
    with pytest.raises(ValueError):
        encryptor.commit(len(buffer) - start + 1)
    encryptor.commit(len(buffer) - start)
    assert encryptor.size == len(buffer) - start


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=0, max_size=6 * CHUNK), offset=st.integers(0, 6 * CHUNK))
def test_seekable_reader_reads_any_range(tmp_path_factory, data: bytes, offset: int) -> None:
    key = crypto.new_data_key()
    path = tmp_path_factory.mktemp("r") / "f"
    path.write_bytes(encrypt_bytes(key, UID, data, CHUNK))
    with path.open("rb") as handle:
        reader = DecryptingReader(key, UID, handle)
        assert reader.seek(0, io.SEEK_END) == len(data)
        reader.seek(offset)
        assert reader.read() == data[offset:]


def test_large_round_trip_with_the_real_chunk_size() -> None:
    key = crypto.new_data_key()
    data = os.urandom(3 * crypto.CHUNK_SIZE + 17)
    assert decrypt_bytes(key, UID, encrypt_bytes(key, UID, data)) == data


@settings(max_examples=100, deadline=None)
@given(data=st.binary(min_size=1, max_size=5 * CHUNK), where=st.integers(min_value=0))
def test_any_flipped_byte_is_detected(data: bytes, where: int) -> None:
    key = crypto.new_data_key()
    sealed = bytearray(encrypt_bytes(key, UID, data, CHUNK))
    sealed[where % len(sealed)] ^= 0x01
    with pytest.raises(IntegrityError):
        decrypt_bytes(key, UID, bytes(sealed))


def _sealed(size: int = 5 * CHUNK + 3) -> tuple[bytes, bytes, bytes]:
    key = crypto.new_data_key()
    data = os.urandom(size)
    return key, data, encrypt_bytes(key, UID, data, CHUNK)


def test_swapped_chunks_are_refused() -> None:
    key, _, sealed = _sealed()
    header, blocks = _blocks(sealed)
    blocks[1], blocks[2] = blocks[2], blocks[1]
    with pytest.raises(IntegrityError, match="chunk 1"):
        decrypt_bytes(key, UID, header + b"".join(blocks))


def test_truncation_at_a_chunk_boundary_is_refused() -> None:
    key, _, sealed = _sealed()
    header, blocks = _blocks(sealed)
    with pytest.raises(IntegrityError):
        decrypt_bytes(key, UID, header + b"".join(blocks[:3]))


def test_truncation_inside_a_chunk_and_of_the_header_is_refused() -> None:
    key, _, sealed = _sealed()
    for cut in (len(sealed) - 1, len(sealed) - TAG_SIZE - 1, HEADER_SIZE + 10, 5, 0):
        with pytest.raises(IntegrityError):
            decrypt_bytes(key, UID, sealed[:cut])


def test_dropping_the_final_chunk_of_an_exact_multiple_is_refused() -> None:
    key, _, sealed = _sealed(4 * CHUNK)
    header, blocks = _blocks(sealed)
    assert len(blocks) == 4
    with pytest.raises(IntegrityError):
        decrypt_bytes(key, UID, header + b"".join(blocks[:-1]))


def test_appending_a_chunk_is_refused() -> None:
    key, _, sealed = _sealed(4 * CHUNK)
    header, blocks = _blocks(sealed)
    with pytest.raises(IntegrityError):
        decrypt_bytes(key, UID, header + b"".join(blocks + [blocks[1]]))


def test_chunks_cannot_move_between_files_even_under_the_same_key() -> None:
    key = crypto.new_data_key()
    first = encrypt_bytes(key, "1" * 32, os.urandom(3 * CHUNK), CHUNK)
    second = encrypt_bytes(key, "2" * 32, os.urandom(3 * CHUNK), CHUNK)
    header, blocks_a = _blocks(first)
    _, blocks_b = _blocks(second)
    with pytest.raises(IntegrityError, match="chunk 1"):
        decrypt_bytes(key, "1" * 32, header + blocks_a[0] + blocks_b[1] + blocks_a[2])


def test_wrong_key_and_wrong_attachment_id_are_refused() -> None:
    key, _, sealed = _sealed()
    with pytest.raises(IntegrityError):
        decrypt_bytes(crypto.new_data_key(), UID, sealed)
    with pytest.raises(IntegrityError):
        decrypt_bytes(key, "b" * 32, sealed)


def test_a_changed_chunk_size_in_the_header_is_refused() -> None:
    key, _, sealed = _sealed(CHUNK // 2)
    forged = sealed[:8] + (CHUNK * 2).to_bytes(4, "big") + sealed[HEADER_SIZE:]
    with pytest.raises(IntegrityError):
        decrypt_bytes(key, UID, forged)


def test_data_key_wrapping_binds_master_key_id_and_attachment() -> None:
    ring = Keyring(active="k1", keys={"k1": crypto.new_master_key(), "k2": crypto.new_master_key()})
    data_key = crypto.new_data_key()
    key_id, wrapped = crypto.wrap_data_key(ring, data_key, UID)
    assert key_id == "k1" and data_key not in wrapped
    assert crypto.unwrap_data_key(ring, "k1", wrapped, UID) == data_key
    with pytest.raises(IntegrityError):
        crypto.unwrap_data_key(ring, "k2", wrapped, UID)
    with pytest.raises(IntegrityError):
        crypto.unwrap_data_key(ring, "k1", wrapped, "b" * 32)
    with pytest.raises(IntegrityError):
        crypto.unwrap_data_key(ring, "k9", wrapped, UID)
    rotated = Keyring(active="k2", keys=ring.keys)
    new_id, rewrapped = crypto.rewrap_data_key(rotated, "k1", wrapped, UID)
    assert new_id == "k2" and crypto.unwrap_data_key(rotated, "k2", rewrapped, UID) == data_key
