"""Loading the declared authorities as directory entries: the Budapest Convention's art. 24(7),
27(2) and 35 authorities and the UNTOC / UNCAC central authorities, each with its source, the
source's date and its verbatim quote, marked as reference data until a maintainer edits it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from .authorities import search_text_for, validate_authority
from .models import Authority
from .reference_authority_files import AUTHORITY_FILES, EXTERNAL_ID_PREFIX, AuthorityFile
from .reference_sources import language_codes, read_csv, source_date
from .reference_upsert import ReferenceLoad
from .versions import record_reference_version


def _derived(authority: Authority) -> None:
    authority.search_text = search_text_for(authority)
    authority.functions_key = "|" + "|".join(authority.functions or []) + "|"
    authority.languages_key = "|" + "|".join(authority.languages or []) + "|"


def _entries(source: AuthorityFile, row: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    """The entries of one row: one per authority named, with every function it was declared
    for (the same text in two columns is one authority with two functions)."""
    by_name: dict[str, list[str]] = {}
    for column, (function, _article) in source.columns.items():
        name = (row.get(column) or "").strip()
        if name:
            by_name.setdefault(name, []).append(function)
    entries = []
    for name, functions in by_name.items():
        external_id = f"{EXTERNAL_ID_PREFIX}{source.key}:{row['state_iso3']}:{'+'.join(functions)}"
        checked = validate_authority(
            {
                "country": row["state_iso3"],
                "functions": functions,
                "name": name,
                "external_id": external_id,
                "languages": language_codes(row.get(source.languages_column, "")),
                "source": row["source_url"],
                "notes": (row.get(source.note_column) or "").strip(),
            }
        )
        values = checked.model_dump(mode="python")
        values["country_iso3"] = values.pop("country")
        values["legal_texts"] = []
        values["source_date"] = source_date(row["source_url"], row.get(source.note_column, ""))
        values["quote"] = row["quote"]
        entries.append((external_id, values))
    return entries


def load_authorities(load: ReferenceLoad) -> None:
    """Every declared authority as an entry; a loaded entry the data no longer names is retired
    (unless a maintainer made it theirs)."""
    existing = {
        a.external_id: a
        for a in db.session.execute(
            select(Authority).where(Authority.external_id.like(f"{EXTERNAL_ID_PREFIX}%"))
        ).scalars()
    }
    seen: set[str] = set()
    for source in AUTHORITY_FILES:
        for row in load.read(source.filename, read_csv(source.filename)):
            for external_id, values in _entries(source, row):
                load.upsert("authority", existing, external_id, Authority, values, _derived)
                load.totals["authorities"] += 1
                seen.add(external_id)
    for external_id, authority in existing.items():
        if external_id in seen or authority.origin != "reference" or authority.retired:
            continue
        authority.retired = True
        record_reference_version("authority", authority, "reference")
        load.totals["changed"] += 1
