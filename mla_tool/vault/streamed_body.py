"""An admitted upload's body reaches the application as it arrives, not after waitress read it all.

Waitress reads a whole request body, spooling it to a temporary file past `inbuf_overflow`,
before it calls the application: a 2 GiB upload crossed the disk twice before the vault's own
encryption began, and nothing overlapped. Here a body the gate admitted (an upload endpoint,
a known length) is handed over at once: the request goes to a worker thread as soon as its
headers are in, and the main loop passes each piece it receives through a `BodyPipe`, which holds
at most a few MiB (the loop stops reading the socket while it is full). No byte of it is written
anywhere but into the vault's encrypting file. A body the application leaves unread closes the
connection after the answer (it says `Connection: close`).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from waitress.channel import HTTPChannel
from waitress.task import WSGITask

from .response_channel import ResponseChannel

#: Bytes held between the socket and the application before the server stops reading.
PIPE_BYTES = 4 << 20
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
#: How long a reader waits for the next piece before checking again that the client is there.
WAIT_SECONDS = 5.0


class BodyPipe:
    """Bytes of one request body, from the server's main loop to the worker reading them."""

    def __init__(self, length: int, wake: Callable[[], None], limit: int = PIPE_BYTES) -> None:
        self.remain = length  # bytes still to come from the socket
        self._pieces: deque[memoryview] = deque()
        self._held = 0
        self._limit = limit
        self._wake = wake  # the main loop asks `has_room` again when woken
        self._ready = threading.Condition()
        self._failed = False
        self._abandoned = False
        self._stalled = False  # the main loop found the pipe full and waits to be woken

    # -- the main loop's side ------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        return self.remain == 0

    def has_room(self) -> bool:
        """Whether the main loop may read more; if not, it waits to be woken."""
        with self._ready:
            if self._held < self._limit:
                return True
            self._stalled = True
            return False

    def feed(self, data: bytes) -> int:
        """Take what belongs to this body from `data`; how many bytes that was."""
        take = min(len(data), self.remain)
        if take == 0:
            return 0
        with self._ready:
            self.remain -= take
            if not self._abandoned:
                self._pieces.append(memoryview(data)[:take])
                self._held += take
            self._ready.notify()
        return take

    def fail(self) -> None:
        """The client went away: a reader waiting for more gets an error, not a short body."""
        with self._ready:
            self._failed = True
            self._ready.notify_all()

    # -- the worker's side ---------------------------------------------------------------------
    def abandon(self) -> None:
        """The application is done with the body: drop what is held and what still comes."""
        with self._ready:
            self._abandoned = True
            self._pieces.clear()
            self._held = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        out = memoryview(buffer).cast("B")
        with self._ready:
            while not self._pieces:
                if self.remain == 0:
                    return 0
                if self._failed:
                    raise ConnectionError("the client closed the connection mid-body")
                self._ready.wait(WAIT_SECONDS)
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
            self._held -= filled
            # Wake the main loop once half the pipe is free, not after every read: each wake
            # is a write to waitress's trigger pipe and a turn of its loop.
            wake = self._stalled and self._held <= self._limit // 2
            if wake:
                self._stalled = False
        if wake:
            self._wake()
        return filled

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
    (body_gate's parser calls `may_stream` and `start_streaming`); responses are sent by the
    worker itself (`response_channel`)."""

    task_class = StreamedBodyTask
    body_pipe: BodyPipe | None = None

    def may_stream(self) -> bool:
        """No earlier request of this connection is still being answered."""
        return not self.requests

    def start_streaming(self, length: int, parser: Any) -> BodyPipe:
        """A pipe for the body now starting; the main loop feeds it from the next byte."""
        if parser.expect_continue:
            parser.expect_continue = False
            send_continue(self)
        self.body_pipe = BodyPipe(length, self.server.pull_trigger)
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
        if pipe is None:
            return bool(super().readable())
        return not (self.will_close or self.close_when_flushed) and pipe.has_room()

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
