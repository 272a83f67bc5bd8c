"""Trust in other authorities' keys: key status, recording and revoking verifications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..cases.dates import today
from ..directory.models import Authority
from ..extensions import db
from . import crypto
from .models import VERIFICATION_METHODS, KeyVerification
from .refusals import ExchangeError


@dataclass
class KeyStatus:
    """What this installation knows of an authority's public key."""

    state: str  # none | invalid | unverified | verified | revoked | expired
    fingerprint: str = ""
    bundle: crypto.PublicBundle | None = None
    verification: KeyVerification | None = None
    error: str = ""


def bundle_of(authority: Authority) -> crypto.PublicBundle | None:
    if not (authority.public_key or "").strip():
        return None
    try:
        return crypto.parse_public_bundle(authority.public_key)
    except ValueError:
        return None


def key_status(authority: Authority, on: date | None = None) -> KeyStatus:
    """The trust in an authority's current key: verified only while a verification row holds
    its fingerprint, is not revoked and has not expired."""
    if not (authority.public_key or "").strip():
        return KeyStatus("none")
    try:
        bundle = crypto.parse_public_bundle(authority.public_key)
    except ValueError as error:
        return KeyStatus("invalid", error=str(error))
    fingerprint = bundle.fingerprint
    latest = db.session.execute(
        select(KeyVerification)
        .where(
            KeyVerification.authority_id == authority.id,
            KeyVerification.fingerprint == fingerprint,
        )
        .order_by(KeyVerification.recorded_at.desc(), KeyVerification.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is None:
        return KeyStatus("unverified", fingerprint, bundle)
    if latest.revoked_at is not None:
        return KeyStatus("revoked", fingerprint, bundle, latest)
    if latest.expires_on is not None and latest.expires_on < (on or today()):
        return KeyStatus("expired", fingerprint, bundle, latest)
    return KeyStatus("verified", fingerprint, bundle, latest)


def authorities_with_keys() -> list[Authority]:
    return list(
        db.session.execute(
            select(Authority)
            .where(Authority.public_key != "", Authority.retired.is_(False))
            .order_by(Authority.country_iso3, Authority.name)
        ).scalars()
    )


def authority_for_fingerprint(fingerprint: str) -> tuple[Authority | None, KeyStatus]:
    """The directory entry holding this key, the best-trusted one when several do."""
    rank = {"verified": 0, "expired": 1, "revoked": 2, "unverified": 3}
    best: tuple[Authority | None, KeyStatus] = (None, KeyStatus("none"))
    for authority in authorities_with_keys():
        status = key_status(authority)
        if status.fingerprint != fingerprint:
            continue
        if best[0] is None or rank.get(status.state, 9) < rank.get(best[1].state, 9):
            best = (authority, status)
    return best


def record_verification(
    authority: Authority,
    actor: User,
    *,
    fingerprint: str,
    verified_on: date,
    method: str,
    note: str = "",
    expires_on: date | None = None,
) -> KeyVerification:
    """Record that the fingerprint read out by the authority matched its directory key."""
    errors: dict[str, str] = {}
    status = key_status(authority)
    if status.state in ("none", "invalid"):
        errors["public_key"] = "the directory entry holds no valid public key bundle"
    typed = " ".join((fingerprint or "").upper().split())
    compact = typed.replace(" ", "")
    if not errors and compact != status.fingerprint.replace(" ", ""):
        errors["fingerprint"] = "the fingerprint read out does not match the directory key"
    if method not in VERIFICATION_METHODS:
        errors["method"] = f"one of {', '.join(VERIFICATION_METHODS)}"
    if verified_on > today():
        errors["verified_on"] = "cannot be in the future"
    if expires_on is not None and expires_on <= verified_on:
        errors["expires_on"] = "must come after the verification date"
    if errors:
        raise ExchangeError("invalid", "the verification could not be recorded", errors)
    row = KeyVerification(
        authority_id=authority.id,
        fingerprint=status.fingerprint,
        verified_on=verified_on,
        method=method,
        note=(note or "").strip(),
        expires_on=expires_on,
        verified_by=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    audit_record(
        "exchange.key_verify",
        "authority",
        authority.id,
        {
            "fingerprint": status.fingerprint,
            "verified_on": verified_on.isoformat(),
            "method": method,
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
        actor=actor,
    )
    return row


def revoke_key(authority: Authority, actor: User, reason: str) -> KeyVerification:
    """Stop trusting the authority's current key (compromised, replaced…): imports are refused."""
    status = key_status(authority)
    if not (reason or "").strip():
        raise ExchangeError("invalid", "a reason is required", {"reason": "required"})
    if status.verification is None or status.state == "revoked":
        raise ExchangeError("invalid", "no trusted key to revoke", {"public_key": "not verified"})
    row = status.verification
    row.revoked_at = utcnow()
    row.revoked_by = actor.id
    row.revoked_reason = reason.strip()
    audit_record(
        "exchange.key_revoke",
        "authority",
        authority.id,
        {"fingerprint": status.fingerprint, "reason": row.revoked_reason},
        actor=actor,
    )
    db.session.flush()
    return row


def verifications_of(authority: Authority) -> list[KeyVerification]:
    return list(
        db.session.execute(
            select(KeyVerification)
            .where(KeyVerification.authority_id == authority.id)
            .order_by(KeyVerification.recorded_at.desc(), KeyVerification.id.desc())
        ).scalars()
    )
