"""state requirement profiles edited by maintainers

`directory_profile_values`: one row per change of one field of a state's requirement profile
(value, source, verified_on, note, who, when); the newest version of a field is current and
wins over the packaged profile (mla_tool/directory/profiles/requirement_profiles.json).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 10:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "directory_profile_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_iso3", sa.String(length=3), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(length=320), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_profile_values")),
        sa.UniqueConstraint(
            "state_iso3",
            "field",
            "version",
            name=op.f("uq_directory_profile_values_state_iso3"),
        ),
    )
    with op.batch_alter_table("directory_profile_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_profile_values_state_iso3"), ["state_iso3"], unique=False
        )


def downgrade():
    with op.batch_alter_table("directory_profile_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_profile_values_state_iso3"))
    op.drop_table("directory_profile_values")
