"""The one clock: UTC now and today, both moved by the app's `MLA_CLOCK` instead of waiting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask

from mla_tool import clock
from mla_tool.cases import dates
from mla_tool.directory.authorities import STALE_AFTER_DAYS, is_stale
from mla_tool.directory.models import Authority


def test_today_is_the_utc_date_of_the_clock(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    assert clock.today() == clock.utcnow().date() == datetime.now(UTC).date()
    # 23:30 UTC on 31 December: still that day in UTC, whatever the host's zone says
    monkeypatch.setitem(app.config, "MLA_CLOCK", lambda: datetime(2030, 12, 31, 23, 30))
    assert clock.today() == date(2030, 12, 31)
    assert dates.today() == date(2030, 12, 31)


def test_an_authority_goes_stale_when_the_clock_moves_on(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    authority = Authority(verified_on=clock.today())
    assert not is_stale(authority)
    later = clock.utcnow() + timedelta(days=STALE_AFTER_DAYS + 1)
    monkeypatch.setitem(app.config, "MLA_CLOCK", lambda: later)
    assert is_stale(authority)
