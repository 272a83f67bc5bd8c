"""Exchange identities (Ed25519 + X25519) and the sealed `.mlapkg` package format.

A package is `MAGIC | u32 header length | header JSON | chunks | "SIG1" | Ed25519 signature`.
The header names sender and recipient by fingerprint and carries an ephemeral X25519 key; the
payload key comes from HKDF over the X25519 shared secret (HPKE-style); every chunk is AES-256-GCM
with the chunk index, the final flag and the header's digest as associated data; the signature
covers everything before it, so no byte can change without the package being refused.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import secrets
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import DomainError
from ..vault.keys import write_private_file

MAGIC = b"MLAPKG\x01\n"
SIGNATURE_MARK = b"SIG1"
SIGNATURE_SIZE = 64
CHUNK_SIZE = 1024 * 1024
MAX_HEADER = 64 * 1024
FORMAT_VERSION = 1
BUNDLE_LABELS = ("MLA_TOOL SIGNING PUBLIC KEY", "MLA_TOOL ENCRYPTION PUBLIC KEY")


class PackageError(DomainError, ValueError):
    """A package was refused (409); `code` says why in a word a program can test."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(409, code, message)


@dataclass(frozen=True)
class PublicBundle:
    signing: Ed25519PublicKey
    encryption: X25519PublicKey

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self)

    def pem(self) -> str:
        parts = []
        for label, raw in zip(BUNDLE_LABELS, _raw_publics(self), strict=True):
            body = base64.encodebytes(raw).decode().strip()
            parts.append(f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n")
        return "".join(parts)


@dataclass(frozen=True)
class ExchangeIdentity:
    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @property
    def public(self) -> PublicBundle:
        return PublicBundle(self.signing.public_key(), self.encryption.public_key())


def _raw_publics(bundle: PublicBundle) -> tuple[bytes, bytes]:
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    return bundle.signing.public_bytes(*raw), bundle.encryption.public_bytes(*raw)


def fingerprint_of(bundle: PublicBundle) -> str:
    """SHA-256 of both public keys, in groups of four hex digits to read out over the phone."""
    digest = hashlib.sha256(b"".join(_raw_publics(bundle))).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4))


def parse_public_bundle(pem: str) -> PublicBundle:
    """Read a bundle written by `PublicBundle.pem()`; a clear ValueError when it is not one."""
    keys: list[bytes] = []
    for label in BUNDLE_LABELS:
        begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
        if begin not in pem or end not in pem:
            raise ValueError(f"the public key bundle has no '{label}' block")
        body = pem.split(begin, 1)[1].split(end, 1)[0]
        try:
            raw = base64.b64decode("".join(body.split()), validate=True)
        except ValueError as error:
            raise ValueError(f"the '{label}' block is not base64") from error
        if len(raw) != 32:
            raise ValueError(f"the '{label}' block does not hold a 32-byte key")
        keys.append(raw)
    return PublicBundle(
        Ed25519PublicKey.from_public_bytes(keys[0]), X25519PublicKey.from_public_bytes(keys[1])
    )


def generate_identity() -> ExchangeIdentity:
    return ExchangeIdentity(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())


def save_identity(identity: ExchangeIdentity, path: Path) -> None:
    """Write the private keys to a file only its owner may read (like the master key)."""
    raw = serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    write_private_file(
        path,
        json.dumps(
            {
                "version": 1,
                "signing": base64.b64encode(identity.signing.private_bytes(*raw)).decode(),
                "encryption": base64.b64encode(identity.encryption.private_bytes(*raw)).decode(),
            }
        ),
    )


def load_identity(path: Path) -> ExchangeIdentity:
    data = json.loads(path.read_text())
    return ExchangeIdentity(
        Ed25519PrivateKey.from_private_bytes(base64.b64decode(data["signing"])),
        X25519PrivateKey.from_private_bytes(base64.b64decode(data["encryption"])),
    )


def ensure_identity(path: Path) -> bool:
    """Create the installation's exchange identity when absent; True when it was created."""
    if path.exists():
        load_identity(path)
        return False
    save_identity(generate_identity(), path)
    return True


def _payload_key(shared: bytes, salt: bytes, context: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=context).derive(shared)


def _context(header: dict[str, Any], recipient: PublicBundle) -> bytes:
    return b"|".join(
        [
            b"mla_tool package v1",
            header["sender"].encode(),
            header["recipient"].encode(),
            base64.b64decode(header["ephemeral"]),
            _raw_publics(recipient)[1],
        ]
    )


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _aad(header_digest: bytes, index: int, final: bool) -> bytes:
    return header_digest + struct.pack(">QB", index, 1 if final else 0)


def _chunks(source: BinaryIO, size: int) -> Iterator[tuple[bytes, bool]]:
    """Yield (chunk, is_final); an empty source gives one empty final chunk."""
    current = source.read(size)
    while True:
        following = source.read(size)
        yield current, not following
        if not following:
            return
        current = following


