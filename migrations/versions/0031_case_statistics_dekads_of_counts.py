"""case statistics: tens of days for every fact

The counts' facts (cases opened, received, by status, ...) are also kept by tens of days
(grain "t"), as the durations' histograms have been since 0029, so that a period with a
ragged end reads its counts from a few days and tens of days rather than from up to a month
of day cells (`mla_tool.cases.stats_spans`: a period within a year read 19 day cells of
counts). The upgrade empties both cell tables: every cell is counted anew once the upgrade
reaches the newest migration (`mla_tool.cases.stats_after_upgrade`); `mla-tool cases
stats-rebuild` recounts them too. The downgrade keeps the counts' tens of days, which the
older code does not read.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05 20:35:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM case_member_stat_cells")
    op.execute("DELETE FROM case_stat_cells")


def downgrade():
    pass
