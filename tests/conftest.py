"""Fixtures: one app per test session on SQLite or PostgreSQL (MLA_TEST_DATABASE_URL), clean tables
per test, users by role, signed-in clients, API tokens, PDFs rendered once, a live server and a
real Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from sqlalchemy import event, text

from mla_tool import create_app
from mla_tool.config import Settings
from mla_tool.extensions import db

ARTIFACTS = Path(
    os.environ.get("MLA_TEST_ARTIFACTS", Path(__file__).parent.parent / "test-artifacts")
)
DEFAULT_PASSWORD = "correct horse battery staple"
#: WSGI environ key: the test's session was already in a transaction when the request began.
_SESSION_WAS_OPEN = "tests.session_was_open"


#: A module whose every test carries a mark says so in one line (`pytestmark = pytest.mark.slow`).
_MODULE_MARKS = re.compile(r"^pytestmark = \[?((?:pytest\.mark\.\w+(?:, )?)+)", re.MULTILINE)
#: A marker expression that leaves out tests by their marks alone (`not slow and not browser`).
_LEAVE_OUT = re.compile(r"^not \w+( and not \w+)*$")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under `-m "not slow and not browser ..."`, a module all of whose tests are left out by
    its own mark is not imported at all (scripts/test --fast: each process imported 50 of them,
    their libraries too, only to deselect every test)."""
    expression = (config.option.markexpr or "").strip()
    if not collection_path.name.startswith("test_") or collection_path.suffix != ".py":
        return None
    if not _LEAVE_OUT.match(expression):
        return None
    left_out = set(expression.replace("not ", "").split(" and "))
    found = _MODULE_MARKS.search(collection_path.read_text(encoding="utf-8"))
    marks = set(re.findall(r"pytest\.mark\.(\w+)", found.group(1))) if found else set()
    return True if marks & left_out else None


def _database_url(data_dir: Path) -> str:
    return os.environ.get("MLA_TEST_DATABASE_URL") or f"sqlite:///{data_dir / 'test.sqlite'}"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mla-data")


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """`scripts/test --fast` (MLA_TEST_CHEAP_HASHING=1): argon2 with its cheapest parameters, as
    passwords are hashed and checked in most tests; the full run keeps the real ones."""
    if os.environ.get("MLA_TEST_CHEAP_HASHING") != "1":
        yield
        return
    from argon2 import PasswordHasher

    from mla_tool.auth import service

    real = (service._hasher, service._DUMMY_HASH)
    service._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    service._DUMMY_HASH = service._hasher.hash("not-a-real-password-for-timing")
    yield
    service._hasher, service._DUMMY_HASH = real


