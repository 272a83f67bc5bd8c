"""The rules of the secure exchange: trusted keys, building and importing request packages,
signed status updates (receipts) and their effect on the outgoing case.

A package's payload is `u32 manifest length | manifest JSON | file bytes in manifest order`;
the manifest names the SHA-256 of every file. The payload is sealed by `crypto.seal` (X25519 +
HKDF + AES-256-GCM chunks, Ed25519 signature over the whole file). Importing checks, in order:
format, recipient, the sender's key in the directory (known, verified, not revoked or
expired), signature, decryption, manifest and digests, replay; only then is anything stored,
in one transaction. Every refusal is written to the audit log, and nothing else is kept.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..cases import service as cases
from ..cases import workflow
from ..cases.models import Case
from ..directory.models import Authority
from ..extensions import db
from ..forms.fieldspec import N_
from ..i18n import Phrase, phrase_columns
from . import crypto
from .models import VERIFICATION_METHODS, ExchangePackage, KeyVerification

MANIFEST_FORMAT = 1
OUTBOX_FOLDER = "exchange/outbox"
PACKAGE_SUFFIX = ".mlapkg"
MAX_MANIFEST = 8 * 1024 * 1024

#: Why a package is refused: code -> message (translated by the pages, plain in the CLI).
REFUSALS: dict[str, str] = {
    "not_a_package": N_("This file is not an mla_tool package."),
    "truncated": N_("The package is truncated: the file is incomplete."),
    "tampered": N_("The package has been altered: its content does not decrypt."),
    "malformed": N_("The package is malformed."),
    "unsupported": N_("This package format version is not supported."),
    "bad_signature": N_("The signature does not match: the package was altered or forged."),
    "wrong_recipient": N_("This package is addressed to another authority."),
    "unknown_sender": N_("The sender's key is not in the directory: nothing was imported."),
    "unverified_key": N_(
        "The sender's key has not been verified: compare its fingerprint with the sending "
        "authority and record the verification first."
    ),
    "revoked_key": N_("The sender's key has been revoked: nothing was imported."),
    "expired_key": N_("The verification of the sender's key has expired: verify it again."),
    "digest_mismatch": N_("A file of the package does not match its recorded SHA-256."),
    "replay": N_("This package has already been imported."),
    "unknown_request": N_("This status update answers no package sent from here."),
    "sender_mismatch": N_(
        "This status update does not come from the authority the request went to."
    ),
    "no_identity": N_("This installation has no exchange identity: run `mla-tool init`."),
    "not_allowed": N_("Your role may not register an incoming request."),
    "role_not_allowed": N_("Your role may not mark this case as transmitted."),
    "no_access": N_("You are not on the case this status update belongs to."),
}

#: Status updates the receiver may send: code -> (label, outgoing status it leads to, reason?).
STATUS_UPDATES: dict[str, tuple[str, str | None, bool]] = {
    "received": (N_("Received"), None, False),
    "in_execution": (N_("In execution"), "in_execution", False),
    "info_requested": (N_("Information requested"), "info_requested", True),
    "executed": (N_("Executed"), "executed", False),
    "refused": (N_("Refused"), "refused", True),
}

#: Outgoing-case statuses from which a request may be transmitted (again).
TRANSMITTABLE_STATUSES: frozenset[str] = frozenset({"approved", "transmitted"})


#: Why a status update cannot be signed (shown translated on the pages).
STATUS_UPDATE_ERRORS: dict[str, str] = {
    "reason": N_("This status update needs a reason."),
    "not_exchanged": N_("This case did not come through the secure exchange."),
    "key_changed": N_("The sender's key has changed since the request came."),
    "workflow": N_(
        "The case cannot move to the status reported from where it is now: follow its workflow "
        "(for example, under review before refused, in execution before executed)."
    ),
}


class ExchangeError(ValueError):
    """A refused exchange operation: `code` (see REFUSALS), a message and messages by field."""

    def __init__(self, code: str, message: str | None = None, fields: dict[str, str] | None = None):
        super().__init__(message or REFUSALS.get(code, code))
        self.code = code
        self.message = message or REFUSALS.get(code, code)
        self.fields = fields or {}


# ---------------------------------------------------------------------------------------------
# This installation's identity


def identity_path() -> Path:
    return Path(current_app.config["MLA_EXCHANGE_KEY_FILE"])


def own_identity() -> crypto.ExchangeIdentity:
    path = identity_path()
    if not path.exists():
        raise ExchangeError("no_identity")
    return crypto.load_identity(path)


def data_dir() -> Path:
    return Path(current_app.config["MLA_DATA_DIR"])


def max_package_bytes() -> int:
    """The largest package accepted (MLA_MAX_PACKAGE_BYTES, else the upload limit, else 1 GiB)."""
    value = current_app.config.get("MLA_MAX_PACKAGE_BYTES") or current_app.config.get(
        "MAX_CONTENT_LENGTH"
    )
    return int(value) if value else 1024**3


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------------------------------------
# Keys of other authorities and their verification


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
    if latest.expires_on is not None and latest.expires_on < (on or cases.today()):
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
    if verified_on > cases.today():
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


# ---------------------------------------------------------------------------------------------
# Payload: manifest and files


@dataclass
class PackageFile:
    name: str
    content: bytes
    role: str  # request_document | attachment
    content_type: str = "application/octet-stream"
    request_id: int | None = None
    language: str | None = None

    def entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "content_type": self.content_type,
            "request_id": self.request_id,
            "language": self.language,
            "size": len(self.content),
            "sha256": hashlib.sha256(self.content).hexdigest(),
        }


def encode_payload(manifest: dict[str, Any], files: list[PackageFile]) -> bytes:
    manifest = {**manifest, "files": [item.entry() for item in files]}
    raw = json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode()
    return struct.pack(">I", len(raw)) + raw + b"".join(item.content for item in files)


def decode_payload(payload: bytes) -> tuple[dict[str, Any], list[tuple[dict[str, Any], bytes]]]:
    """Manifest and (entry, bytes) of every file; ExchangeError when a digest does not match."""
    if len(payload) < 4:
        raise ExchangeError("malformed")
    (length,) = struct.unpack(">I", payload[:4])
    if length > MAX_MANIFEST or 4 + length > len(payload):
        raise ExchangeError("malformed")
    try:
        manifest = json.loads(payload[4 : 4 + length])
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExchangeError("malformed") from error
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise ExchangeError("unsupported")
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise ExchangeError("malformed")
    position = 4 + length
    files: list[tuple[dict[str, Any], bytes]] = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("size"), int):
            raise ExchangeError("malformed")
        content = payload[position : position + entry["size"]]
        position += entry["size"]
        if len(content) != entry["size"]:
            raise ExchangeError("digest_mismatch")
        if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
            raise ExchangeError(
                "digest_mismatch", f"{entry.get('name')!r} does not match its recorded SHA-256"
            )
        files.append((entry, content))
    if position != len(payload):
        raise ExchangeError("digest_mismatch", "the package holds bytes no manifest entry names")
    return manifest, files


# ---------------------------------------------------------------------------------------------
# Sealing and keeping sent packages


def _seal_to(
    recipient: crypto.PublicBundle, payload: bytes, header: dict[str, Any]
) -> tuple[bytes, str]:
    out = io.BytesIO()
    digest = crypto.seal(io.BytesIO(payload), out, own_identity(), recipient, header)
    return out.getvalue(), digest


def _write_outbox(package_id: str, sealed: bytes) -> str:
    """Keep the sealed file (only the recipient can open it) for download; returns its path."""
    relative = f"{OUTBOX_FOLDER}/{package_id}{PACKAGE_SUFFIX}"
    target = data_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(sealed)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return relative


def sealed_file(package: ExchangePackage) -> Path | None:
    if not package.storage_path:
        return None
    path = data_dir() / package.storage_path
    return path if path.is_file() else None


def package_filename(package: ExchangePackage) -> str:
    return f"{package.type}-{package.package_id}{PACKAGE_SUFFIX}"


# ---------------------------------------------------------------------------------------------
# Transmitting an outgoing request


def _requests_of(case: Case) -> list[Any]:
    from ..forms.models import MlaRequest

    return list(
        db.session.execute(
            select(MlaRequest).where(MlaRequest.case_id == case.id).order_by(MlaRequest.id)
        ).scalars()
    )


def recipient_choices(case: Case) -> list[tuple[Authority, KeyStatus]]:
    """Authorities of the counterpart state with a key, the request's addressee first."""
    requested = {r.requested_authority_id for r in _requests_of(case)}
    rows = [
        (a, key_status(a))
        for a in authorities_with_keys()
        if a.country_iso3 == case.counterpart_state or a.id in requested
    ]
    return sorted(rows, key=lambda row: (row[0].id not in requested, row[0].name))


