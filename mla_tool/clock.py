"""The application's clock: naive UTC now, which an app may replace (`MLA_CLOCK`, for tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app, has_app_context


def utcnow() -> datetime:
    """Naive UTC now, the form every table stores; `app.config["MLA_CLOCK"]` if one is set."""
    if has_app_context():
        clock = current_app.config.get("MLA_CLOCK")
        if clock is not None:
            return clock()
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """UTC today, read from `utcnow` (so a test's clock moves it too)."""
    return utcnow().date()
