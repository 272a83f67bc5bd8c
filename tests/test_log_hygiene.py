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
#: the test's own HTTP client logs the URLs it calls: that is not the server's log
CLIENT_LOGGERS = ("urllib3", "requests")


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