def default_languages(case: Case) -> list[str]:
    from ..forms.documents import DOCUMENT_LANGUAGES

    languages = [r.language for r in _requests_of(case) if r.language in DOCUMENT_LANGUAGES]
    return list(dict.fromkeys(languages)) or ["en"]


def transmittable(case: Case) -> bool:
    """An approved (or already sent) outgoing case that holds a request to seal."""
    return (
        case.direction == "outgoing"
        and case.status in TRANSMITTABLE_STATUSES
        and bool(_requests_of(case))
    )


def transmit_case(
    case: Case,
    actor: User,
    *,
    recipient_id: int | None = None,
    languages: list[str] | None = None,
    attachment_ids: list[int] | None = None,
    note: str | None = None,
) -> ExchangePackage:
    """Build, seal and keep the package of an approved outgoing case; the case records it.

    The caller has checked permission and case access; the caller commits. The sealed file
    is written before the commit and removed again when the transaction fails.
    """
    from ..forms.documents import DOCUMENT_LANGUAGES, is_draft, render_pdf
    from ..forms.service import document_of
    from ..vault.service import get_attachment, read_plaintext

    if case.direction != "outgoing" or case.status not in TRANSMITTABLE_STATUSES:
        raise ExchangeError(
            "invalid",
            "only an approved outgoing case can be transmitted",
            {"status": case.status},
        )
    requests = _requests_of(case)
    if not requests:
        raise ExchangeError(
            "invalid", "the case holds no request to transmit", {"requests": "none"}
        )
    if recipient_id is None:
        recipient_id = next(
            (r.requested_authority_id for r in requests if r.requested_authority_id), None
        )
    authority = db.session.get(Authority, recipient_id) if recipient_id else None
    if authority is None or authority.retired:
        raise ExchangeError("invalid", "choose the authority to send to", {"recipient": "required"})
    status = key_status(authority)
    if status.state != "verified" or status.bundle is None:
        code = {"revoked": "revoked_key", "expired": "expired_key"}.get(
            status.state, "unverified_key"
        )
        raise ExchangeError(
            code,
            "the recipient's key is not verified: record its fingerprint verification first"
            if code == "unverified_key"
            else REFUSALS[code],
            {"recipient": status.state},
        )
    languages = [lang for lang in (languages or default_languages(case)) if lang]
    bad = [lang for lang in languages if lang not in DOCUMENT_LANGUAGES]
    if bad or not languages:
        raise ExchangeError("invalid", "unknown document language", {"languages": ", ".join(bad)})
    identity = own_identity()
    package_id = crypto.random_package_id()
    files: list[PackageFile] = []
    manifest_requests = []
    for request in requests:
        document = document_of(request)
        manifest_requests.append(
            {
                "id": request.id,
                "kind": request.kind,
                "language": request.language,
                "reference": request.reference,
                "version": request.version,
                "document": document,
            }
        )
        for language in dict.fromkeys(languages):
            files.append(
                PackageFile(
                    name=f"request-{request.id}-{language}.pdf",
                    content=render_pdf(request.id, document, language, is_draft(request.status)),
                    role="request_document",
                    content_type="application/pdf",
                    request_id=request.id,
                    language=language,
                )
            )
    chosen = []
    for attachment_id in dict.fromkeys(attachment_ids or []):
        try:
            attachment = get_attachment(case, attachment_id)
        except Exception as error:
            raise ExchangeError(
                "invalid", "no such attachment on this case", {"attachments": str(attachment_id)}
            ) from error
        chosen.append(attachment)
        files.append(
            PackageFile(
                name=attachment.filename,
                content=read_plaintext(attachment),
                role="attachment",
                content_type=attachment.content_type,
            )
        )
    first = requests[0]
    manifest = {
        "format": MANIFEST_FORMAT,
        "type": "request",
        "package_id": package_id,
        "created_at": now_iso(),
        "sender": {
            "fingerprint": identity.public.fingerprint,
            "country": first.requesting_state or actor.country_iso3,
            "authority": dict((first.data or {}).get("requesting_authority") or {}),
            "case_id": case.id,
        },
        "recipient": {
            "fingerprint": status.fingerprint,
            "country": authority.country_iso3,
            "name": authority.name,
            "directory_id": authority.id,
        },
        "case": {
            "reference": case.reference,
            "kind": case.kind,
            "title": case.title,
            "confidential": bool(case.confidential),
            "due_date": case.due_date.isoformat() if case.due_date else None,
        },
        "requests": manifest_requests,
    }
    payload = encode_payload(manifest, files)
    sealed, digest = _seal_to(status.bundle, payload, {"type": "request", "package_id": package_id})
    storage = _write_outbox(package_id, sealed)
    try:
        summary = {
            "recipient": authority.name,
            "files": [item.entry() for item in files],
            "languages": languages,
            "request_ids": [r.id for r in requests],
            "attachment_ids": [a.id for a in chosen],
            "size": len(sealed),
        }
        package = ExchangePackage(
            package_id=package_id,
            direction="sent",
            type="request",
            digest=digest,
            case_id=case.id,
            authority_id=authority.id,
            counterpart_fingerprint=status.fingerprint,
            summary=summary,
            storage_path=storage,
            actor_id=actor.id,
        )
        db.session.add(package)
        db.session.flush()
        cases.add_event(
            case,
            "exchange",
            actor,
            note=(note or "").strip() or None,
            details={
                "action": "sent",
                "package_id": package_id,
                "digest": digest,
                "recipient": authority.name,
                "recipient_id": authority.id,
                "recipient_fingerprint": status.fingerprint,
                "files": [f"{item.name} ({item.entry()['sha256'][:12]}…)" for item in files],
            },
        )
        if case.status == "approved":
            try:
                cases.transition(
                    case,
                    "transmitted",
                    actor,
                    note=Phrase(
                        N_("secure exchange package %(package)s to %(recipient)s"),
                        package=package_id,
                        recipient=authority.name,
                    ),
                    details={"package_id": package_id, "digest": digest},
                )
            except cases.TransitionError as error:
                raise ExchangeError("role_not_allowed", error.message) from error
        audit_record(
            "exchange.send",
            "case",
            case.id,
            {
                "package_id": package_id,
                "digest": digest,
                "recipient_id": authority.id,
                "recipient_fingerprint": status.fingerprint,
                "files": len(files),
            },
            actor=actor,
        )
        db.session.flush()
    except BaseException:
        (data_dir() / storage).unlink(missing_ok=True)
        raise
    return package


