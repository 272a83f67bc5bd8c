"""notification events and the reminder sweep's lease

`case_notifications` also tells of a request's events (submitted, returned, approved, transmitted,
registered): `event` names it, `request_id` the request when there is one, and `deadline_id` is
empty for them. `sweep_leases`: one row per scheduled job (name, holder, expires_at, last run),
taken with an atomic UPDATE so one process of many runs the reminder sweep at a time.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 08:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sweep_leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("last_run_at", sa.DateTime(), nullable=True),
        sa.Column("last_holder", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sweep_leases")),
    )
    with op.batch_alter_table("case_notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("request_id", sa.Integer(), nullable=True))
        batch_op.alter_column("deadline_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("threshold", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("days_left", existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table("case_notifications", schema=None) as batch_op:
        batch_op.alter_column("days_left", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("threshold", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("deadline_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("request_id")
        batch_op.drop_column("event")
    op.drop_table("sweep_leases")
