"""Time-based one-time passwords (RFC 6238) for the optional second factor; each code once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6


def new_totp_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def totp_code(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // STEP_SECONDS)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def verify_totp(secret: str, code: str, at: float | None = None, window: int = 1) -> bool:
    """Accept the current code and one step either side, for clock drift (no replay check:
    sign-in uses `matching_step` and refuses a step already used)."""
    return matching_step(secret, code, at, window) is not None


def matching_step(secret: str, code: str, at: float | None = None, window: int = 1) -> int | None:
    """The time step (counter) whose code this is, within one step either side of now; the
    latest one when several match."""
    now = time.time() if at is None else at
    code = code.strip().replace(" ", "")
    current = int(now // STEP_SECONDS)
    found = None
    for step in range(current - window, current + window + 1):
        if hmac.compare_digest(totp_code(secret, step * STEP_SECONDS), code):
            found = step
    return found


def provisioning_uri(secret: str, email: str, issuer: str = "mla_tool") -> str:
    return f"otpauth://totp/{quote(issuer)}:{quote(email)}?secret={secret}&issuer={quote(issuer)}"
