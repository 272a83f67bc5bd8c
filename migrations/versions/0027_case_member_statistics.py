"""case member statistics

A reader's statistics count the cases of their authority and the cases they are on outside it.
The second part was counted live from the reader's memberships (slow for someone on tens of
thousands of cases); `case_member_stat_cells` now keeps it per user, as `case_stat_cells` keeps
the authorities' (`mla_tool.cases.stats_members`), and `mla-tool cases stats-rebuild` recounts
both.

The histograms of days by month, year and all time are also kept in buckets of 32 days (grains
"M", "Y", "A"), so that a median is found in a few buckets and then in their days.

The upgrade empties the authorities' cells: every cell is counted anew, buckets and users'
cells included, once the upgrade reaches the newest migration
(`mla_tool.cases.stats_after_upgrade`, with the code that reads that schema).

The index of open deadlines by day also holds the id: the dashboard's deadlines panel orders
them by (due_on, id) and now reads its eight in index order, with no sort of every open one.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 17:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_member_stat_cells",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey(
                "users.id", name="fk_case_member_stat_cells_user_id_users", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("grain", sa.String(1), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("fact", sa.String(60), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "user_id", "grain", "start", "fact", "key", "days", name="uq_case_member_stat_cells"
        ),
    )
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_case_deadlines_open_due")
        batch_op.create_index("ix_case_deadlines_open_due", ["done", "due_on", "id"])
    op.execute("DELETE FROM case_stat_cells")


def downgrade():
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_case_deadlines_open_due")
        batch_op.create_index("ix_case_deadlines_open_due", ["done", "due_on"])
    op.drop_table("case_member_stat_cells")
    op.execute("DELETE FROM case_stat_cells WHERE grain IN ('M', 'Y', 'A')")
