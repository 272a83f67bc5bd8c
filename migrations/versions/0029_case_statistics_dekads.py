"""case statistics by tens of days

The histograms of days (the durations' facts) are also kept by tens of days (grain "t": the
1st to the 10th, the 11th to the 20th, the 21st to the month's end) and in buckets of 32 days
of those (grain "T"), in both `case_stat_cells` and `case_member_stat_cells`, so that the
medians of a period with ragged ends read a few days and tens of days at each end rather than
up to a month of day cells (`mla_tool.cases.stats_spans`). The upgrade empties both tables:
every cell is counted anew once the upgrade reaches the newest migration
(`mla_tool.cases.stats_after_upgrade`, which also refreshes PostgreSQL's planner statistics);
`mla-tool cases stats-rebuild` recounts them with the others.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 18:35:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM case_member_stat_cells")
    op.execute("DELETE FROM case_stat_cells")


def downgrade():
    op.execute("DELETE FROM case_stat_cells WHERE grain IN ('t', 'T')")
    op.execute("DELETE FROM case_member_stat_cells WHERE grain IN ('t', 'T')")
