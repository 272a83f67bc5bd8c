"""Bulk import and export of directory entries (CSV and JSON), all-or-nothing and idempotent."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..errors import InvalidError
from ..extensions import db
from ..spreadsheet_csv import csv_text, unescaped
from ..text_folding import normalise
from .authorities import authority_input, create_authority, update_authority, validate_authority
from .errors import DirectoryError
from .models import Authority
from .schemas import AuthorityIn
from .versions import AUTHORITY_FIELDS

#: Columns of the CSV format, in order. List cells are separated by ";", legal texts are
#: "title|url" pairs separated by ";", booleans are yes/no (empty = not known).
CSV_COLUMNS: tuple[str, ...] = tuple(
    "country" if name == "country_iso3" else name for name in AUTHORITY_FIELDS
)
LIST_COLUMNS = ("functions", "languages", "channels")
BOOL_COLUMNS = ("urgent_by_email", "urgent_by_interpol", "retired", "is_sample")
_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n"}


@dataclass
class RowError:
    line: int
    reason: str
    fields: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        details = "; ".join(f"{name}: {message}" for name, message in self.fields.items())
        return f"line {self.line}: {self.reason}" + (f" ({details})" if details else "")


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(InvalidError, ValueError):
    """The file itself cannot be read (format, encoding, columns)."""


def _csv_cell_to_value(column: str, cell: str) -> Any:
    cell = unescaped(cell or "").strip()
    if column in LIST_COLUMNS:
        return [item.strip() for item in cell.split(";") if item.strip()]
    if column in BOOL_COLUMNS:
        if not cell:
            return None if column.startswith("urgent") else False
        lowered = cell.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        return cell  # let validation report it
    if column == "legal_texts":
        texts = []
        for item in cell.split(";"):
            if item.strip():
                title, _, url = item.partition("|")
                texts.append({"title": title.strip(), "url": url.strip()})
        return texts
    if column in ("verified_on", "external_id"):
        return cell or None
    return cell


def read_csv_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, entry dict) per data row; the header names the columns."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise ImportFileError(f"line 1: unknown columns {', '.join(unknown)}")
    missing = [name for name in ("country", "functions", "name") if name not in header]
    if missing:
        raise ImportFileError(f"line 1: missing columns {', '.join(missing)}")
    rows = []
    line = reader.line_num
    for raw in reader:
        start = line + 1
        line = reader.line_num
        if None in raw:
            rows.append((start, {"__error__": "more cells than columns"}))
            continue
        if not any((value or "").strip() for value in raw.values()):
            continue
        rows.append((start, {key: _csv_cell_to_value(key, value) for key, value in raw.items()}))
    return rows


def read_json_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, entry dict) per element of a JSON array (or {"authorities": [...]})."""
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if stripped.startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFileError(f"line {error.lineno}: not valid JSON ({error.msg})") from error
        if not isinstance(document, dict) or not isinstance(document.get("authorities"), list):
            raise ImportFileError('line 1: expected a JSON array or {"authorities": [...]}')
        start = text.index("[", text.index('"authorities"'))
    elif stripped.startswith("["):
        start = offset
    else:
        raise ImportFileError("line 1: expected a JSON array of entries")
    rows: list[tuple[int, dict[str, Any]]] = []
    position = start + 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            raise ImportFileError("the JSON array is not closed")
        if text[position] == "]":
            break
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise ImportFileError(f"line {error.lineno}: not valid JSON ({error.msg})") from error
        if not isinstance(value, dict):
            rows.append((line, {"__error__": "each entry must be a JSON object"}))
        else:
            rows.append((line, value))
    return rows


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(f"cannot read {path}: {error}") from error
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        return read_json_rows(text)
    return read_csv_rows(text)


def natural_key(entry: AuthorityIn | dict[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    """(country, normalised name, sorted functions): how rows without external_id match."""
    if isinstance(entry, dict):
        return (entry["country"], normalise(entry["name"]), tuple(sorted(entry["functions"])))
    return (entry.country, normalise(entry.name), tuple(sorted(entry.functions)))


def import_entries(
    rows: list[tuple[int, dict[str, Any]]],
    actor: Any = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> ImportReport:
    """Validate every row first; write only when all are good (else nothing, with the errors).

    A row matches an existing entry by `external_id`, else by (country, name, functions); an
    unchanged row writes nothing, so importing the same file twice changes nothing.
    """
    report = ImportReport(rows=len(rows))
    valid: list[tuple[int, AuthorityIn]] = []
    seen_ids: dict[str, int] = {}
    seen_keys: dict[tuple[str, str, tuple[str, ...]], int] = {}
    for line, raw in rows:
        if "__error__" in raw:
            report.errors.append(RowError(line, raw["__error__"]))
            continue
        try:
            entry = validate_authority(raw)
        except DirectoryError as error:
            report.errors.append(RowError(line, error.message, error.fields))
            continue
        if entry.external_id:
            if entry.external_id in seen_ids:
                report.errors.append(
                    RowError(
                        line,
                        f"duplicate external_id {entry.external_id!r} "
                        f"(also on line {seen_ids[entry.external_id]})",
                    )
                )
                continue
            seen_ids[entry.external_id] = line
        key = natural_key(entry)
        if key in seen_keys:
            report.errors.append(
                RowError(
                    line,
                    f"duplicate entry: same country, name and functions as line {seen_keys[key]}",
                )
            )
            continue
        seen_keys[key] = line
        valid.append((line, entry))
    if report.errors:
        return report

    by_external: dict[str, Authority] = {}
    by_key: dict[tuple[str, str, tuple[str, ...]], Authority] = {}
    for authority in db.session.execute(select(Authority)).scalars():
        if authority.external_id:
            by_external[authority.external_id] = authority
        by_key.setdefault(natural_key(authority_input(authority)), authority)
    iterator: Iterable[tuple[int, AuthorityIn]] = progress(valid) if progress else valid
    for line, entry in iterator:
        existing = by_external.get(entry.external_id or "") or (
            None if entry.external_id else by_key.get(natural_key(entry))
        )
        try:
            if existing is None:
                created = create_authority(entry, actor, action="import")
                if created.external_id:
                    by_external[created.external_id] = created
                report.created += 1
            elif update_authority(existing, entry, actor, action="import"):
                report.updated += 1
            else:
                report.unchanged += 1
        except DirectoryError as error:
            report.errors.append(RowError(line, error.message, error.fields))
    return report


def _csv_value(column: str, value: Any) -> str:
    if column in LIST_COLUMNS:
        return ";".join(value or [])
    if column in BOOL_COLUMNS:
        return "" if value is None else ("yes" if value else "no")
    if column == "legal_texts":
        return ";".join(f"{item['title']}|{item['url']}" for item in value or [])
    return "" if value is None else str(value)


def export_entries(format: str = "csv") -> str:
    """Every entry (retired ones too) in the import format: import reads it back unchanged.

    CSV is `spreadsheet_csv`'s: RFC 4180, a byte-order mark, no cell a formula.
    """
    entries = [
        authority_input(a)
        for a in db.session.execute(
            select(Authority).order_by(Authority.country_iso3, Authority.name, Authority.id)
        ).scalars()
    ]
    if format == "json":
        return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    rows = ([_csv_value(column, entry.get(column)) for column in CSV_COLUMNS] for entry in entries)
    return csv_text(CSV_COLUMNS, rows)
