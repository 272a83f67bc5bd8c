"""request version marks

`request_version_marks`: the versions of a request that were submitted, returned, approved or
transmitted, with who did it, when, the note typed with it and a return's field comments.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 10:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "request_version_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("mark", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("field_comments", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("request_version_marks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_version_marks_request_id"), ["request_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("request_version_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_version_marks_request_id"))
    op.drop_table("request_version_marks")
