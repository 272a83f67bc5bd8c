"""requests: translations of a request's typed text, imported from a translator's XLIFF file

One row per field (its path in the request document, e.g. `persons[0].description`) and target
language: the translated text, the SHA-256 of the source text it translates (a field whose text
changed since has a stale translation, which the document does not print), who imported it and
when, and a version the ORM compares-and-sets on every later import of the same field.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 04:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "request_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by"],
            ["users.id"],
            name=op.f("fk_request_translations_imported_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_translations_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_translations")),
        sa.UniqueConstraint(
            "request_id", "language", "path", name="uq_request_translations_field"
        ),
    )
    with op.batch_alter_table("request_translations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_translations_request_id"), ["request_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("request_translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_translations_request_id"))
    op.drop_table("request_translations")
