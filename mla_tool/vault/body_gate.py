"""The production server admits a request body only once its sender is known to be allowed it.

Waitress reads a whole body before calling the application, and past `inbuf_overflow` it spools
the body to a temporary file. So the decision is taken as soon as the headers are in: a body
that could reach the disk (larger than the in-memory buffer, or chunked), and every body sent to
an upload endpoint, is refused unless the bearer token or the session cookie names a user who
holds the endpoint's permission and, for a case's attachments, is a member of that case. The
refusal is sent at once and the connection closed: no byte of the body is read into a file.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_login import current_user
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import create_server
from waitress.utilities import Error
from werkzeug.exceptions import HTTPException
from werkzeug.test import EnvironBuilder

from ..auth import service as auth_service
from ..cases.access import get_case_for
from ..errors import NotFoundError
from ..extensions import db
from ..log_hygiene import failure_without_message
from .streamed_body import BodyPipe, StreamingChannel

#: Endpoints that take a file, and the permission each needs (beside case membership).
UPLOAD_ENDPOINTS: dict[str, str] = {
    "attachments.upload": "attachment.upload",
    "api.vault_upload_attachment": "attachment.upload",
    "exchange.receive": "exchange.manage",
    "api.exchange_import_package": "exchange.manage",
    "requests.incoming_register": "case.register_incoming",
    "api.incoming_register": "case.register_incoming",
}


class BodyRefused(Error):
    """The answer waitress sends instead of reading the body."""

    def __init__(self, code: int, reason: str, body: str) -> None:
        super().__init__(body)
        self.code = code
        self.reason = reason


def _environ(parser: HTTPRequestParser, remote_addr: str) -> dict[str, Any]:
    headers = {
        name.replace("_", "-").title(): value
        for name, value in parser.headers.items()
        if name not in {"CONTENT_LENGTH", "TRANSFER_ENCODING"}
    }
    builder = EnvironBuilder(
        path=parser.path or "/",
        query_string=parser.query or "",
        method=parser.command,
        headers=headers,
        environ_base={"REMOTE_ADDR": remote_addr},
    )
    try:
        return builder.get_environ()
    finally:
        builder.close()


def _user(app: Flask) -> Any:
    if request.path.startswith("/api/"):
        # the bearer token, as the API itself authenticates
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return auth_service.user_for_token(token.strip())
    return current_user if current_user.is_authenticated else None


def refusal(app: Flask, environ: dict[str, Any], upload_only: bool) -> BodyRefused | None:
    """Why this request may not send its body (None: it may)."""
    adapter = app.url_map.bind_to_environ(environ)
    try:
        endpoint, arguments = adapter.match(method=environ["REQUEST_METHOD"])
    except HTTPException:
        endpoint, arguments = "", {}
    permission = UPLOAD_ENDPOINTS.get(endpoint)
    if permission is None and upload_only:
        return None
    with app.request_context(environ):
        try:
            user = _user(app)
            if user is None:
                return BodyRefused(401, "Unauthorized", "sign in (or send a bearer token) first")
            if permission is not None and not user.may(permission):
                return BodyRefused(403, "Forbidden", "this account may not upload here")
            if "case_id" in arguments:
                try:
                    get_case_for(user, int(arguments["case_id"]))
                except NotFoundError:
                    return BodyRefused(404, "Not Found", "no such case")
            return None
        finally:
            db.session.remove()


def gated_channel(app: Flask) -> type[HTTPChannel]:
    """An HTTPChannel whose requests are refused before their body when `refusal` says so."""

    class GatedParser(HTTPRequestParser):
        remote_addr = ""
        channel: Any = None
        body_pipe: BodyPipe | None = None

        def parse_header(self, header_plus: bytes) -> None:
            super().parse_header(header_plus)
            if self.body_rcv is None or self.error:
                return
            spills = self.chunked or self.content_length > self.adj.inbuf_overflow
            try:
                refused = refusal(app, _environ(self, self.remote_addr), upload_only=not spills)
            except Exception as error:  # no database, a broken cookie…: no body, not a guess
                app.logger.error(
                    "could not check a request before its body: %s", failure_without_message(error)
                )
                refused = BodyRefused(503, "Service Unavailable", "try again later")
            if refused is not None:
                self.error = refused
                self.body_rcv = None
                self.expect_continue = False  # no "100 Continue": the body is not wanted
                self.completed = True
            elif (
                spills
                and not self.chunked
                and self.content_length < self.adj.max_request_body_size  # else waitress's 413
                and self.channel.may_stream()
            ):
                self.body_pipe = self.channel.start_streaming(self.content_length, self)
                self.body_rcv = None  # the body goes to the pipe, not to a spool file
                self.completed = True  # the application starts now, reading as bytes arrive

        def received(self, data: bytes) -> int:
            consumed = super().received(data)
            if self.body_pipe is not None and consumed < len(data):
                consumed += self.body_pipe.feed(data[consumed:])  # the body's first bytes
            return consumed

        def get_body_stream(self) -> Any:
            return self.body_pipe if self.body_pipe is not None else super().get_body_stream()

    class GatedChannel(StreamingChannel):
        def parser_class(self, adj: Any) -> HTTPRequestParser:  # type: ignore[override]
            parser = GatedParser(adj)
            parser.remote_addr = str(self.addr[0]) if isinstance(self.addr, tuple) else ""
            parser.channel = self
            return parser

    return GatedChannel


#: Waitress settings for files of gigabytes (measured in bench/vault_serve.py, docs/deploy.md).
TRANSFER_TUNING: dict[str, int] = {
    "recv_bytes": 256 * 1024,  # not 8 KiB per turn of the main loop
    # A response is held in memory up to the high-water mark (the worker then waits for the
    # socket), never spilled to a temporary file: the overflow is above the mark plus a piece.
    "outbuf_high_watermark": 4 << 20,
    "outbuf_overflow": 16 << 20,
}


def make_server(app: Flask, host: str, port: int, threads: int) -> Any:
    """The waitress server of `mla-tool serve`: gated bodies, the documented upload limit."""
    limit = app.config.get("MAX_CONTENT_LENGTH")
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "threads": threads,
        "ident": "mla_tool",
        **TRANSFER_TUNING,
    }
    if limit:
        options["max_request_body_size"] = int(limit) + 1  # waitress refuses at >= this
    server = create_server(app, **options)
    server.channel_class = gated_channel(app)
    return server
