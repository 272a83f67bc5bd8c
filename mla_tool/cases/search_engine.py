"""The index under case and request search: SQLite's FTS5 trigram table and PostgreSQL's pg_trgm
GIN index over the folded text of `search_entries`, and the condition that asks them.

Both find a folded phrase anywhere in an entry, as LIKE '%phrase%' would, through the index. A
trigram index needs three characters: a shorter phrase is matched with LIKE over the table.
The DDL runs when the table is created (`create_all`, tests) and in migration 0022.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, ColumnElement, Integer, column, or_, select, table

from ..text_folding import like_pattern

#: SQLite: the FTS5 table reads its text from search_entries (external content); triggers keep it.
SQLITE_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "text, content='search_entries', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
)
SQLITE_REBUILD = "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"
SQLITE_DROP: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
)

#: PostgreSQL: pg_trgm's GIN index answers LIKE '%…%' on the folded text.
POSTGRES_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
POSTGRES_INDEX = "ix_search_entries_text_trgm"
POSTGRES_DDL: tuple[str, ...] = (
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON search_entries USING gin (text gin_trgm_ops)",
)
POSTGRES_DROP: tuple[str, ...] = (f"DROP INDEX IF EXISTS {POSTGRES_INDEX}",)

#: PostgreSQL: the case reference a search matches with LIKE (migration 0024).
REFERENCE_INDEX = "ix_cases_reference_trgm"

#: Names the schema comparison leaves alone: FTS5's own tables, the trigram indexes, and the
#: case list's expression index (listing.URGENT_UPDATED_INDEX), which Alembic cannot compare.
INDEX_OBJECTS = frozenset(
    {
        REFERENCE_INDEX,
        "ix_cases_urgent_updated",
        "search_fts",
        "search_fts_data",
        "search_fts_idx",
        "search_fts_docsize",
        "search_fts_config",
        POSTGRES_INDEX,
    }
)

#: The shortest phrase a trigram index can find.
TRIGRAM = 3

_FTS = table("search_fts", column("rowid", Integer), column("text"))


def table_listeners() -> list[tuple[str, Any]]:
    """`search_entries`' DDL events: the extension before it, the index after it, per database."""
    return [
        ("before_create", DDL(POSTGRES_EXTENSION).execute_if(dialect="postgresql")),
        *(("after_create", DDL(sql).execute_if(dialect="postgresql")) for sql in POSTGRES_DDL),
        *(("after_create", DDL(sql).execute_if(dialect="sqlite")) for sql in SQLITE_DDL),
        *(("before_drop", DDL(sql).execute_if(dialect="sqlite")) for sql in SQLITE_DROP),
    ]


def leave_index_objects(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
    """Alembic's include_object: the index's own tables and index are not the models' to compare."""
    return name not in INDEX_OBJECTS


def _fts_phrase(pattern: str) -> str:
    return '"' + pattern.replace('"', '""') + '"'


def text_holds(
    text_column: Any, id_column: Any, patterns: list[str], dialect: str
) -> ColumnElement[bool]:
    """Condition on a search entry: its folded text holds one of the patterns (folded phrases)."""
    conditions: list[ColumnElement[bool]] = []
    for pattern in patterns:
        if dialect == "sqlite" and len(pattern) >= TRIGRAM:
            found = select(_FTS.c.rowid).where(_FTS.c.text.op("MATCH")(_fts_phrase(pattern)))
            conditions.append(id_column.in_(found))
        else:  # PostgreSQL's trigram index serves LIKE itself; a short phrase is scanned for
            conditions.append(text_column.like(like_pattern(pattern), escape="\\"))
    return or_(*conditions)
