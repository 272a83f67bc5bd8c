"""Importing a package: every check in order, then the request or status update it holds.

Importing checks, in order: format, recipient, the sender's key in the directory (known,
verified, not revoked or expired), signature, decryption, manifest and digests, replay; only
then is anything stored, in one transaction. Every refusal is written to the audit log, and
nothing else is kept.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..audit.service import record as audit_record
from ..auth.models import User
from ..cases.models import Case
from ..extensions import db
from . import crypto
from .identity import own_identity
from .incoming_request import import_request
from .models import ExchangePackage
from .package import decode_payload
from .refusals import ExchangeError
from .status import import_status
from .trust import authority_for_fingerprint


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
            case, package, stored = import_request(
                manifest, files, authority, status, digest, actor, created
            )
            result = ImportResult("request", case, package, stored)
        elif manifest["type"] == "status":
            case, package, moved = import_status(manifest, authority, status, digest, actor)
            result = ImportResult("status", case, package, moved_to=moved)
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
