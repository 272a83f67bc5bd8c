"""search trigram index

Case and request search reads a trigram index over the folded text of `search_entries`: on SQLite
an FTS5 table with the trigram tokenizer (SQLite 3.34 or later) that reads its text from the
table and is kept by three triggers, built here from the rows already indexed; on PostgreSQL
pg_trgm's GIN index. The statements are written out (not imported) so that this revision stays
what it was. A later batch migration of `search_entries` on SQLite recreates the table and must
create the triggers again.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 11:40:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "text, content='search_entries', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
)
POSTGRES_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_search_entries_text_trgm ON search_entries "
    "USING gin (text gin_trgm_ops)",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_search_entries_text_trgm",)


def _run(sqlite: tuple[str, ...], postgres: tuple[str, ...]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": sqlite, "postgresql": postgres}.get(dialect, ()):
        op.execute(statement)


def upgrade():
    _run(SQLITE_UP, POSTGRES_UP)


def downgrade():
    _run(SQLITE_DOWN, POSTGRES_DOWN)
