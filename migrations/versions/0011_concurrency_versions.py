"""concurrency: compare-and-set writes need no new column (no schema change)

Simultaneous writers are kept apart by columns and constraints that already exist: a request's
save compares-and-sets `requests.version` (UPDATE ... WHERE version = the one read), a case's
status change compares-and-sets `cases.status` (a version column bumped by every note would make
two colleagues' notes conflict), and parallel imports of one package are stopped by the unique
`uq_exchange_packages_package_id` (direction, package_id) and `uq_exchange_packages_digest`.
This revision keeps its place in the chain so that the numbering stays one line.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 00:30:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    pass  # nothing to change: see the docstring


def downgrade():
    pass
