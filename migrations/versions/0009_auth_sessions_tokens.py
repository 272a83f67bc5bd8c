"""auth: server-side sessions and revocable, expiring API tokens (placeholder)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 00:30:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
