"""What the server log may hold: where, what failed and how, never what a user sent or stored.

Requests hold names and addresses of suspects and witnesses. Three paths used to copy them into
the log: an unhandled error's message (SQLAlchemy puts the statement's parameters in it, so a
version conflict logged the whole request document), the SQL echo that a DEBUG root logger turns
on, and the development server's access line with its query string (`?q=<a name>`).
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType
from typing import Any

from flask import Flask, request

#: Loggers that would print statements, parameters and result rows when the root logger is at
#: DEBUG; pinned to WARNING unless the operator configured them by name.
SQL_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.orm")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


class AccessLineWithoutQuery(logging.Filter):
    """Drops the query string from the development server's access lines (werkzeug)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_without_query(arg) for arg in record.args)
        return True


def _without_query(value: Any) -> Any:
    # werkzeug logs the request line as '%s' with "GET /path?query HTTP/1.1"
    if isinstance(value, str) and "?" in value and " /" in value:
        method, _, rest = value.partition(" ")
        target, _, protocol = rest.partition(" ")
        return f"{method} {target.split('?', 1)[0]} {protocol}".rstrip()
    return value


def failure_without_message(error: BaseException) -> str:
    """An exception as its type and stack frames: where it failed, never the data it quotes."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    return f"{type(error).__name__} (message withheld)\n{frames}"


def log_exception_without_data(app: Flask, exc_info: ExcInfo) -> None:
    """Flask's unhandled-error log, without the exception's message (it may quote user data)."""
    error_type, _error, trace = exc_info
    name = error_type.__name__ if error_type is not None else "unknown error"
    frames = "".join(traceback.format_tb(trace)) if trace is not None else ""
    app.logger.error(
        "unhandled %s on %s %s (endpoint %s); message withheld, it may hold personal data\n%s",
        name,
        request.method,
        request.path,
        request.endpoint,
        frames,
    )


def install_log_hygiene(app: Flask) -> None:
    """Make every log path of the application free of request bodies and stored data."""
    app.log_exception = (  # type: ignore[method-assign]
        lambda exc_info: log_exception_without_data(app, exc_info)
    )
    for name in SQL_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, AccessLineWithoutQuery) for f in werkzeug_logger.filters):
        werkzeug_logger.addFilter(AccessLineWithoutQuery())
