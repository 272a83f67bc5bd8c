"""How database transactions begin, and how a lost race is answered (SQLite and PostgreSQL).

SQLite allows one writer at a time, and a transaction that has read cannot always become the
writer: if another connection wrote since its first read, or is writing now, SQLite answers
"database is locked" at once, without waiting the busy timeout. Python's driver also begins its
transactions on its own terms. So on SQLite the driver's transaction handling is switched off,
the file runs in WAL mode (readers never block the writer, nor the writer them), and transactions
are begun here, always as `BEGIN IMMEDIATE`, which takes the write lock first and waits for it:

- a web request that changes things (any method but GET, HEAD, OPTIONS; signing in and
  transmitting excepted, see BEGIN_AT_FIRST_WRITE_ENDPOINTS) begins its transaction that way
  before its first statement, so that everything it reads is what it writes against;
- anything else (a page read, a command, a test) reads without a transaction, and begins one,
  the same way, just before its first write or `SELECT ... FOR UPDATE` (which SQLite otherwise
  ignores: the audit log's chaining pass reads the head row with it, in a transaction of its own
  after the commit that wrote the entries), so a read never has to be upgraded.

On both databases writes that must not cross compare-and-set in SQL (`compare_and_set`): a case's
status, a request's version. A row changed under the ORM's own version check (StaleDataError) is
answered 409 like any other conflict.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context, render_template, request
from flask_babel import gettext as _
from sqlalchemy import event, inspect, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from .extensions import db
from .postgres_sessions import configure_postgresql_engine

#: Methods that read: their transactions begin at their first write, if any.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Milliseconds a writer waits for the write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Statements that write (or, for SAVEPOINT, open a transaction that will).
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT")
#: connection.info key: this transaction begins at its first write.
_BEGINS_AT_WRITE = "mla_tool.begins_at_first_write"


#: Writing endpoints that do slow work before they write, and must not hold every other writer
#: meanwhile: signing in verifies a password (argon2, a good fraction of a second); transmitting
#: a case (securely, or recording a transmission with its documents) renders its PDFs and seals
#: them (seconds), then writes, its status change comparing-and-setting what it read.
BEGIN_AT_FIRST_WRITE_ENDPOINTS = frozenset(
    {
        "auth.login",
        "exchange.transmit",
        "api.exchange_transmit",
        "cases.record_transmission",
        "api.cases_post_transmission",
    }
)


def _writes_from_the_start() -> bool:
    return (
        has_request_context()
        and request.method not in READ_METHODS
        and request.endpoint not in BEGIN_AT_FIRST_WRITE_ENDPOINTS
    )


def _takes_write_lock(statement: str, context: Any) -> bool:
    if statement.lstrip()[:9].upper().startswith(_WRITE_VERBS):
        return True
    compiled = getattr(context, "compiled", None)
    return getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None


def configure_sqlite_engine(engine: Engine) -> None:
    """WAL, a busy timeout, and every transaction begun as `BEGIN IMMEDIATE` (see above)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver begins nothing by itself
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        if _writes_from_the_start():
            connection.info[_BEGINS_AT_WRITE] = False
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.info[_BEGINS_AT_WRITE] = True

    @event.listens_for(engine, "before_cursor_execute")
    def before_execute(
        connection: Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if (
            connection.info.get(_BEGINS_AT_WRITE)
            and connection.in_transaction()
            and not cursor.connection.in_transaction
            and _takes_write_lock(statement, context)
        ):
            cursor.execute("BEGIN IMMEDIATE")


def compare_and_set(instance: Any, expected: dict[str, Any], values: dict[str, Any]) -> bool:
    """`UPDATE <table> SET values WHERE <primary key> AND <each expected column = value>` for a
    loaded row: True when the row still held what was expected and now holds `values` (the
    instance is updated to match, without another UPDATE); False when someone changed it first,
    and then nothing is written. On PostgreSQL the second of two simultaneous writers waits for
    the first, then re-checks the condition against the committed row."""
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
        from .api.errors import error_response  # pydantic with it: not every command's import

        return error_response(
            409, "conflict", "changed by someone else meanwhile; nothing was saved"
        )
    return render_template("errors/error.html", code=409, message=message), 409


def init_transactions(app: Flask) -> None:
    """Configure the engines of `app` (SQLite's transactions, PostgreSQL's session settings)
    and answer lost compare-and-set races with 409."""
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                configure_sqlite_engine(engine)
            elif engine.dialect.name == "postgresql":
                configure_postgresql_engine(engine)
    app.register_error_handler(StaleDataError, _conflict)
