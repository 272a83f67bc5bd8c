"""case transmissions and their acknowledgement of receipt

`case_transmissions`: one row per sending of a case's request(s) to the requested state: date,
channel, outgoing reference or note verbale number, who sent it, the documents with their SHA-256
digests, the secure-exchange package when it went that way; then the date and reference of the
requested state's acknowledgement, and the deadline that reminds when none came.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 10:55:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_transmissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("request_ids", sa.JSON(), nullable=False),
        sa.Column("package_id", sa.String(length=40), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("ack_deadline_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("ack_reference", sa.String(length=120), nullable=True),
        sa.Column("ack_recorded_by", sa.Integer(), nullable=True),
        sa.Column("ack_recorded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_transmissions_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by"], ["users.id"], name=op.f("fk_case_transmissions_sent_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["ack_recorded_by"],
            ["users.id"],
            name=op.f("fk_case_transmissions_ack_recorded_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["ack_deadline_id"],
            ["case_deadlines.id"],
            name=op.f("fk_case_transmissions_ack_deadline_id_case_deadlines"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transmissions")),
    )
    with op.batch_alter_table("case_transmissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_transmissions_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            "ix_case_transmissions_case_sent", ["case_id", "sent_on"], unique=False
        )


def downgrade():
    with op.batch_alter_table("case_transmissions", schema=None) as batch_op:
        batch_op.drop_index("ix_case_transmissions_case_sent")
        batch_op.drop_index(batch_op.f("ix_case_transmissions_case_id"))
    op.drop_table("case_transmissions")
