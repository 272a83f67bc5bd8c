"""list page indexes

The lists read one page off an index instead of sorting or counting every case a user may see:
the default order of the case list (urgent cases first, then the latest updated) as one
expression index; the requests list by its last update; the dashboard's cases a user opened
by their last update; on PostgreSQL a pg_trgm index on the
lowered reference, which a search matches with LIKE '%…%'. The statements are written out (not
imported) so that this revision stays what it was; the expression must read exactly as the
query's (mla_tool.cases.listing.URGENT_RANK) for the databases to use it.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 14:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

URGENT_RANK = (
    "(CASE WHEN (kind IN ('emergency_disclosure', 'preservation', 'provisional_arrest')) "
    "THEN 0 ELSE 1 END)"
)
URGENT_UPDATED = (
    f"CREATE INDEX IF NOT EXISTS ix_cases_urgent_updated ON cases ({URGENT_RANK}, "
    "updated_at DESC, id DESC)"
)
#: PostgreSQL reads a page's ids from the index alone when it holds the columns tested.
URGENT_UPDATED_INCLUDE = " INCLUDE (kind, owner_country, status)"
SQLITE_UP = (URGENT_UPDATED,)
BOTH_UP = (
    "CREATE INDEX IF NOT EXISTS ix_requests_updated ON requests (updated_at, id)",
    "CREATE INDEX IF NOT EXISTS ix_cases_creator_updated ON cases (created_by, updated_at)",
)
BOTH_DOWN = (
    "DROP INDEX IF EXISTS ix_cases_creator_updated",
    "DROP INDEX IF EXISTS ix_requests_updated",
    "DROP INDEX IF EXISTS ix_cases_urgent_updated",
)
POSTGRES_UP = (
    URGENT_UPDATED + URGENT_UPDATED_INCLUDE,
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_cases_reference_trgm ON cases "
    "USING gin (lower(reference) gin_trgm_ops)",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_cases_reference_trgm",)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    for statement in BOTH_UP + (POSTGRES_UP if _postgres() else SQLITE_UP):
        op.execute(statement)


def downgrade():
    for statement in (POSTGRES_DOWN if _postgres() else ()) + BOTH_DOWN:
        op.execute(statement)