# ---------------------------------------------------------------------------------------------
# Importing


@dataclass
class ImportResult:
    type: str
    case: Case
    package: ExchangePackage
    attachments: list[Any] = field(default_factory=list)
    moved_to: list[str] = field(default_factory=list)


def _refuse(code: str, actor: User | None, context: dict[str, Any], message: str | None = None):
    """Roll back whatever was begun, keep only the audit entry of the refusal, and raise."""
    db.session.rollback()
    error = ExchangeError(code, message)
    audit_record(
        "exchange.refused",
        "exchange_package",
        context.get("package_id"),
        {"code": code, "message": error.message, **context},
        actor=actor,
    )
    db.session.commit()
    return error


def _already_received(package_id: str, digest: str) -> bool:
    """Whether a package with this id or these bytes was imported here before."""
    seen = db.session.execute(
        select(ExchangePackage.id).where(
            ExchangePackage.direction == "received",
            or_(ExchangePackage.package_id == package_id, ExchangePackage.digest == digest),
        )
    ).first()
    return seen is not None


def import_package(data: bytes, actor: User, filename: str | None = None) -> ImportResult:
    """Check and import a request package or a status update; commits on success.

    Every refusal raises ExchangeError after committing only its audit entry.
    """
    digest = hashlib.sha256(data).hexdigest()
    context: dict[str, Any] = {"digest": digest, "size": len(data), "filename": filename or ""}
    try:
        identity = own_identity()
    except ExchangeError as error:
        raise _refuse(error.code, actor, context) from error
    try:
        header = crypto.read_header(io.BytesIO(data))
    except crypto.PackageError as error:
        raise _refuse(error.code, actor, context) from error
    header.pop("_raw", None)
    context.update(
        {
            "package_id": str(header.get("package_id") or "")[:40] or None,
            "type": str(header.get("type") or "")[:20],
            "sender_fingerprint": str(header.get("sender"))[:60],
        }
    )
    if header.get("recipient") != identity.public.fingerprint:
        raise _refuse("wrong_recipient", actor, context)
    authority, status = authority_for_fingerprint(str(header.get("sender")))
    if authority is None:
        raise _refuse("unknown_sender", actor, context)
    context["authority_id"] = authority.id
    if status.state != "verified":
        code = {"revoked": "revoked_key", "expired": "expired_key"}.get(status.state)
        raise _refuse(code or "unverified_key", actor, context)
    trusted = status.bundle
    try:
        opened = crypto.open_package(
            data, identity, lambda fp: trusted if fp == status.fingerprint else None
        )
    except crypto.PackageError as error:
        raise _refuse(error.code, actor, context) from error
    try:
        manifest, files = decode_payload(opened.payload)
    except ExchangeError as error:
        raise _refuse(error.code, actor, context, error.message) from error
    if (
        manifest.get("package_id") != header.get("package_id")
        or manifest.get("type") != header.get("type")
        or (manifest.get("sender") or {}).get("fingerprint") != status.fingerprint
        or (manifest.get("recipient") or {}).get("fingerprint") != identity.public.fingerprint
    ):
        raise _refuse("malformed", actor, context, "the manifest and the sealed header disagree")
    if _already_received(manifest["package_id"], digest):
        raise _refuse("replay", actor, context)
    created: list[Any] = []
    try:
        if manifest["type"] == "request":
            result = _import_request(manifest, files, authority, status, digest, actor, created)
        elif manifest["type"] == "status":
            result = _import_status(manifest, authority, status, digest, actor)
        else:
            raise ExchangeError("unsupported")
        db.session.commit()
    except ExchangeError as error:
        for item in created:
            item.discard()
        raise _refuse(error.code, actor, context, error.message) from error
    except IntegrityError:
        # the same package imported at the same moment by another request that committed first:
        # the unique package id (or digest) refused this copy, which is a replay
        db.session.rollback()
        for item in created:
            item.discard()
        if not _already_received(manifest["package_id"], digest):
            raise
        raise _refuse("replay", actor, context) from None
    except BaseException:
        db.session.rollback()
        for item in created:
            item.discard()
        raise
    for item in created:
        item.close()
    return result


