"""Versioned records of the directory: which fields a version keeps, snapshots, history, diffs."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from ..auth.models import utcnow
from ..extensions import db
from .errors import DirectoryError
from .models import DirectoryVersion

#: The fields of an entry that its versions snapshot (and that restore writes back).
AUTHORITY_FIELDS: tuple[str, ...] = (
    "external_id",
    "country_iso3",
    "functions",
    "name",
    "name_en",
    "name_ar",
    "parent_body",
    "languages",
    "channels",
    "urgent_by_email",
    "urgent_by_interpol",
    "address",
    "email",
    "phone",
    "fax",
    "website",
    "contact_persons",
    "office_hours",
    "timezone",
    "requirements",
    "notes",
    "legal_texts",
    "verified_on",
    "source",
    "public_key",
    "retired",
    "is_sample",
)
PARTICIPATION_FIELDS = (
    "state_iso3",
    "status",
    "signature_date",
    "consent_date",
    "consent_type",
    "source",
    "data_as_of",
    "origin",
)
DECLARATION_FIELDS = (
    "state_iso3",
    "central_authority",
    "languages_text",
    "languages",
    "legal_basis_extradition",
    "reservation_disputes",
    "source",
    "quote",
    "origin",
)
INSTRUMENT_FIELDS = (
    "code",
    "name_en",
    "name_ar",
    "name_fr",
    "name_es",
    "short_name",
    "kind",
    "region",
    "priority",
    "articles",
    "scope",
    "adopted",
    "entry_into_force",
    "depositary",
    "source",
    "participation_known",
    "origin",
    "notes",
)
SNAPSHOT_FIELDS = {
    "authority": AUTHORITY_FIELDS,
    "participation": PARTICIPATION_FIELDS,
    "declaration": DECLARATION_FIELDS,
    "instrument": INSTRUMENT_FIELDS,
}


def plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def snapshot(object_type: str, record: Any) -> dict[str, Any]:
    """The JSON-ready state of a record: what a version keeps."""
    return {name: plain(getattr(record, name)) for name in SNAPSHOT_FIELDS[object_type]}


def _last_version(object_type: str, object_id: int) -> DirectoryVersion | None:
    return db.session.execute(
        select(DirectoryVersion)
        .where(DirectoryVersion.object_type == object_type, DirectoryVersion.object_id == object_id)
        .order_by(DirectoryVersion.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def add_version(
    object_type: str, record: Any, action: str, actor: Any = None, note: str = ""
) -> DirectoryVersion:
    data = snapshot(object_type, record)
    previous = _last_version(object_type, record.id) if record.version > 1 else None
    changed = (
        sorted(name for name in data if previous.snapshot.get(name) != data[name])
        if previous is not None
        else sorted(name for name, value in data.items() if value not in ("", None, [], {}))
    )
    version = DirectoryVersion(
        object_type=object_type,
        object_id=record.id,
        version=record.version,
        action=action,
        snapshot=data,
        changed_fields=changed,
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        note=note,
        at=utcnow(),
    )
    db.session.add(version)
    return version


def record_reference_version(object_type: str, record: Any, action: str) -> None:
    """A version for a row (re)loaded from the packaged reference data."""
    if record.id is None:
        db.session.flush()
    previous = _last_version(object_type, record.id)
    if previous is not None:
        record.version = previous.version + 1
    add_version(object_type, record, action, note="packaged reference data")


def record_first_reference_versions(records: list[tuple[str, Any]]) -> None:
    """`record_reference_version` for many flushed records, with one query per type and 500
    records (rather than one each) to find the records that already have a history."""
    with_history: set[tuple[str, int]] = set()
    for object_type in {object_type for object_type, _record in records}:
        ids = [record.id for kind, record in records if kind == object_type]
        for start in range(0, len(ids), 500):
            found = db.session.execute(
                select(DirectoryVersion.object_id)
                .where(
                    DirectoryVersion.object_type == object_type,
                    DirectoryVersion.object_id.in_(ids[start : start + 500]),
                )
                .distinct()
            ).scalars()
            with_history.update((object_type, object_id) for object_id in found)
    for object_type, record in records:
        if (object_type, record.id) in with_history:
            record_reference_version(object_type, record, "reference")
        else:
            add_version(object_type, record, "reference", note="packaged reference data")


def history(object_type: str, object_id: int) -> list[DirectoryVersion]:
    """Every version of a record, newest first."""
    return list(
        db.session.execute(
            select(DirectoryVersion)
            .where(
                DirectoryVersion.object_type == object_type,
                DirectoryVersion.object_id == object_id,
            )
            .order_by(DirectoryVersion.version.desc())
        ).scalars()
    )


def get_version(object_type: str, object_id: int, version: int) -> DirectoryVersion:
    found = db.session.execute(
        select(DirectoryVersion).where(
            DirectoryVersion.object_type == object_type,
            DirectoryVersion.object_id == object_id,
            DirectoryVersion.version == version,
        )
    ).scalar_one_or_none()
    if found is None:
        raise DirectoryError(f"no version {version}", status=404)
    return found


def compare_versions(
    object_type: str, object_id: int, older: int, newer: int
) -> list[dict[str, Any]]:
    """The fields that differ between two versions: [{field, old, new}]."""
    a = get_version(object_type, object_id, older).snapshot
    b = get_version(object_type, object_id, newer).snapshot
    return [
        {"field": name, "old": a.get(name), "new": b.get(name)}
        for name in SNAPSHOT_FIELDS[object_type]
        if a.get(name) != b.get(name)
    ]
