"""The server's worker sends its response itself: whole and in order to a slow reader, without
the main loop turning on every free byte of the socket; a client that goes away ends the
response (the application's iterator is closed) and frees the worker; keep-alive, pipelined
requests and HEAD answer as before."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from waitress.server import create_server

from mla_tool.vault.body_gate import TRANSFER_TUNING
from mla_tool.vault.response_channel import ResponseChannel
from mla_tool.vault.streamed_body import StreamingChannel

PIECE = 1 << 20


def body_of(name: str, pieces: int) -> list[bytes]:
    """`pieces` pieces of 1 MiB, each different, so a piece out of order shows."""
    return [(f"{name}:{index:06d}|".encode() * PIECE)[:PIECE] for index in range(pieces)]


class App:
    """GET /NAME?PIECES answers PIECES MiB from a generator; records the generators closed."""

    def __init__(self) -> None:
        self.closed: list[str] = []
        self.sent: dict[str, int] = {}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        name = environ["PATH_INFO"].strip("/")
        pieces = body_of(name, int(environ.get("QUERY_STRING") or 1))
        start_response("200 OK", [("Content-Length", str(sum(map(len, pieces))))])
        if environ["REQUEST_METHOD"] == "HEAD":
            return iter([])  # as Flask answers a HEAD
        return self.generate(name, pieces)

    def generate(self, name: str, pieces: list[bytes]) -> Iterator[bytes]:
        try:
            for piece in pieces:
                yield piece
                self.sent[name] = self.sent.get(name, 0) + 1
        finally:
            self.closed.append(name)


@pytest.fixture
def served() -> Iterator[tuple[Any, App]]:
    app = App()
    server = create_server(app, host="127.0.0.1", port=0, threads=1, **TRANSFER_TUNING)
    server.channel_class = StreamingChannel
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server, app
    server.close()


def connect(server: Any) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", server.effective_port), timeout=30)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)  # fills up soon
    return connection


def read_response(
    connection: socket.socket, rest: bytes = b"", pace: float = 0.0, head_only: bool = False
) -> tuple[bytes, bytes, bytes]:
    """(status line and headers, body, bytes after it) of one response with Content-Length
    (`head_only`: the answer to a HEAD, which has none)."""
    data = rest
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536)
    head, _, data = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            length = int(value)
    if head_only:
        length = 0
    body = bytearray(data)
    while len(body) < length:
        piece = connection.recv(256 * 1024)
        assert piece, f"the connection ended after {len(body)} of {length} bytes"
        body += piece
        if pace:
            time.sleep(pace)
    return head, bytes(body[:length]), bytes(body[length:])


def test_a_slow_reader_gets_every_byte_in_order_the_worker_waiting_on_the_socket(
    served, monkeypatch
) -> None:
    server, _ = served
    waits = []
    original = ResponseChannel._wait_for_socket
    monkeypatch.setattr(
        ResponseChannel, "_wait_for_socket", lambda self: (waits.append(1), original(self))[1]
    )
    connection = connect(server)
    connection.sendall(b"GET /slow?24 HTTP/1.1\r\nHost: x\r\n\r\n")
    head, body, _ = read_response(connection, pace=0.002)  # far past the 4 MiB high-water mark
    assert head.startswith(b"HTTP/1.1 200")
    assert body == b"".join(body_of("slow", 24))
    assert waits  # the worker waited for the socket itself, not for the main loop
    connection.close()


def test_the_main_loop_is_not_asked_to_send_while_the_worker_sends(served, monkeypatch) -> None:
    server, _ = served
    asked = []
    original = ResponseChannel._flush_some

    def flush_some(self: ResponseChannel, do_close: bool = True) -> bool:
        if threading.current_thread().name.startswith("waitress-"):  # a worker, not the loop
            asked.append(self.writable())
        return original(self, do_close)

    monkeypatch.setattr(ResponseChannel, "_flush_some", flush_some)
    connection = connect(server)
    connection.sendall(b"GET /fast?32 HTTP/1.1\r\nHost: x\r\n\r\n")
    head, body, _ = read_response(connection)
    assert body == b"".join(body_of("fast", 32))
    # before, the loop was told the channel was writable while the worker held its lock: it
    # woke on every free byte of the socket, failed to take the lock and polled again
    assert asked and not any(asked)
    connection.close()


def test_a_client_that_goes_away_ends_the_response_and_frees_the_worker(served) -> None:
    server, app = served
    connection = connect(server)
    connection.sendall(b"GET /gone?256 HTTP/1.1\r\nHost: x\r\n\r\n")
    connection.recv(65536)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    connection.close()  # a reset, mid-response
    deadline = time.monotonic() + 20
    while "gone" not in app.closed and time.monotonic() < deadline:
        time.sleep(0.05)
    assert app.closed == ["gone"]
    assert app.sent["gone"] < 256
    # the only worker is free again
    again = connect(server)
    again.sendall(b"GET /next?2 HTTP/1.1\r\nHost: x\r\n\r\n")
    head, body, _ = read_response(again)
    assert head.startswith(b"HTTP/1.1 200") and body == b"".join(body_of("next", 2))
    again.close()


def test_keep_alive_pipelined_requests_and_head_answer_in_order(served) -> None:
    server, _ = served
    connection = connect(server)
    connection.sendall(
        b"GET /first?9 HTTP/1.1\r\nHost: x\r\n\r\n"
        b"HEAD /second?3 HTTP/1.1\r\nHost: x\r\n\r\n"
        b"GET /third?6 HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    head, body, rest = read_response(connection, pace=0.001)
    assert head.startswith(b"HTTP/1.1 200") and body == b"".join(body_of("first", 9))
    head, body, rest = read_response(connection, rest, head_only=True)
    assert head.startswith(b"HTTP/1.1 200") and b"Content-Length: 3145728" in head
    assert body == b""
    head, body, rest = read_response(connection, rest)
    assert head.startswith(b"HTTP/1.1 200") and body == b"".join(body_of("third", 6))
    assert rest == b""
    connection.sendall(b"GET /fourth?1 HTTP/1.1\r\nHost: x\r\n\r\n")  # the same connection
    head, body, _ = read_response(connection)
    assert body == b"".join(body_of("fourth", 1))
    connection.close()
