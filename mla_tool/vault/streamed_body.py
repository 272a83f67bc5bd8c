"""An admitted upload's body reaches the application as it arrives, not after waitress read it all.

Waitress reads a whole request body, spooling it to a temporary file past `inbuf_overflow`,
before it calls the application: a 2 GiB upload crossed the disk twice before the vault's own
encryption began, and nothing overlapped. Here a body the gate admitted (an upload endpoint,
a known length) is handed over at once: the request goes to a worker thread as soon as its
headers are in, and the worker reads the body from the socket itself, straight into the buffer
the application reads into (`BodyPipe`); the main loop leaves the socket alone until the body
is read. It used to receive the body for the worker and pass it over in pieces: a third of a
CPU second per GiB in the main loop (a turn of it, a new 256 KiB bytes object, a lock and a
wake-up per piece), and a copy more in the worker. No byte of the body is written anywhere but
into the vault's encrypting file. A body the application leaves unread closes the connection
after the answer (it says `Connection: close`).
"""

from __future__ import annotations

import socket
import threading
from collections import deque
from typing import Any

from waitress.channel import HTTPChannel
from waitress.task import WSGITask

from .response_channel import ResponseChannel
from .socket_wait import WAIT_SECONDS, socket_ready

CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class BodyPipe:
    """One request body, read by the worker: first what arrived with the headers (the main
    loop's `feed`), then the rest from the socket, never past the body's length."""

    def __init__(
        self, length: int, connection: socket.socket, idle_seconds: float | None = None
    ) -> None:
        self.remain = length  # bytes still to come from the socket
        self._socket = connection
        self._idle_seconds = idle_seconds  # a client silent this long mid-body is given up
        self._pieces: deque[memoryview] = deque()  # fed by the main loop, not yet read
        self._lock = threading.Lock()
        self._failed = False

    @property
    def complete(self) -> bool:
        """No byte of the body is left in the socket: the main loop may read it again."""
        return self.remain == 0

    # -- the main loop's side ------------------------------------------------------------------
    def feed(self, data: bytes) -> int:
        """Take what belongs to this body from `data` (bytes the main loop received with the
        headers); how many bytes that was."""
        take = min(len(data), self.remain)
        if take:
            with self._lock:
                self._pieces.append(memoryview(data)[:take])
                self.remain -= take
        return take

    def fail(self) -> None:
        """The connection is closed: a reader gets an error, not a short body."""
        self._failed = True

    # -- the worker's side ---------------------------------------------------------------------
    def abandon(self) -> None:
        """The application is done with the body: drop what is held (the rest stays unread)."""
        with self._lock:
            self._pieces.clear()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        out = memoryview(buffer).cast("B")
        with self._lock:
            if self._pieces:
                return self._take_fed(out)
        if not self.remain or not out:
            return 0
        return self._receive(out[: self.remain])

    def _take_fed(self, out: memoryview) -> int:
        filled = 0
        while self._pieces and filled < len(out):
            piece = self._pieces[0]
            take = min(len(piece), len(out) - filled)
            out[filled : filled + take] = piece[:take]
            filled += take
            if take == len(piece):
                self._pieces.popleft()
            else:
                self._pieces[0] = piece[take:]
        return filled

    def _receive(self, out: memoryview) -> int:
        """Bytes of the body from the socket into `out` (the GIL released while waiting)."""
        idle = 0.0
        while True:
            if self._failed:
                raise ConnectionError("the connection closed mid-body")
            try:
                count = self._socket.recv_into(out)
            except (BlockingIOError, InterruptedError):  # nothing yet: wait for the socket
                idle = 0.0 if self._wait() else idle + WAIT_SECONDS
                if self._idle_seconds is not None and idle >= self._idle_seconds:
                    self._failed = True
                    raise ConnectionError("the client sent nothing for too long mid-body") from None
                continue
            except OSError as error:  # reset, or closed by the main loop
                self._failed = True
                raise ConnectionError("the connection failed mid-body") from error
            if not count:
                self._failed = True
                raise ConnectionError("the client closed the connection mid-body")
            self.remain -= count
            return count

    def _wait(self) -> bool:
        """Wait up to WAIT_SECONDS for the socket; whether it became ready (or failed)."""
        return socket_ready(self._socket, to_send=False, seconds=WAIT_SECONDS)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while piece := self.read(1 << 20):
                parts.append(piece)
            return b"".join(parts)
        buffer = bytearray(size)
        filled = self.readinto(buffer)
        del buffer[filled:]
        return bytes(buffer)

    def close(self) -> None:
        self.abandon()


class StreamedBodyTask(WSGITask):
    """A WSGI task that closes the connection when its application left the body unread."""

    def build_response_header(self) -> bytes:
        pipe = getattr(self.request, "body_pipe", None)
        if pipe is not None and not pipe.complete:
            self.set_close_on_finish()
        return super().build_response_header()


def send_continue(channel: HTTPChannel) -> None:
    """Waitress's `send_continue`, but leaving the request complete (its task starts now)."""
    with channel.outbuf_lock:
        channel.outbufs[-1].append(CONTINUE)
        channel.current_outbuf_count += len(CONTINUE)
        channel.total_outbufs_len += len(CONTINUE)
        channel.sent_continue = True
        channel._flush_some()


class StreamingChannel(ResponseChannel):
    """A waitress channel whose parser may hand an admitted body over as it arrives
    (body_gate's parser calls `may_stream` and `start_streaming`): the worker reads it from
    the socket, which the main loop leaves alone meanwhile; responses are sent by the worker
    itself (`response_channel`)."""

    task_class = StreamedBodyTask
    body_pipe: BodyPipe | None = None

    def may_stream(self) -> bool:
        """No earlier request of this connection is still being answered."""
        return not self.requests

    def start_streaming(self, length: int, parser: Any) -> BodyPipe:
        """A pipe for the body now starting: the main loop feeds it what came with the
        headers, the worker reads the rest from the socket."""
        if parser.expect_continue:
            parser.expect_continue = False
            send_continue(self)
        # a client silent mid-body frees the worker after waitress's idle connection timeout
        self.body_pipe = BodyPipe(length, self.socket, self.adj.channel_timeout)
        return self.body_pipe

    def received(self, data: bytes) -> bool:
        pipe = self.body_pipe
        if pipe is not None:
            taken = pipe.feed(data)
            if pipe.complete:
                self.body_pipe = None
            if taken == len(data):
                return True
            data = data[taken:]
        return bool(super().received(data))

    def readable(self) -> bool:
        pipe = self.body_pipe
        if pipe is not None and pipe.complete:
            self.body_pipe = pipe = None
        return pipe is None and bool(super().readable())  # the worker reads the body

    def handle_close(self) -> None:
        if self.body_pipe is not None:
            self.body_pipe.fail()
        super().handle_close()

    def service(self) -> None:
        request = self.requests[0] if self.requests else None
        super().service()
        pipe = getattr(request, "body_pipe", None)
        if pipe is not None and not pipe.complete:
            pipe.abandon()  # the answer said Connection: close; the rest is dropped
            with self.requests_lock:
                self.close_when_flushed = True
            self.server.pull_trigger()
