"""Migration 0025 moves a preservation period written in a directory entry's free text into the
state's requirement profile where it is unambiguous, and leaves the others (with a warning)."""

from __future__ import annotations

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from mla_tool.directory.models import Authority
from mla_tool.directory.profiles.lookup import state_value
from mla_tool.directory.profiles.models import ProfileValue
from mla_tool.extensions import db
from tests.factories.migration_app import (  # noqa: F401 -- the fixtures
    empty_database_url,
    migration_app,
)

ENTRIES = (
    ("IRL", "Garda 24/7", "Preservation period: 90 days, renewable."),
    ("ESP", "Policía 24/7", "Preservation period: 90 days."),
    ("ESP", "Ministerio", "Data preserved for 120 days."),
    ("PRT", "PJ 24/7", "Preservation for thirty days."),
    ("BEL", "FCCU", "Urgent requests by email."),
)


def test_unambiguous_periods_move_and_the_others_stay(migration_app: Flask) -> None:
    with migration_app.app_context():
        upgrade(revision="0024")
        for country, name, notes in ENTRIES:
            db.session.add(
                Authority(
                    country_iso3=country, name=name, functions=["cybercrime_24_7"], notes=notes
                )
            )
        db.session.commit()
        upgrade(revision="0025")
        rows = db.session.execute(select(ProfileValue)).scalars().all()
        assert [(row.state_iso3, row.value, row.action, row.version) for row in rows] == [
            ("IRL", 90, "set", 1)
        ]
        assert "Preservation period: 90 days" in rows[0].source and rows[0].verified_on is None
        assert state_value("IRL", "preservation_days").value == 90
        assert state_value("ESP", "preservation_days") is None  # 90 and 120: left as it is
        assert state_value("PRT", "preservation_days") is None  # not readable: left
        assert db.session.scalar(select(Authority.notes).where(Authority.name == "Garda 24/7"))
        db.session.remove()
        db.engine.dispose()
