"""audit: entries written with their own MAC and chained after their commit (format 2)

An entry is now written in its action's transaction with `entry_mac` (HMAC of its fields, key id
and `nonce`) and no `seq`, `prev_hash` or `entry_hash`, which a short chaining pass sets after the
commit. Existing rows keep what they hold and get `format` 1 (chained as written): they verify
under the formula they were written with and are never hashed again. `entry_mac` is unique, so a
copied entry is refused rather than chained twice.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 17:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("format", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("entry_mac", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("nonce", sa.String(length=32), nullable=True))
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_entries_entry_mac"), ["entry_mac"])


def downgrade():
    bind = op.get_bind()
    written_later = bind.execute(
        sa.text("SELECT count(*) FROM audit_entries WHERE format <> 1")
    ).scalar_one()
    if written_later:
        raise RuntimeError(
            f"{written_later} audit entries were written with their own MAC (format 2): the "
            "previous code cannot verify them; restore a backup taken before revision 0026"
        )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_entries_entry_mac"), type_="unique")
        batch_op.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("nonce")
        batch_op.drop_column("entry_mac")
        batch_op.drop_column("format")
