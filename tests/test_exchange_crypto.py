"""Sealed packages between central authorities: round trip and every way a package is refused."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mla_tool.exchange import crypto
from mla_tool.exchange.crypto import PackageError

SENDER = crypto.generate_identity()
RECIPIENT = crypto.generate_identity()
STRANGER = crypto.generate_identity()


def _known(*identities: crypto.ExchangeIdentity):
    table = {identity.public.fingerprint: identity.public for identity in identities}
    return table.get


def _seal(payload: bytes, chunk_size: int = 64, recipient=RECIPIENT, sender=SENDER) -> bytes:
    out = io.BytesIO()
    crypto.seal(
        io.BytesIO(payload),
        out,
        sender,
        recipient.public,
        {"type": "request", "package_id": "p1"},
        chunk_size=chunk_size,
    )
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 64 * 5 + 3])
def test_round_trip(size: int) -> None:
    payload = os.urandom(size)
    opened = crypto.open_package(_seal(payload), RECIPIENT, _known(SENDER))
    assert opened.payload == payload
    assert opened.header["type"] == "request"
    assert opened.sender.fingerprint == SENDER.public.fingerprint


def test_payload_is_not_readable_in_the_package() -> None:
    payload = b"the name of the witness: Amina El Idrissi " * 20
    package = _seal(payload)
    assert b"Amina" not in package and b"witness" not in package


def test_wrong_recipient_is_refused() -> None:
    package = _seal(b"secret", recipient=RECIPIENT)
    with pytest.raises(PackageError) as refused:
        crypto.open_package(package, STRANGER, _known(SENDER))
    assert refused.value.code == "wrong_recipient"


def test_unknown_sender_is_refused() -> None:
    with pytest.raises(PackageError) as refused:
        crypto.open_package(_seal(b"secret"), RECIPIENT, _known(STRANGER))
    assert refused.value.code == "unknown_sender"


def test_sender_impersonation_is_refused() -> None:
    # the stranger seals a package but the header claims the real sender's fingerprint
    package = bytearray(_seal(b"secret", sender=STRANGER))
    forged = package.replace(
        STRANGER.public.fingerprint.encode(), SENDER.public.fingerprint.encode()
    )
    with pytest.raises(PackageError) as refused:
        crypto.open_package(bytes(forged), RECIPIENT, _known(SENDER))
    assert refused.value.code in {"bad_signature", "tampered"}


@pytest.mark.parametrize("cut", [1, 10, 64, 68, 100])
def test_truncated_package_is_refused(cut: int) -> None:
    package = _seal(os.urandom(300))
    with pytest.raises(PackageError) as refused:
        crypto.open_package(package[:-cut], RECIPIENT, _known(SENDER))
    assert refused.value.code in {"truncated", "bad_signature"}


def test_dropping_the_last_chunk_is_refused_as_truncated() -> None:
    package = _seal(os.urandom(64 * 3), chunk_size=64)
    sig_at = package.rindex(crypto.SIGNATURE_MARK)
    last_chunk = 4 + 64 + 16
    shortened = package[: sig_at - last_chunk] + package[sig_at:]
    with pytest.raises(PackageError):
        crypto.open_package(shortened, RECIPIENT, _known(SENDER))


def test_not_a_package() -> None:
    with pytest.raises(PackageError) as refused:
        crypto.open_package(b"%PDF-1.7 hello", RECIPIENT, _known(SENDER))
    assert refused.value.code == "not_a_package"


PACKAGE = _seal(os.urandom(200), chunk_size=64)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(PACKAGE) - 1),
    flip=st.integers(min_value=1, max_value=255),
)
def test_any_single_byte_change_is_refused(position: int, flip: int) -> None:
    altered = bytearray(PACKAGE)
    altered[position] ^= flip
    with pytest.raises(PackageError):
        crypto.open_package(bytes(altered), RECIPIENT, _known(SENDER))


def test_public_bundle_round_trip_and_fingerprint() -> None:
    pem = SENDER.public.pem()
    parsed = crypto.parse_public_bundle(pem)
    assert parsed.fingerprint == SENDER.public.fingerprint
    assert len(parsed.fingerprint.split()) == 10
    with pytest.raises(ValueError):
        crypto.parse_public_bundle("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")


def test_identity_file_is_private_and_reloads(tmp_path: Path) -> None:
    path = tmp_path / "exchange.key"
    assert crypto.ensure_identity(path) is True
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    first = crypto.load_identity(path).public.fingerprint
    assert crypto.ensure_identity(path) is False
    assert crypto.load_identity(path).public.fingerprint == first


def test_detached_signatures() -> None:
    signature = crypto.sign_detached(SENDER, b"receipt")
    assert crypto.verify_detached(SENDER.public, b"receipt", signature)
    assert not crypto.verify_detached(SENDER.public, b"receipt!", signature)
    assert not crypto.verify_detached(STRANGER.public, b"receipt", signature)
