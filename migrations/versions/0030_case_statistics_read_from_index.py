"""case statistics read from the index

The unique keys of the statistics' cells (`case_stat_cells`, `case_member_stat_cells`) also
carry the count `n` (PostgreSQL: INCLUDE), so that a period's cells are read from the index
alone (an index-only scan) instead of fetching each cell's row from the table: cells updated
in place over the years lie scattered through the table, and those fetches were a fifth of the
time of a period's medians. The tables are vacuumed more often than PostgreSQL's default (at 1%
of their rows changed or added rather than 20%), so that the pages of updated cells are soon
marked all-visible again, which index-only scans need. SQLite: no change.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05 20:25:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

#: table -> (unique constraint, holder column)
TABLES = {
    "case_stat_cells": ("uq_case_stat_cells", "owner_country"),
    "case_member_stat_cells": ("uq_case_member_stat_cells", "user_id"),
}
KEY = ("grain", "start", "fact", "key", "days")
VACUUM = "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01"


def _unique(include: bool) -> None:
    for table, (name, holder) in TABLES.items():
        op.drop_constraint(name, table, type_="unique")
        columns = ", ".join((holder, *KEY))
        with_count = " INCLUDE (n)" if include else ""
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE ({columns}){with_count}")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    _unique(include=True)
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} SET ({VACUUM})")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    _unique(include=False)
    for table in TABLES:
        op.execute(
            f"ALTER TABLE {table} RESET "
            "(autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)"
        )
