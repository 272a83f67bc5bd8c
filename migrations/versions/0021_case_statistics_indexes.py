"""case statistics indexes by authority

The statistics always read one authority's cases (its owner country, or the cases a user is
on): the indexes on a case's real dates lead with `owner_country`, then `direction`, so that a
period's figures are a range scan of that authority's cases, not of every case.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 11:25:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_direction_concluded")
        batch_op.drop_index("ix_cases_direction_started")
        batch_op.create_index(
            "ix_cases_owner_direction_started", ["owner_country", "direction", "started_on"]
        )
        batch_op.create_index(
            "ix_cases_owner_direction_concluded", ["owner_country", "direction", "concluded_on"]
        )


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_owner_direction_concluded")
        batch_op.drop_index("ix_cases_owner_direction_started")
        batch_op.create_index("ix_cases_direction_started", ["direction", "started_on"])
        batch_op.create_index("ix_cases_direction_concluded", ["direction", "concluded_on"])
