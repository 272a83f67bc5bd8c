"""A fixed day for tests that print the sample's dates: the app's clock, not the calendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

#: The day the sample preservation is read on in these tests: a winter day, so that its address,
#: seen four days earlier at 14:03 in Paris, was seen at 13:03 UTC.
SAMPLE_NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture
def sample_day(app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    """The app's clock stands at SAMPLE_NOW for the test."""
    monkeypatch.setitem(app.config, "MLA_CLOCK", lambda: SAMPLE_NOW)
    yield SAMPLE_NOW
