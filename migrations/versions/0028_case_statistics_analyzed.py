"""case statistics analyzed

Migration 0027 added the histograms' buckets of 32 days (grains "M", "Y", "A") to
`case_stat_cells`, about a twentieth of its rows: too few for PostgreSQL's automatic ANALYZE to
run, so the planner, blind to those grains, scanned every month's buckets of an authority for a
period's few months (a ragged period's statistics took twice as long). A period is now also
read as a coarser cell less finer ones (`mla_tool.cases.stats_read.spans`), which needs the
planner to know every grain: the upgrade refreshes the statistics of both cell tables. No
change to the schema or the counts; SQLite has no planner statistics to refresh here.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 18:30:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE case_stat_cells")
        op.execute("ANALYZE case_member_stat_cells")


def downgrade():
    pass
