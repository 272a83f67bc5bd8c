"""An admitted upload's body is read from the socket by the request's worker: after the bytes
that came with the headers, whole, never past its length (a next request's bytes stay for the
main loop), an error when the client goes away; the main loop leaves the socket alone meanwhile."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from hashlib import sha256
from typing import Any

import pytest
from waitress.server import create_server

from mla_tool.vault.body_gate import TRANSFER_TUNING
from mla_tool.vault.streamed_body import BodyPipe, StreamingChannel


def read_all(pipe: BodyPipe, size: int = 100_000) -> bytes:
    buffer, out = bytearray(size), bytearray()
    while count := pipe.readinto(buffer):
        out += buffer[:count]
    return bytes(out)


@pytest.fixture
def connection() -> Iterator[tuple[socket.socket, socket.socket]]:
    client, server_side = socket.socketpair()
    server_side.setblocking(False)  # as waitress keeps it
    yield client, server_side
    client.close()
    server_side.close()


def test_the_body_is_what_came_with_the_headers_then_the_socket_up_to_its_length(connection):
    client, server_side = connection
    body = bytes(range(256)) * 4000
    pipe = BodyPipe(len(body), server_side)
    assert pipe.feed(body[:1000] + b"") == 1000
    sender = threading.Thread(target=client.sendall, args=(body[1000:] + b"GET /next",))
    sender.start()
    assert read_all(pipe) == body
    sender.join()
    assert pipe.complete
    assert server_side.recv(100) == b"GET /next"  # left for the main loop


def test_the_bytes_fed_past_the_body_are_not_taken(connection):
    _, server_side = connection
    pipe = BodyPipe(5, server_side)
    assert pipe.feed(b"helloGET /next") == 5
    assert pipe.complete
    assert read_all(pipe) == b"hello"


def test_a_client_gone_mid_body_is_an_error_not_a_short_body(connection):
    client, server_side = connection
    pipe = BodyPipe(10_000, server_side)
    client.sendall(b"x" * 4000)
    client.close()
    with pytest.raises(ConnectionError):
        read_all(pipe)


class CountingChannel(StreamingChannel):
    """Streams every POST body (as body_gate's parser does for an admitted upload) and
    counts the main loop's reads of the socket."""

    reads = 0

    def handle_read(self) -> None:
        type(self).reads += 1
        super().handle_read()

    def parser_class(self, adj: Any) -> Any:  # type: ignore[override]
        channel = self
        base = StreamingChannel.parser_class

        class Parser(base):  # type: ignore[misc,valid-type]
            body_pipe = None

            def parse_header(self, header_plus: bytes) -> None:
                super().parse_header(header_plus)
                if self.body_rcv is not None and not self.chunked and channel.may_stream():
                    self.body_pipe = channel.start_streaming(self.content_length, self)
                    self.body_rcv = None
                    self.completed = True

            def received(self, data: bytes) -> int:
                consumed = super().received(data)
                if self.body_pipe is not None and consumed < len(data):
                    consumed += self.body_pipe.feed(data[consumed:])
                return consumed

            def get_body_stream(self) -> Any:
                return self.body_pipe if self.body_pipe is not None else super().get_body_stream()

        return Parser(adj)


EMPTY = f"0 {sha256().hexdigest()[:16]}".encode()  # the answer to a request without a body


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Answers the length of the body it read and its SHA-256."""
    stream, buffer, total, digest = environ["wsgi.input"], bytearray(1 << 20), 0, sha256()
    while count := stream.readinto(buffer):
        total += count
        digest.update(buffer[:count])
    answer = f"{total} {digest.hexdigest()[:16]}".encode()
    start_response("200 OK", [("Content-Length", str(len(answer)))])
    return [answer]


def test_an_upload_is_read_by_the_worker_and_the_connection_goes_on():
    CountingChannel.reads = 0
    server = create_server(app, host="127.0.0.1", port=0, threads=1, **TRANSFER_TUNING)
    server.channel_class = CountingChannel
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    body = bytes(range(256)) * (64 * 4096)  # 64 MiB
    expected = f"{len(body)} {sha256(body).hexdigest()[:16]}".encode()
    try:
        client = socket.create_connection(("127.0.0.1", server.effective_port), timeout=60)
        head = f"POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        client.sendall(head + body + b"GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        answers = b""
        while answers.count(b"HTTP/1.1 200") < 2 or not answers.endswith(EMPTY):
            answers += client.recv(65536)
        client.close()
    finally:
        server.close()
    assert expected in answers  # the upload, whole
    assert answers.endswith(b"\r\n\r\n" + EMPTY)  # then the next request on the connection
    # the main loop read the headers (and the next request), not the 64 MiB in between
    assert CountingChannel.reads < 10


def test_a_client_silent_mid_body_frees_the_worker(connection, monkeypatch):
    from mla_tool.vault import streamed_body

    monkeypatch.setattr(streamed_body, "WAIT_SECONDS", 0.05)
    client, server_side = connection
    pipe = BodyPipe(10_000, server_side, idle_seconds=0.3)
    client.sendall(b"x" * 4000)  # then nothing, the connection left open
    started = time.monotonic()
    with pytest.raises(ConnectionError):
        read_all(pipe)
    assert 0.25 <= time.monotonic() - started < 5