def _commit_without_fsync(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous = OFF")
    cursor.close()


@pytest.fixture(scope="session")
def app(data_dir: Path) -> Iterator[Flask]:
    settings = Settings.from_environment(
        {"MLA_DATA_DIR": str(data_dir), "MLA_DATABASE_URL": _database_url(data_dir)}
    )
    application = create_app(
        {"TESTING": True, "MLA_LOGIN_RATE_LIMIT": "10000 per minute", "SERVER_NAME": None},
        settings=settings,
    )

    @application.before_request
    def fresh_g_per_request() -> None:
        # Tests hold an app context open, which Flask reuses for requests: start each request
        # with an empty `g`, as a real server does (login state and CSRF tokens live there).
        from flask import g

        for name in list(vars(g)):
            delattr(g, name)

    def note_open_transaction() -> None:
        request.environ[_SESSION_WAS_OPEN] = db.session().in_transaction()

    # first of all hooks: loading the signed-in user already begins the request's transaction
    application.before_request_funcs.setdefault(None, []).insert(0, note_open_transaction)

    @application.teardown_request
    def release_abandoned_write_lock(_error: BaseException | None) -> None:
        # A real server ends the session with each request; the test client shares the test's
        # session, so a writing request refused half-way (abort, no commit) kept SQLite's write
        # lock, and the live server's writers waited for it until "database is locked".
        if request.environ.get(_SESSION_WAS_OPEN, True) or not db.session().in_transaction():
            return
        dbapi_connection = db.session.connection().connection.dbapi_connection
        if getattr(dbapi_connection, "in_transaction", False):
            db.session.rollback()

    with application.app_context():
        if db.engine.dialect.name == "sqlite":
            # the test database need not survive a power cut: commits without waiting for the
            # disk (what a commit means to the app and to other connections is unchanged)
            event.listen(db.engine, "connect", _commit_without_fsync)
            db.engine.dispose()
        db.drop_all()
        db.create_all()
        from mla_tool.vault.keys import ensure_master_key

        ensure_master_key(application.config["MLA_MASTER_KEY_FILE"])
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _clean_tables() -> None:
    db.session.rollback()
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        quoted = ", ".join(f'"{name}"' for name in tables)
        db.session.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    else:  # on the driver's cursor: half the time of SQLAlchemy's statements, after every test
        cursor = db.session.connection().connection.dbapi_connection.cursor()
        for name in tables:
            cursor.execute(f'DELETE FROM "{name}"')
        cursor.close()
    db.session.commit()


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        _clean_tables()
        db.session.remove()
        # clean tables are a new audit log: checkpoints of the old one no longer apply
        Path(app.config["MLA_AUDIT_CHECKPOINT_FILE"]).unlink(missing_ok=True)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_user() -> Callable[..., Any]:
    from mla_tool.auth.service import create_user

    counter = {"n": 0}

    def factory(
        role: str = "prosecutor",
        email: str | None = None,
        country: str | None = "FRA",
        password: str = DEFAULT_PASSWORD,
        **extra: Any,
    ) -> Any:
        counter["n"] += 1
        user = create_user(
            email or f"{role}{counter['n']}@example.org",
            password,
            role,
            country_iso3=country,
            **extra,
        )
        db.session.commit()
        return user

    return factory


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def sign_in(client: FlaskClient, email: str, password: str = DEFAULT_PASSWORD) -> Any:
    page = client.get("/login")
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def login(client: FlaskClient) -> Callable[[Any], FlaskClient]:
    def do_login(user: Any, password: str = DEFAULT_PASSWORD) -> FlaskClient:
        response = sign_in(client, user.email, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return do_login


@pytest.fixture
def api_headers() -> Callable[[Any], dict[str, str]]:
    from mla_tool.auth.service import issue_token

    def headers_for(user: Any) -> dict[str, str]:
        token = issue_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return headers_for


@pytest.fixture
def page_csrf(client: FlaskClient) -> Callable[[str], str]:
    """The CSRF token of a page the signed-in client opens."""

    def token_for(path: str) -> str:
        return csrf_token_from(client.get(path).get_data(as_text=True))

    return token_for


#: The PDF of each (HTML, archival) rendered under `pdf_rendered_once`, in this process.
_RENDERED_PDFS: dict[tuple[str, bool], bytes] = {}


@pytest.fixture
def pdf_rendered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each document HTML rendered to PDF once per process, for tests that carry a request's PDF
    (sealed, signed, transmitted) rather than read it: the same HTML makes the same PDF but for
    its creation time, and a render takes most of a second. The first render is a real one."""
    from mla_tool.forms import acknowledgement_letter, document_pages, documents, review_sheet

    real = document_pages.html_to_pdf

    def rendered_once(html: str, archival: bool = True) -> bytes:
        key = (html, archival)
        if key not in _RENDERED_PDFS:
            _RENDERED_PDFS[key] = real(html, archival)
        return _RENDERED_PDFS[key]

    for module in (documents, acknowledgement_letter, review_sheet):
        monkeypatch.setattr(module, "html_to_pdf", rendered_once)


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("MLA_CHROMIUM", "/usr/bin/chromium")
    assert Path(executable).exists(), f"{executable} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def run_cli(
    data_dir: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`mla-tool ARGS` as an operator runs it, on the data folder's own SQLite database."""
    env = {**os.environ, "MLA_DATA_DIR": str(data_dir)}
    env.pop("MLA_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "mla_tool.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