def seal(
    source: BinaryIO,
    destination: BinaryIO,
    sender: ExchangeIdentity,
    recipient: PublicBundle,
    header_fields: dict[str, Any],
    chunk_size: int = CHUNK_SIZE,
) -> str:
    """Encrypt `source` to the recipient, sign as the sender; returns the file's SHA-256."""
    ephemeral = X25519PrivateKey.generate()
    header = {
        **header_fields,
        "v": FORMAT_VERSION,
        "sender": sender.public.fingerprint,
        "recipient": recipient.fingerprint,
        "ephemeral": base64.b64encode(
            ephemeral.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        ).decode(),
        "salt": base64.b64encode(secrets.token_bytes(16)).decode(),
        "chunk_size": chunk_size,
    }
    header_bytes = json.dumps(header, sort_keys=True, ensure_ascii=False).encode()
    key = _payload_key(
        ephemeral.exchange(recipient.encryption),
        base64.b64decode(header["salt"]),
        _context(header, recipient),
    )
    cipher = AESGCM(key)
    header_digest = hashlib.sha256(header_bytes).digest()
    signed = hashlib.sha256()
    whole = hashlib.sha256()

    def emit(data: bytes, sign: bool = True) -> None:
        destination.write(data)
        whole.update(data)
        if sign:
            signed.update(data)

    emit(MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes)
    for index, (chunk, final) in enumerate(_chunks(source, chunk_size)):
        sealed = cipher.encrypt(_nonce(index), chunk, _aad(header_digest, index, final))
        emit(struct.pack(">I", len(sealed)) + sealed)
    emit(SIGNATURE_MARK)
    emit(sender.signing.sign(signed.digest()), sign=False)
    return whole.hexdigest()


@dataclass
class OpenedPackage:
    header: dict[str, Any]
    payload: bytes
    sender: PublicBundle
    digest: str


def read_header(source: BinaryIO) -> dict[str, Any]:
    """The clear header of a package (who sent it to whom), without checking anything else."""
    if source.read(len(MAGIC)) != MAGIC:
        raise PackageError("not_a_package", "this file is not an mla_tool package")
    length_bytes = source.read(4)
    if len(length_bytes) < 4:
        raise PackageError("truncated", "the package is truncated")
    (length,) = struct.unpack(">I", length_bytes)
    if length > MAX_HEADER:
        raise PackageError("malformed", "the package header is too large")
    raw = source.read(length)
    if len(raw) < length:
        raise PackageError("truncated", "the package is truncated")
    try:
        header = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError("tampered", "the package header has been altered") from error
    required = {"v", "sender", "recipient", "ephemeral", "salt", "chunk_size"}
    if not isinstance(header, dict) or not required <= set(header):
        raise PackageError("tampered", "the package header has been altered")
    header["_raw"] = raw
    return header


def open_package(
    data: bytes,
    recipient: ExchangeIdentity,
    sender_lookup: Callable[[str], PublicBundle | None],
) -> OpenedPackage:
    """Check, in order: format, recipient, known sender, signature, then decrypt every chunk."""
    stream = io.BytesIO(data)
    header = read_header(stream)
    raw_header = header.pop("_raw")
    if header.get("v") != FORMAT_VERSION:
        raise PackageError("unsupported", f"package format version {header.get('v')} is not known")
    if header["recipient"] != recipient.public.fingerprint:
        raise PackageError("wrong_recipient", "this package is addressed to another authority")
    sender = sender_lookup(header["sender"])
    if sender is None:
        raise PackageError(
            "unknown_sender",
            f"no verified directory entry holds the sender's key {header['sender']}",
        )
    chunk_spans, body_end = _walk_chunks(data, stream.tell(), int(header["chunk_size"]))
    signature = data[body_end + len(SIGNATURE_MARK) :]
    try:
        sender.signing.verify(
            signature, hashlib.sha256(data[: body_end + len(SIGNATURE_MARK)]).digest()
        )
    except InvalidSignature as error:
        raise PackageError(
            "bad_signature", "the signature does not match: the package was altered"
        ) from error
    ephemeral = X25519PublicKey.from_public_bytes(base64.b64decode(header["ephemeral"]))
    key = _payload_key(
        recipient.encryption.exchange(ephemeral),
        base64.b64decode(header["salt"]),
        _context(header, recipient.public),
    )
    cipher = AESGCM(key)
    header_digest = hashlib.sha256(raw_header).digest()
    payload = bytearray()
    for index, (begin, finish) in enumerate(chunk_spans):
        final = index == len(chunk_spans) - 1
        try:
            payload += cipher.decrypt(
                _nonce(index), data[begin:finish], _aad(header_digest, index, final)
            )
        except InvalidTag as error:
            raise PackageError("tampered", f"chunk {index} does not decrypt") from error
    if not chunk_spans:
        raise PackageError("truncated", "the package holds no data")
    return OpenedPackage(header, bytes(payload), sender, hashlib.sha256(data).hexdigest())


def _walk_chunks(data: bytes, position: int, chunk_size: int) -> tuple[list[tuple[int, int]], int]:
    """The (start, end) of every sealed chunk and where the signature mark stands."""
    spans: list[tuple[int, int]] = []
    limit = chunk_size + 16
    while True:
        if position + 4 > len(data):
            raise PackageError("truncated", "the package is truncated (no signature)")
        if data[position : position + 4] == SIGNATURE_MARK:
            break
        (length,) = struct.unpack(">I", data[position : position + 4])
        if length > limit:
            raise PackageError("tampered", "a chunk length has been altered")
        position += 4
        if position + length > len(data):
            raise PackageError("truncated", "the package is truncated")
        spans.append((position, position + length))
        position += length
    remaining = len(data) - position - len(SIGNATURE_MARK)
    if remaining < SIGNATURE_SIZE:
        raise PackageError("truncated", "the package is truncated (signature cut short)")
    if remaining > SIGNATURE_SIZE:
        raise PackageError("tampered", "bytes were added after the signature")
    return spans, position


def sign_detached(identity: ExchangeIdentity, data: bytes) -> str:
    return base64.b64encode(identity.signing.sign(data)).decode()


def verify_detached(bundle: PublicBundle, data: bytes, signature: str) -> bool:
    try:
        bundle.signing.verify(base64.b64decode(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def random_package_id() -> str:
    return base64.urlsafe_b64encode(os.urandom(12)).decode().rstrip("=")
