"""How database transactions begin, and how a lost race is answered (SQLite and PostgreSQL).

SQLite allows one writer at a time. Its Python driver opens transactions lazily and as readers,
so two requests that read and then write both hold a read snapshot and one of them fails with
"database is locked" when it tries to become the writer: the busy timeout is never consulted
for that upgrade. So on SQLite the driver's own transaction handling is switched off, the file
runs in WAL mode (readers never block the writer), and every transaction is begun here: a web
request that changes things (any method but GET, HEAD, OPTIONS) begins with `BEGIN IMMEDIATE`,
which takes the write lock first and waits for it (busy timeout) instead of failing half-way;
everything else begins a plain deferred read. A read that nevertheless writes (an audit entry
for a download) and meets a busy database is answered again from the start, this time as a
writer, before anything reaches the client (`RetryBusyReads`).

On both databases a write that compares-and-sets (a request's version, a case's status) and
finds the row changed raises StaleDataError, answered 409 here like any other conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, has_request_context, render_template, request
from flask_babel import gettext as _
from sqlalchemy import event, inspect, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

#: Methods that read: their transactions begin deferred (as readers).
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Milliseconds a writer waits for the write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: WSGI environ keys: the database was busy for this read; answer it again as a writer.
BUSY_KEY = "mla_tool.sqlite_busy"
RETRY_KEY = "mla_tool.begin_immediate"

_forced_mode: ContextVar[bool | None] = ContextVar("mla_tool_begin_immediate", default=None)


def _begin_immediate() -> bool:
    forced = _forced_mode.get()
    if forced is not None:
        return forced
    if has_request_context():
        return request.method not in READ_METHODS or bool(request.environ.get(RETRY_KEY))
    return False


@contextmanager
def writing_transactions() -> Iterator[None]:
    """Begin the transactions of this block as writers (for a command that runs beside the
    server and reads before it writes)."""
    token = _forced_mode.set(True)
    try:
        yield
    finally:
        _forced_mode.reset(token)


def _is_busy(error: BaseException | None) -> bool:
    return "database is locked" in str(error) or "database is busy" in str(error)


def configure_sqlite_engine(engine: Engine) -> None:
    """WAL, a busy timeout, and transactions begun by us (deferred or immediate)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver begins nothing by itself
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _begin_immediate() else "BEGIN")

    @event.listens_for(engine, "handle_error")
    def on_error(context: Any) -> None:
        if has_request_context() and _is_busy(context.original_exception):
            request.environ[BUSY_KEY] = True


class RetryBusyReads:
    """WSGI middleware: a GET whose read transaction could not become a writer on SQLite is
    answered once more from the start with a writing transaction. A GET has no body to replay,
    and whatever the first attempt wrote was rolled back with it."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("REQUEST_METHOD") not in READ_METHODS:
            return self.wsgi_app(environ, start_response)
        held: list[tuple[Any, ...]] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            held.append((status, headers, exc_info))
            return lambda data: None  # Flask never uses the write callable

        body = self.wsgi_app(environ, hold)
        if environ.pop(BUSY_KEY, False) and not environ.get(RETRY_KEY):
            close = getattr(body, "close", None)
            if close is not None:
                close()
            environ[RETRY_KEY] = True
            return self.wsgi_app(environ, start_response)
        start_response(*held[-1])
        return body


def compare_and_set(instance: Any, expected: dict[str, Any], values: dict[str, Any]) -> bool:
    """`UPDATE <table> SET values WHERE <primary key> AND <each expected column = value>` for a
    loaded row: True when the row still held what was expected and now holds `values` (the
    instance is updated to match, without another UPDATE); False when someone changed it first,
    and then nothing is written. On PostgreSQL the second of two simultaneous writers waits for
    the first, then re-checks the condition against the committed row."""
    from .extensions import db

    mapper = inspect(instance).mapper
    model = mapper.class_
    identity = {key.key: getattr(instance, key.key) for key in mapper.primary_key}
    db.session.flush()  # what the instance already holds is written under the same condition
    statement = (
        update(model)
        .where(*(getattr(model, k) == v for k, v in {**identity, **expected}.items()))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(statement).rowcount != 1:
        return False
    for key, value in values.items():
        set_committed_value(instance, key, value)
    return True


def _conflict(error: Exception) -> Any:
    message = _(
        "Someone else changed this at the same moment; nothing was saved. Reload and try again."
    )
    if request.path.startswith("/api/"):
        from .api.errors import error_response

        return error_response(
            409, "conflict", "changed by someone else meanwhile; nothing was saved"
        )
    return render_template("errors/error.html", code=409, message=message), 409


def init_transactions(app: Flask) -> None:
    """Configure the engines of `app` and answer lost compare-and-set races with 409."""
    from .extensions import db

    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                configure_sqlite_engine(engine)
    app.wsgi_app = RetryBusyReads(app.wsgi_app)  # type: ignore[method-assign]
    app.register_error_handler(StaleDataError, _conflict)