def _store_file(
    case: Case, actor: User, name: str, content: bytes, package_id: str, created: list[Any]
) -> Any:
    """An attachment from a package, encrypted into the vault like an upload (no commit)."""
    from ..vault import crypto as vault_crypto
    from ..vault.models import Attachment, CustodyEntry
    from ..vault.service import (
        ATTACHMENT_NOTES,
        INCOMING_FOLDER,
        attachments_dir,
        keyring,
        storage_path_for,
    )
    from ..vault.uploads import EncryptingTemporaryFile, sanitise_filename

    incoming = EncryptingTemporaryFile(attachments_dir() / INCOMING_FOLDER, None, name)
    created.append(incoming)
    incoming.write(content)
    size, sha256 = incoming.finish()
    key_id, wrapped = vault_crypto.wrap_data_key(keyring(), incoming.data_key, incoming.uid)
    attachment = Attachment(
        uid=incoming.uid,
        case_id=case.id,
        filename=sanitise_filename(name),
        content_type=incoming.sniff_content_type(),
        size=size,
        sha256=sha256,
        key_id=key_id,
        wrapped_key=wrapped,
        storage_path=storage_path_for(incoming.uid),
        uploaded_by=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    db.session.add(
        CustodyEntry(
            attachment_id=attachment.id,
            action="upload",
            user_id=actor.id,
            detail=f"secure exchange package {package_id}",
        )
    )
    details = {
        "action": "attachment.upload",
        "attachment_id": attachment.id,
        "filename": attachment.filename,
        "size": size,
        "sha256": sha256,
        "package_id": package_id,
    }
    cases.add_event(
        case,
        "attachment",
        actor,
        note=Phrase(ATTACHMENT_NOTES["attachment.upload"], file=attachment.filename),
        details=details,
    )
    audit_record("attachment.upload", "attachment", attachment.id, details, actor=actor)
    incoming.link_into(data_dir() / attachment.storage_path)
    return attachment


def _import_request(
    manifest: dict[str, Any],
    files: list[tuple[dict[str, Any], bytes]],
    authority: Authority,
    status: KeyStatus,
    digest: str,
    actor: User,
    created: list[Any],
) -> ImportResult:
    from ..forms.models import MlaRequest, RequestVersion
    from ..forms.service import validate_document

    if not actor.may("case.register_incoming"):
        raise ExchangeError("not_allowed")
    case_info = manifest.get("case") or {}
    requests = manifest.get("requests") or []
    if not requests or not isinstance(requests, list):
        raise ExchangeError("malformed", "the package holds no request")
    documents = []
    for item in requests:
        document = dict((item or {}).get("document") or {})
        # The sender's directory ids mean nothing here: the addressee is this installation.
        document.pop("requested_authority", None)
        try:
            documents.append((item, validate_document(document)))
        except Exception as error:
            raise ExchangeError("malformed", f"the request data is not valid: {error}") from error
    first = documents[0][1]
    # The other state is the one whose verified key signed the package, not what it declares.
    counterpart = authority.country_iso3
    respond_by = (first.get("urgent") or {}).get("respond_by") or case_info.get("due_date")
    try:
        due_date = date.fromisoformat(str(respond_by)) if respond_by else None
    except ValueError:
        due_date = None
    try:
        case = cases.open_case(
            direction="incoming",
            kind=str(case_info.get("kind") or first["kind"]),
            counterpart_state=str(counterpart),
            title=str(case_info.get("title") or first.get("subject") or "Incoming request")[:300],
            actor=actor,
            reference=(str(case_info.get("reference") or first.get("reference") or "")[:120])
            or None,
            confidential=bool(case_info.get("confidential")),
            due_date=due_date,
        )
    except cases.CaseError as error:
        raise ExchangeError(
            "malformed", f"the case could not be opened: {error.message}"
        ) from error
    package_id = manifest["package_id"]
    for _item, document in documents:
        request = MlaRequest(
            owner_id=actor.id,
            status="transmitted",
            case_id=case.id,
            kind=document["kind"],
            language=document.get("language"),
            requesting_state=document.get("requesting_state"),
            requested_state=document.get("requested_state"),
            requested_authority_id=None,
            reference=document.get("reference"),
            data=document,
            version=1,
        )
        db.session.add(request)
        db.session.flush()
        db.session.add(
            RequestVersion(
                request_id=request.id,
                number=1,
                data=document,
                saved_by=actor.id,
                **phrase_columns(
                    Phrase(N_("received in package %(package)s"), package=str(package_id)[:150]),
                    "note",
                ),
            )
        )
    stored = [
        _store_file(case, actor, str(entry.get("name") or "file"), content, package_id, created)
        for entry, content in files
    ]
    package = ExchangePackage(
        package_id=package_id,
        direction="received",
        type="request",
        digest=digest,
        case_id=case.id,
        authority_id=authority.id,
        counterpart_fingerprint=status.fingerprint,
        summary={
            "sender": authority.name,
            "sender_case_id": (manifest.get("sender") or {}).get("case_id"),
            "created_at": manifest.get("created_at"),
            "files": [entry for entry, _ in files],
        },
        actor_id=actor.id,
    )
    db.session.add(package)
    db.session.flush()
    cases.add_event(
        case,
        "exchange",
        actor,
        details={
            "action": "received",
            "package_id": package_id,
            "digest": digest,
            "sender": authority.name,
            "sender_id": authority.id,
            "sender_fingerprint": status.fingerprint,
            "created_at": manifest.get("created_at"),
            "files": [
                f"{entry.get('name')} ({str(entry.get('sha256'))[:12]}…)" for entry, _ in files
            ],
        },
    )
    audit_record(
        "exchange.import",
        "case",
        case.id,
        {
            "package_id": package_id,
            "digest": digest,
            "sender_id": authority.id,
            "sender_fingerprint": status.fingerprint,
            "type": "request",
            "files": len(files),
        },
        actor=actor,
    )
    db.session.flush()
    return ImportResult("request", case, package, stored)


# ---------------------------------------------------------------------------------------------
# Status updates (receipts): exported by the receiver, imported by the sender


def received_request_of(case: Case) -> ExchangePackage | None:
    return db.session.execute(
        select(ExchangePackage)
        .where(
            ExchangePackage.case_id == case.id,
            ExchangePackage.direction == "received",
            ExchangePackage.type == "request",
        )
        .order_by(ExchangePackage.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def export_status(
    case: Case, actor: User, status: str, reason: str | None = None
) -> ExchangePackage:
    """A signed, sealed status update on an incoming case for the authority that sent it."""
    if status not in STATUS_UPDATES:
        raise ExchangeError("invalid", "unknown status", {"status": ", ".join(STATUS_UPDATES)})
    _, local_status, reason_required = STATUS_UPDATES[status]
    reason = (reason or "").strip()
    if reason_required and not reason:
        raise ExchangeError("invalid", STATUS_UPDATE_ERRORS["reason"], {"reason": "required"})
    original = received_request_of(case)
    if original is None:
        raise ExchangeError("invalid", STATUS_UPDATE_ERRORS["not_exchanged"])
    authority = db.session.get(Authority, original.authority_id) if original.authority_id else None
    key = key_status(authority) if authority is not None else KeyStatus("none")
    if key.fingerprint != original.counterpart_fingerprint or key.bundle is None:
        raise ExchangeError("invalid", STATUS_UPDATE_ERRORS["key_changed"])
    if key.state != "verified":
        raise ExchangeError(
            {"revoked": "revoked_key", "expired": "expired_key"}.get(key.state, "unverified_key")
        )
    if local_status is not None and case.status != local_status:
        # What is reported is what the case here says: the update moves it, as its workflow allows.
        try:
            cases.transition(case, local_status, actor, note=reason or None)
        except cases.TransitionError as error:
            raise ExchangeError(
                "invalid",
                STATUS_UPDATE_ERRORS["workflow"],
                {"status": f"{case.status} -> {local_status}: {error.message}"},
            ) from error
    identity = own_identity()
    package_id = crypto.random_package_id()
    manifest = {
        "format": MANIFEST_FORMAT,
        "type": "status",
        "package_id": package_id,
        "created_at": now_iso(),
        "in_reply_to": original.package_id,
        "request_digest": original.digest,
        "status": status,
        "reason": reason,
        "sender": {"fingerprint": identity.public.fingerprint, "case_reference": case.reference},
        "recipient": {"fingerprint": key.fingerprint},
    }
    sealed, digest = _seal_to(
        key.bundle, encode_payload(manifest, []), {"type": "status", "package_id": package_id}
    )
    storage = _write_outbox(package_id, sealed)
    try:
        package = ExchangePackage(
            package_id=package_id,
            direction="sent",
            type="status",
            digest=digest,
            case_id=case.id,
            authority_id=original.authority_id,
            counterpart_fingerprint=key.fingerprint,
            in_reply_to=original.package_id,
            status=status,
            summary={"reason": reason, "recipient": authority.name if authority else ""},
            storage_path=storage,
            actor_id=actor.id,
        )
        db.session.add(package)
        db.session.flush()
        cases.add_event(
            case,
            "exchange",
            actor,
            note=reason or None,
            details={
                "action": "status_sent",
                "status": status,
                "package_id": package_id,
                "in_reply_to": original.package_id,
                "digest": digest,
            },
        )
        audit_record(
            "exchange.status_export",
            "case",
            case.id,
            {"package_id": package_id, "status": status, "in_reply_to": original.package_id},
            actor=actor,
        )
        db.session.flush()
    except BaseException:
        (data_dir() / storage).unlink(missing_ok=True)
        raise
    return package


def _status_path(case: Case, target: str, actor: User) -> list[str] | None:
    """The shortest chain of workflow moves (open to this role, never a withdrawal) to `target`."""
    if case.status == target:
        return []
    queue: deque[tuple[str, list[str]]] = deque([(case.status, [])])
    seen = {case.status}
    while queue:
        current, path = queue.popleft()
        for rule in workflow.transitions_from(case.direction, current):
            if (
                rule.to_status in seen
                or rule.to_status == "withdrawn"
                or actor.role not in rule.roles
            ):
                continue
            step = [*path, rule.to_status]
            if rule.to_status == target:
                return step
            seen.add(rule.to_status)
            queue.append((rule.to_status, step))
    return None


def _import_status(
    manifest: dict[str, Any],
    authority: Authority,
    status: KeyStatus,
    digest: str,
    actor: User,
) -> ImportResult:
    original = db.session.execute(
        select(ExchangePackage).where(
            ExchangePackage.direction == "sent",
            ExchangePackage.type == "request",
            ExchangePackage.package_id == str(manifest.get("in_reply_to") or ""),
        )
    ).scalar_one_or_none()
    if original is None or original.case_id is None:
        raise ExchangeError("unknown_request")
    if original.counterpart_fingerprint != status.fingerprint:
        raise ExchangeError("sender_mismatch")
    case = db.session.get(Case, original.case_id)
    if case is None or not cases.can_access(actor, case):
        raise ExchangeError("no_access")
    code = str(manifest.get("status") or "")
    if code not in STATUS_UPDATES:
        raise ExchangeError("malformed", f"unknown status {code!r}")
    reason = str(manifest.get("reason") or "").strip()
    label, target, reason_required = STATUS_UPDATES[code]
    if reason_required and not reason:
        raise ExchangeError("malformed", "the status update gives no reason")
    moved: list[str] = []
    note = f"{authority.name}: {label}" + (f" — {reason}" if reason else "")
    path = _status_path(case, target, actor) if target else []
    if path:
        for step in path:
            cases.transition(
                case,
                step,
                actor,
                note=note[:2000],
                details={"package_id": manifest["package_id"], "status_update": code},
            )
            moved.append(step)
    package = ExchangePackage(
        package_id=manifest["package_id"],
        direction="received",
        type="status",
        digest=digest,
        case_id=case.id,
        authority_id=authority.id,
        counterpart_fingerprint=status.fingerprint,
        in_reply_to=original.package_id,
        status=code,
        summary={
            "sender": authority.name,
            "reason": reason,
            "created_at": manifest.get("created_at"),
            "moved_to": moved,
        },
        actor_id=actor.id,
    )
    db.session.add(package)
    db.session.flush()
    cases.add_event(
        case,
        "exchange",
        actor,
        note=reason or None,
        details={
            "action": "status_received",
            "status": code,
            "package_id": manifest["package_id"],
            "in_reply_to": original.package_id,
            "digest": digest,
            "sender": authority.name,
            "created_at": manifest.get("created_at"),
            "case_status_followed": path is not None,
            "moved_to": moved,
        },
    )
    audit_record(
        "exchange.import",
        "case",
        case.id,
        {
            "package_id": manifest["package_id"],
            "digest": digest,
            "sender_id": authority.id,
            "type": "status",
            "status": code,
            "moved_to": moved,
        },
        actor=actor,
    )
    db.session.flush()
    return ImportResult("status", case, package, moved_to=moved)


# ---------------------------------------------------------------------------------------------
# Listing


def packages_of(case: Case) -> list[ExchangePackage]:
    return list(
        db.session.execute(
            select(ExchangePackage)
            .where(ExchangePackage.case_id == case.id)
            .order_by(ExchangePackage.at.desc(), ExchangePackage.id.desc())
        ).scalars()
    )


def get_package_for(user: User, package_id: int) -> ExchangePackage:
    """A package of a case the user may see; NotFound otherwise."""
    from werkzeug.exceptions import NotFound

    package = db.session.get(ExchangePackage, package_id)
    if package is None or package.case_id is None:
        raise NotFound()
    cases.get_case_for(user, package.case_id)
    return package


def recent_packages(user: User, limit: int = 50) -> list[ExchangePackage]:
    visible = select(Case.id).where(cases.accessible_clause(user))
    return list(
        db.session.execute(
            select(ExchangePackage)
            .where(ExchangePackage.case_id.in_(visible))
            .order_by(ExchangePackage.at.desc(), ExchangePackage.id.desc())
            .limit(limit)
        ).scalars()
    )
