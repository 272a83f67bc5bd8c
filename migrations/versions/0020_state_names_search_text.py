"""state names from CLDR: the folded search text of directory entries, cases and requests anew

States are now named from CLDR with the UN's names where they differ (`directory/states.py`,
`directory/un_names.py`), no longer from the ISO 3166 gettext catalogues. The search text stored
with each directory entry and the case search index hold the old names ("صربية"); this migration
writes them again with the new ones. No schema change.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 11:10:00

"""

from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

AUTHORITY_COLUMNS = (
    "name",
    "name_en",
    "name_ar",
    "parent_body",
    "address",
    "contact_persons",
    "email",
    "website",
    "country_iso3",
)


def upgrade():
    _directory_search_text()
    _case_search_index()


def _directory_search_text():
    from mla_tool.directory.authorities import search_text_for

    connection = op.get_bind()
    authorities = sa.table(
        "directory_authorities",
        sa.column("id", sa.Integer),
        sa.column("functions", sa.JSON),
        sa.column("search_text", sa.Text),
        *(sa.column(name, sa.String) for name in AUTHORITY_COLUMNS),
    )
    for row in connection.execute(sa.select(authorities)).mappings().all():
        text = search_text_for(SimpleNamespace(**row))
        if text != row["search_text"]:
            connection.execute(
                authorities.update().where(authorities.c.id == row["id"]).values(search_text=text)
            )


def _case_search_index():
    from mla_tool.cases.search_index import case_text
    from mla_tool.forms.search_entries import request_text

    connection = op.get_bind()
    cases = sa.table(
        "cases",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("reference", sa.String),
        sa.column("counterpart_state", sa.String),
    )
    requests = sa.table("requests", sa.column("id", sa.Integer), sa.column("data", sa.JSON))
    entries = sa.table(
        "search_entries",
        sa.column("case_id", sa.Integer),
        sa.column("request_id", sa.Integer),
        sa.column("text", sa.Text),
    )
    for c in connection.execute(sa.select(cases)).all():
        connection.execute(
            entries.update()
            .where(entries.c.case_id == c.id, entries.c.request_id.is_(None))
            .values(text=case_text(c.title, c.reference, c.counterpart_state))
        )
    for r in connection.execute(sa.select(requests)).all():
        data = r.data if isinstance(r.data, dict) else {}
        connection.execute(
            entries.update().where(entries.c.request_id == r.id).values(text=request_text(data))
        )


def downgrade():
    pass  # the old names are not kept: the text stays as it is, searchable by the new names
