"""Test data builders and fixtures shared by several test modules (notifications)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from flask import Flask

from mla_tool.cases import deadlines, membership, opening
from mla_tool.extensions import db

TODAY = date(2030, 6, 1)


PASSWORD = "s3cret-smtp-Pa55word"


@pytest.fixture
def team(make_user: Callable[..., Any]) -> dict[str, Any]:
    """A case opened by a caseworker, with a prosecutor and an auditor on it; an outsider."""
    caseworker = make_user("caseworker", display_name="Carla")
    prosecutor = make_user("prosecutor", display_name="Pierre")
    auditor = make_user("auditor")
    outsider = make_user("prosecutor", country="DEU")
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Fraud ring",
        reference="MLA-2030-17",
        actor=caseworker,
    )
    membership.add_member(case, prosecutor, "member", caseworker)
    membership.add_member(case, auditor, "member", caseworker)
    db.session.commit()
    return {
        "case": case,
        "caseworker": caseworker,
        "prosecutor": prosecutor,
        "auditor": auditor,
        "outsider": outsider,
    }


def _deadline(case: Any, days: int, label: str = "Reply to the requested state") -> Any:
    deadline = deadlines.add_deadline(
        case, kind="respond_by", due_on=TODAY + timedelta(days=days), remind_days=[3], label=label
    )
    db.session.commit()
    return deadline


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailSink:
    """aiosmtpd handler keeping what it accepted; `reject` answers DATA with a temporary error."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.reject = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.reject:
            return "451 4.3.0 mailbox temporarily unavailable"
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[MailSink]:
    """A real SMTP server on localhost (aiosmtpd) that the app is configured to use."""
    sink = MailSink()
    port = _free_port()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,
    )
    controller.start()
    for key, value in {
        "MLA_SMTP_HOST": "127.0.0.1",
        "MLA_SMTP_PORT": port,
        "MLA_SMTP_FROM": "reminders@mla.example.org",
        "MLA_SMTP_USER": "",
        "MLA_SMTP_PASSWORD": "",
        "MLA_SMTP_STARTTLS": False,
        "MLA_BASE_URL": "https://mla.example.org",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    yield sink
    controller.stop()
