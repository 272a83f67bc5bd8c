"""Status updates (receipts): exported by the receiver, imported by the sender, moving the case."""

from __future__ import annotations

from collections import deque
from typing import Any

from sqlalchemy import select

from ..audit.service import record as audit_record
from ..auth.models import User
from ..cases import workflow
from ..cases.access import can_access
from ..cases.errors import TransitionError
from ..cases.models import Case
from ..cases.timeline import add_event
from ..cases.transitions import transition
from ..directory.models import Authority
from ..extensions import db
from ..forms.fieldspec import N_
from . import crypto
from .identity import data_dir, now_iso, own_identity
from .models import ExchangePackage
from .package import MANIFEST_FORMAT, encode_payload, seal_to, write_outbox
from .refusals import STATUS_UPDATE_ERRORS, ExchangeError
from .trust import KeyStatus, key_status

#: Status updates the receiver may send: code -> (label, outgoing status it leads to, reason?).
STATUS_UPDATES: dict[str, tuple[str, str | None, bool]] = {
    "received": (N_("Received"), None, False),
    "in_execution": (N_("In execution"), "in_execution", False),
    "info_requested": (N_("Information requested"), "info_requested", True),
    "executed": (N_("Executed"), "executed", False),
    "refused": (N_("Refused"), "refused", True),
}


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
            transition(case, local_status, actor, note=reason or None)
        except TransitionError as error:
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
    sealed, digest = seal_to(
        key.bundle, encode_payload(manifest, []), {"type": "status", "package_id": package_id}
    )
    storage = write_outbox(package_id, sealed)
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
        add_event(
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


def import_status(
    manifest: dict[str, Any],
    authority: Authority,
    status: KeyStatus,
    digest: str,
    actor: User,
) -> tuple[Case, ExchangePackage, list[str]]:
    """Apply a status update to the outgoing case it answers: the case, package row and moves."""
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
    if case is None or not can_access(actor, case):
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
            transition(
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
    add_event(
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
    return case, package, moved
