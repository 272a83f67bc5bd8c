"""One load of the packaged reference data: create or refresh records by their natural key,
count rows per file, and leave alone every record a maintainer has made their own."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..extensions import db
from .versions import plain, record_first_reference_versions, record_reference_version


@dataclass
class ReferenceLoad:
    """The records one load touched, and its counts (rows per file, created, changed, kept)."""

    files: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    created: list[tuple[str, Any]] = field(default_factory=list)

    def upsert(
        self,
        object_type: str,
        existing: dict[Any, Any],
        key: Any,
        make: Any,
        values: dict[str, Any],
        after_change: Any = None,
    ) -> Any:
        """The record for `key`: created with `values` (make(**values)), refreshed when it is
        still reference data (origin "reference") and differs, else kept as a maintainer left
        it. A refresh gets a version in the record's history; new records get theirs at
        `finish`. `after_change(record)` recomputes derived columns."""
        record = existing.get(key)
        if record is None:
            record = make(**values)
            record.origin = "reference"
            record.version = 1
            if after_change is not None:
                after_change(record)
            db.session.add(record)
            existing[key] = record
            self.created.append((object_type, record))
            self.totals["created"] += 1
            return record
        if record.origin != "reference":
            self.totals["kept"] += 1
            return record
        changed = False
        for name, value in values.items():
            if plain(getattr(record, name)) != plain(value):
                setattr(record, name, value)
                changed = True
        if changed:
            if after_change is not None:
                after_change(record)
            record_reference_version(object_type, record, "reference")
            self.totals["changed"] += 1
        return record

    def read(self, filename: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        """Note that every row of `filename` was loaded (a file read twice counts once)."""
        self.files[filename] = len(rows)
        return rows

    def finish(self) -> None:
        """Write the first version of every record this load created."""
        db.session.flush()
        record_first_reference_versions(self.created)
        db.session.flush()
