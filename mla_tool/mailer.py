"""Sending email through the SMTP server in the settings (MLA_SMTP_*); callers decide the text."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from types import TracebackType

from flask import current_app

SMTP_TIMEOUT_SECONDS = 30

#: What a failed connection or a failed message raises.
SEND_ERRORS: tuple[type[Exception], ...] = (OSError, smtplib.SMTPException)


def enabled() -> bool:
    """Whether an SMTP server is configured at all."""
    return bool(current_app.config.get("MLA_SMTP_HOST"))


def message(to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the configured sender."""
    composed = EmailMessage()
    composed["From"] = current_app.config.get("MLA_SMTP_FROM") or "mla-tool@localhost"
    composed["To"] = to
    composed["Subject"] = subject
    composed["Message-ID"] = make_msgid(domain="mla-tool")
    composed.set_content(body)
    return composed


def describe(error: BaseException) -> str:
    """The error as one short line with the SMTP password taken out, should a server echo it."""
    text = f"{type(error).__name__}: {error}"
    password = current_app.config.get("MLA_SMTP_PASSWORD") or ""
    if password:
        text = text.replace(password, "***")
    return text[:300]


def _connect() -> smtplib.SMTP:
    config = current_app.config
    connection = smtplib.SMTP(
        config["MLA_SMTP_HOST"],
        int(config.get("MLA_SMTP_PORT") or 25),
        timeout=SMTP_TIMEOUT_SECONDS,
    )
    try:
        if config.get("MLA_SMTP_STARTTLS"):
            connection.starttls(context=ssl.create_default_context())
        if config.get("MLA_SMTP_USER"):
            connection.login(config["MLA_SMTP_USER"], config.get("MLA_SMTP_PASSWORD") or "")
    except BaseException:
        connection.close()
        raise
    return connection


def _close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except SEND_ERRORS:
        connection.close()


class Mailer:
    """One SMTP connection for a batch of messages: `connect` opens it if it is not open, `send`
    sends one message (after a failure the connection is dropped, unless only the recipient was
    refused), leaving the `with` block closes it. Failures raise one of SEND_ERRORS."""

    def __init__(self) -> None:
        self._connection: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def connect(self) -> None:
        if self._connection is None:
            self._connection = _connect()

    def send(self, composed: EmailMessage) -> None:
        self.connect()
        assert self._connection is not None
        try:
            self._connection.send_message(composed)
        except SEND_ERRORS as error:
            if not isinstance(error, smtplib.SMTPRecipientsRefused):
                self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            _close(connection)
