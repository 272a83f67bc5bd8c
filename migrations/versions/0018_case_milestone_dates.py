"""case milestone dates for the statistics

`cases` keeps the real dates the statistics count from: `started_on` (an outgoing request
transmitted, an incoming one received), `concluded_on` with `outcome` (executed, refused,
withdrawn) and `refusal_ground`, and `legal_basis`; indexed by direction so that the period
figures are SQL aggregates on an index. Existing cases take their dates from their events: the
first transmission, the earliest "received" correspondence (else the registration), the first
execution, refusal or withdrawal.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 10:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

OUTCOMES = ("executed", "refused", "withdrawn")


def _backfill() -> None:
    cases = sa.table(
        "cases",
        sa.column("id", sa.Integer),
        sa.column("direction", sa.String),
        sa.column("started_on", sa.Date),
        sa.column("concluded_on", sa.Date),
        sa.column("outcome", sa.String),
    )
    events = sa.table(
        "case_events",
        sa.column("case_id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("type", sa.String),
        sa.column("to_status", sa.String),
        sa.column("details", sa.JSON),
    )
    postgres = op.get_bind().dialect.name == "postgresql"

    def day(value):
        return sa.cast(value, sa.Date) if postgres else sa.func.date(value)

    def first(value, *where):
        return (
            sa.select(day(sa.func.min(value)))
            .where(events.c.case_id == cases.c.id, *where)
            .scalar_subquery()
        )

    op.execute(
        cases.update()
        .where(cases.c.direction == "outgoing")
        .values(started_on=first(events.c.at, events.c.to_status == "transmitted"))
    )
    received_on = first(
        events.c.details["on"].as_string(),
        events.c.type == "correspondence",
        events.c.details["way"].as_string() == "received",
    )
    registered_on = first(events.c.at, events.c.type == "created")
    op.execute(
        cases.update()
        .where(cases.c.direction == "incoming")
        .values(started_on=sa.func.coalesce(received_on, registered_on))
    )
    for outcome in OUTCOMES:
        reached = events.c.to_status == outcome
        op.execute(
            cases.update()
            .where(
                cases.c.outcome.is_(None),
                sa.exists().where(events.c.case_id == cases.c.id, reached),
            )
            .values(outcome=outcome, concluded_on=first(events.c.at, reached))
        )


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("concluded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("refusal_ground", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("legal_basis", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_cases_owner_created", ["owner_country", "created_at"])
        batch_op.create_index("ix_cases_direction_started", ["direction", "started_on"])
        batch_op.create_index("ix_cases_direction_concluded", ["direction", "concluded_on"])
    _backfill()


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_direction_concluded")
        batch_op.drop_index("ix_cases_direction_started")
        batch_op.drop_index("ix_cases_owner_created")
        for column in ("legal_basis", "refusal_ground", "outcome", "concluded_on", "started_on"):
            batch_op.drop_column(column)
