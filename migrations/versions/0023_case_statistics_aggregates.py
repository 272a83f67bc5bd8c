"""case statistics aggregates

The statistics read maintained counts instead of recounting every case: `case_stat_cells` holds,
per authority, the number of cases behind each figure (and, for durations, per number of days)
by day, month, year and over all time; `mla_tool.cases.stats_aggregates` keeps it at every flush
and `mla-tool cases stats-rebuild` recomputes it. The cells of the existing cases are counted once
the upgrade reaches the newest migration (`mla_tool.cases.stats_after_upgrade`).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 14:02:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_stat_cells",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_country", sa.String(3), nullable=False),
        sa.Column("grain", sa.String(1), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("fact", sa.String(60), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "owner_country", "grain", "start", "fact", "key", "days", name="uq_case_stat_cells"
        ),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_owner_started_after_concluded",
            ["owner_country"],
            sqlite_where=sa.text("started_on > concluded_on"),
            postgresql_where=sa.text("started_on > concluded_on"),
        )


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_owner_started_after_concluded")
    op.drop_table("case_stat_cells")
