"""directory reference data with its source: entries, participation, declarations, instruments

`directory_authorities`: origin (reference | user), source_date, quote of entries loaded from the
packaged Budapest/UNTOC/UNCAC authority data. `directory_participation`: consent_detail,
signature_as_stated / consent_as_stated (partial dates as the source gives them) and quote.
`directory_declarations`: data_as_of (the date of the source). `directory_instruments`:
participation_partial (a state without a row is "not recorded") and article_sources (the
articles as the data describes them, verified or not).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 11:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("directory_authorities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=20), nullable=False, server_default="user")
        )
        batch_op.add_column(sa.Column("source_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("quote", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("directory_participation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("consent_detail", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "signature_as_stated", sa.String(length=40), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("consent_as_stated", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("quote", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("directory_declarations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_as_of", sa.Date(), nullable=True))
    with op.batch_alter_table("directory_instruments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "participation_partial", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("article_sources", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("directory_instruments", schema=None) as batch_op:
        batch_op.drop_column("article_sources")
        batch_op.drop_column("participation_partial")
    with op.batch_alter_table("directory_declarations", schema=None) as batch_op:
        batch_op.drop_column("data_as_of")
    with op.batch_alter_table("directory_participation", schema=None) as batch_op:
        batch_op.drop_column("quote")
        batch_op.drop_column("consent_as_stated")
        batch_op.drop_column("signature_as_stated")
        batch_op.drop_column("consent_detail")
    with op.batch_alter_table("directory_authorities", schema=None) as batch_op:
        batch_op.drop_column("quote")
        batch_op.drop_column("source_date")
        batch_op.drop_column("origin")
