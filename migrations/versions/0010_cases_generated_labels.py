"""cases: labels the system generates stored as message id and parameters

Deadline labels and request-version notes that the application writes ("Due date",
"Preservation expires (request #2, 60 days)", "received in package …") keep their message id
and parameters beside the English text, so that each reader sees them in their own language and
nothing stored is ever read as a catalogue message or markup. Existing rows whose text matches a
generated label are given its message id and parameters; any other text stays typed text.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 00:30:00

"""

import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

#: (message id, pattern of its English text) of the labels the application writes.
GENERATED_DEADLINE_LABELS = (
    ("Due date", r"Due date"),
    ("Reply to information request", r"Reply to information request"),
    (
        "Preservation expires (request #%(request)s, %(days)s days)",
        r"Preservation expires \(request #(?P<request>\d+), (?P<days>\d+) days\)",
    ),
    (
        "Send the request for mutual assistance (preservation #%(request)s)",
        r"Send the request for mutual assistance \(preservation #(?P<request>\d+)\)",
    ),
    (
        "Formal extradition request (%(days)s days from the arrest on %(arrested)s)",
        r"Formal extradition request \((?P<days>\d+) days from the arrest on "
        r"(?P<arrested>\d{4}-\d{2}-\d{2})\)",
    ),
)
GENERATED_VERSION_NOTES = (
    ("created", r"created"),
    ("received in package %(package)s", r"received in package (?P<package>[\w.:-]+)"),
)


def _backfill(table, text_column, generated):
    rows = op.get_bind().execute(sa.select(table.c.id, table.c[text_column])).all()
    for row_id, text in rows:
        for message, pattern in generated:
            match = re.fullmatch(pattern, text or "")
            if match:
                op.get_bind().execute(
                    table.update()
                    .where(table.c.id == row_id)
                    .values(
                        {
                            f"{text_column}_message": message,
                            f"{text_column}_params": match.groupdict(),
                        }
                    )
                )
                break


def upgrade():
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label_message", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("label_params", sa.JSON(), nullable=True))
    with op.batch_alter_table("request_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note_message", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("note_params", sa.JSON(), nullable=True))
    deadlines = sa.table(
        "case_deadlines",
        sa.column("id", sa.Integer()),
        sa.column("label", sa.String()),
        sa.column("label_message", sa.String()),
        sa.column("label_params", sa.JSON()),
    )
    versions = sa.table(
        "request_versions",
        sa.column("id", sa.Integer()),
        sa.column("note", sa.String()),
        sa.column("note_message", sa.String()),
        sa.column("note_params", sa.JSON()),
    )
    _backfill(deadlines, "label", GENERATED_DEADLINE_LABELS)
    _backfill(versions, "note", GENERATED_VERSION_NOTES)


def downgrade():
    with op.batch_alter_table("request_versions", schema=None) as batch_op:
        batch_op.drop_column("note_params")
        batch_op.drop_column("note_message")
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.drop_column("label_params")
        batch_op.drop_column("label_message")
