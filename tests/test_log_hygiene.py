"""No personal data in the server log: conflict, bad-input and failed-import paths are driven with a
distinctive witness, and every log line (application, SQLAlchemy, werkzeug, waitress) is searched."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import requests as http
from sqlalchemy import insert

from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest, RequestVersion
from tests.conftest import csrf_token_from

WITNESS_NAME = "Zoltrana Quibbleworth"
WITNESS_ADDRESS = "17 Impasse des Hirondelles Muettes"
SECRETS = (WITNESS_NAME, WITNESS_ADDRESS, "Quibbleworth", "Hirondelles")
#: the root logger at DEBUG (what an operator who turns on debugging gets), and the servers' own
LOGGERS = ("", "werkzeug", "waitress", "mla_tool")
#: the test's own HTTP client and mail server log what they see: that is not the server's log
CLIENT_LOGGERS = ("urllib3", "requests", "mail.log", "asyncio")


@pytest.fixture
def server_log(
    app: Any,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Any]:
    """Everything the server's loggers (and its stdout/stderr) receive while the test runs, at
    DEBUG; unhandled errors are answered and logged as in production, not raised into the test."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name or None)

    def text() -> str:
        captured = capfd.readouterr()
        server_records = [r for r in caplog.records if not r.name.startswith(CLIENT_LOGGERS)]
        lines = [
            f"{r.name} {r.levelname} {r.getMessage()} {r.exc_text or ''}" for r in server_records
        ]
        for record in server_records:
            if record.exc_info:
                lines.append(logging.Formatter().formatException(record.exc_info))
        return "\n".join(lines) + captured.out + captured.err

    yield text


def assert_clean(log_text: str) -> None:
    for secret in SECRETS:
        assert secret not in log_text, f"{secret!r} was written to the server log"


def witness(**extra: Any) -> dict[str, Any]:
    return {"role": "witness", "name": WITNESS_NAME, "address": WITNESS_ADDRESS, **extra}


def _a_concurrent_save_committed_first(request_id: int) -> None:
    """Another writer saved this request in the meantime: its version row already exists."""
    current = db.session.get(MlaRequest, request_id)
    assert current is not None
    db.session.execute(
        insert(RequestVersion).values(
            request_id=request_id, number=current.version + 1, data={"kind": current.kind}
        )
    )
    db.session.commit()
    db.session.expire_all()


def test_a_version_conflict_over_the_api_logs_no_witness(
    client, make_user, api_headers, server_log
) -> None:
    headers = api_headers(make_user("prosecutor"))
    created = client.post(
        "/api/v1/requests", json={"kind": "mla", "persons": [witness()]}, headers=headers
    )
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    _a_concurrent_save_committed_first(request_id)
    stale = client.patch(
        f"/api/v1/requests/{request_id}",
        json={"persons": [witness(description=f"Lives at {WITNESS_ADDRESS}")]},
        headers=headers,
    )
    assert stale.status_code in (409, 500)
    body = stale.get_data(as_text=True)
    assert WITNESS_NAME not in body and WITNESS_ADDRESS not in body
    assert_clean(server_log())


def test_a_version_conflict_in_the_wizard_logs_no_witness(
    client, make_user, login, server_log
) -> None:
    login(make_user("prosecutor"))
    token = csrf_token_from(client.get("/requests/").get_data(as_text=True))
    created = client.post("/requests/new", data={"kind": "mla", "csrf_token": token})
    request_id = int(created.headers["Location"].split("/requests/")[1].split("/")[0])
    _a_concurrent_save_committed_first(request_id)
    form = {
        "csrf_token": token,
        "item-role": "witness",
        "item-name": WITNESS_NAME,
        "item-address": WITNESS_ADDRESS,
        "save": "1",
    }
    response = client.post(f"/requests/{request_id}/step/persons", data=form)
    assert response.status_code in (302, 409, 500)
    assert_clean(server_log())


def test_bad_api_bodies_log_no_witness(client, make_user, api_headers, server_log) -> None:
    headers = api_headers(make_user("prosecutor"))
    invalid = client.post(
        "/api/v1/requests",
        json={"kind": "mla", "persons": [witness(birth_date=WITNESS_ADDRESS)]},
        headers=headers,
    )
    assert invalid.status_code == 422
    malformed = client.post(
        "/api/v1/requests",
        data='{"kind": "mla", "persons": [{"name": "' + WITNESS_NAME + '"',
        content_type="application/json",
        headers=headers,
    )
    assert malformed.status_code == 400
    unknown = client.post(
        "/api/v1/requests",
        json={"kind": "mla", "witness_of_the_day": WITNESS_NAME},
        headers=headers,
    )
    assert unknown.status_code == 422
    assert_clean(server_log())


