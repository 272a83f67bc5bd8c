"""JSON API of the audit log for the auditor: search the entries, and whether the chain holds."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..api.routing import api_route
from ..auth.models import User
from ..schema_types import UtcDateTime
from .models import AuditEntry
from .search import AuditFilters, details_of, search_entries
from .verification import verify_chain


class AuditEntryOut(BaseModel):
    id: int = Field(description="the entry's row; names it before it is chained")
    seq: int | None = Field(
        description="its place in the chain; null for an instant after its commit, until the "
        "chaining pass that follows links it"
    )
    at: UtcDateTime
    actor_id: int | None
    actor_email: str | None
    action: str
    object_type: str | None
    object_id: str | None
    details: dict[str, Any]
    entry_hash: str | None = Field(description="the chain's hash at this entry; null until chained")
    key_id: str | None = Field(description="the audit key of the entry; null for a legacy entry")


class AuditListOut(BaseModel):
    items: list[AuditEntryOut]
    page: int
    per_page: int
    total: int
    has_next: bool


class CheckpointOut(BaseModel):
    seq: int
    hash: str
    at: str = Field(description="when it was signed (RFC 3339)")
    key_id: str
    public_key: str = Field(description="Ed25519 public key, base64")
    signature: str = Field(description="Ed25519 signature, base64")


class ChainStatusOut(BaseModel):
    ok: bool
    checked: int = Field(description="entries verified")
    first_broken_seq: int | None
    first_broken_id: int | None = Field(
        description="an entry that does not hold and has no seq: it could not be chained"
    )
    reason: str
    legacy_entries: int = Field(description="entries 1..n written before the chain was keyed")
    checkpoints_matched: int
    last_checkpoint: CheckpointOut | None
    pending: int = Field(description="entries committed after the chaining pass, not yet chained")


def entry_out(entry: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        id=entry.id,
        seq=entry.seq,
        at=entry.at,
        actor_id=entry.actor_id,
        actor_email=entry.actor_email,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        details=details_of(entry),
        entry_hash=entry.entry_hash,
        key_id=entry.key_id,
    )


@api_route(
    "/audit",
    summary="Search the audit log, newest first (auditor)",
    tag="audit",
    query=AuditFilters,
    response=AuditListOut,
    permission="audit.read",
    error_statuses=(422,),
)
def list_entries(user: User, query: AuditFilters) -> AuditListOut:
    page = search_entries(query)
    return AuditListOut(
        items=[entry_out(entry) for entry in page.items],
        page=page.page,
        per_page=page.per_page,
        total=page.total,
        has_next=page.has_next,
    )


@api_route(
    "/audit/verification",
    summary="Verify the audit chain against its keys and signed checkpoints (auditor)",
    tag="audit",
    response=ChainStatusOut,
    permission="audit.read",
)
def verification(user: User) -> ChainStatusOut:
    report = verify_chain()
    last = report.last_checkpoint
    return ChainStatusOut(
        ok=report.ok,
        checked=report.checked,
        first_broken_seq=report.first_broken_seq,
        first_broken_id=report.first_broken_id,
        reason=report.reason,
        legacy_entries=report.legacy,
        checkpoints_matched=report.checkpoints_matched,
        last_checkpoint=CheckpointOut(**last.as_json()) if last else None,
        pending=report.pending,
    )
