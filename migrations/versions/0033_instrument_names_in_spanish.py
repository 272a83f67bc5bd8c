"""instrument names in Spanish

`directory_instruments.name_es`: an instrument's name in Spanish, where it has an official one
(the United Nations, Council of Europe and Organization of American States instruments), beside
those in Arabic and French. Empty until the reference data is loaded again (`mla-tool init` or
`mla-tool directory load-reference`, which records the change as a new version of each
instrument); until then a Spanish page names the instrument as before.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06 06:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("directory_instruments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_es", sa.Text(), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("directory_instruments", schema=None) as batch_op:
        batch_op.drop_column("name_es")