def test_a_failed_import_logs_no_witness(client, make_user, api_headers, server_log) -> None:
    headers = api_headers(make_user("caseworker"))
    package = json.dumps({"persons": [witness()], "note": WITNESS_ADDRESS}).encode()
    for body in (package, b"PK\x03\x04" + package, WITNESS_NAME.encode()):
        response = client.post(
            "/api/v1/exchange/import",
            data=body,
            content_type="application/octet-stream",
            headers=headers,
        )
        assert 400 <= response.status_code < 500, response.get_data(as_text=True)[:300]
    assert_clean(server_log())


def test_the_access_log_of_the_server_keeps_no_query_text(
    live_server, make_user, api_headers, server_log
) -> None:
    headers = api_headers(make_user("prosecutor"))
    response = http.get(
        f"{live_server}/api/v1/cases", params={"q": WITNESS_NAME}, headers=headers, timeout=30
    )
    assert response.status_code == 200
    log_text = server_log()
    assert "/api/v1/cases" in log_text  # the request is logged, without its query
    assert_clean(log_text)


class RefusingMailServer:
    """aiosmtpd handler that refuses every recipient, naming it, as real servers do."""

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        return f"550 5.1.1 <{address}>: recipient unknown"


def test_a_refused_reminder_email_logs_no_address(
    app, make_user, server_log, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket
    from datetime import date, timedelta

    from aiosmtpd.controller import Controller

    from mla_tool.cases import deadlines, opening
    from mla_tool.cases.models import Notification
    from mla_tool.cases.reminders import run_reminders

    recipient = "zoltrana.quibbleworth@example.org"
    caseworker = make_user("caseworker", email=recipient)
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Fraud ring",
        reference="MLA-2030-18",
        actor=caseworker,
    )
    today = date(2030, 6, 1)
    deadlines.add_deadline(
        case,
        kind="respond_by",
        due_on=today + timedelta(days=2),
        remind_days=[3],
        label=f"Hear {WITNESS_NAME}",
    )
    db.session.commit()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(RefusingMailServer(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for key, value in {
            "MLA_SMTP_HOST": "127.0.0.1",
            "MLA_SMTP_PORT": port,
            "MLA_SMTP_FROM": "reminders@mla.example.org",
            "MLA_SMTP_USER": "",
            "MLA_SMTP_PASSWORD": "",
            "MLA_SMTP_STARTTLS": False,
        }.items():
            monkeypatch.setitem(app.config, key, value)
        run_reminders(today)
    finally:
        controller.stop()
    statuses = {n.email_status for n in db.session.query(Notification)}
    assert statuses == {"failed"}  # the refusal happened, and is kept on the notification
    log_text = server_log()
    assert "not sent" in log_text and "SMTPRecipientsRefused" in log_text
    assert recipient not in log_text and "quibbleworth@" not in log_text
    assert_clean(log_text)


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_the_production_server_logs_no_witness(tmp_path) -> None:
    """`mla-tool serve` (waitress) as an operator runs it: everything it prints is searched."""
    import os
    import socket
    import sqlite3
    import subprocess
    import sys
    import time

    env = {**os.environ, "MLA_DATA_DIR": str(tmp_path), "MLA_LOGIN_RATE_LIMIT": "1000 per minute"}
    env.pop("MLA_DATABASE_URL", None)

    def cli(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "mla_tool.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("init")
    cli("user", "add", "w@example.org", "--role", "prosecutor", "--password-stdin",
        stdin="a long enough password\n")  # fmt: skip
    headers = bearer_headers(cli("token", "w@example.org").strip())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "mla_tool.cli", "serve", "--port", str(port)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if http.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except http.ConnectionError:
                time.sleep(0.2)
        created = http.post(
            f"{base}/api/v1/requests",
            json={"kind": "mla", "persons": [witness()]},
            headers=headers,
            timeout=30,
        )
        assert created.status_code == 201, created.text
        request_id = created.json()["id"]
        with sqlite3.connect(tmp_path / "mla_tool.sqlite") as connection:  # a save that won
            connection.execute(
                "INSERT INTO request_versions (request_id, number, data, saved_at) "
                "VALUES (?, 2, '{}', CURRENT_TIMESTAMP)",
                (request_id,),
            )
        stale = http.patch(
            f"{base}/api/v1/requests/{request_id}",
            json={"persons": [witness(description=WITNESS_ADDRESS)]},
            headers=headers,
            timeout=30,
        )
        assert stale.status_code in (409, 500)
        assert http.get(
            f"{base}/api/v1/cases", params={"q": WITNESS_NAME}, headers=headers, timeout=30
        ).ok
        malformed = http.post(
            f"{base}/api/v1/requests",
            data='{"persons": [{"name": "' + WITNESS_NAME,
            headers={**headers, "Content-Type": "application/json"},
            timeout=30,
        )
        assert malformed.status_code == 400
    finally:
        server.terminate()
        server.wait(timeout=30)
    log_text = log_path.read_text(errors="replace")
    assert "listening on" in log_text  # the capture works
    assert_clean(log_text)


def bearer_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
