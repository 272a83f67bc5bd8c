"""A response sent by the request's own thread, with waitress's main loop kept out while it sends.

Waitress 3.0's worker already sends what the socket takes when it writes a piece, but it holds
the output lock while it does, and the main loop, told the channel is writable, wakes on every
free byte of the socket, fails to take the lock and polls again: measured 12,600 empty turns of
the loop for a 512 MiB download, a fifth of the server's CPU, all of it holding the GIL the
worker's decryption and SHA-256 need. Here the channel is not writable to the main loop while
the worker sends; above `outbuf_high_watermark` the worker waits for the socket itself
(poll, GIL released) instead of waking the loop and waiting for it. The loop sends only what
the worker left when it went back to the application, and closes the socket when a send failed
(it did so before too): disconnects, keep-alive, pipelined answers and `Connection: close` take
waitress's own paths. The pieces are held by reference (`response_buffer.ViewBuffer`).
"""

from __future__ import annotations

from typing import Any

from waitress.buffers import ReadOnlyFileBasedBuffer
from waitress.channel import ClientDisconnected, HTTPChannel

from .response_buffer import ViewBuffer
from .socket_wait import WAIT_SECONDS, socket_ready

#: The largest piece of a response given to one send() (waitress: the socket's initial buffer,
#: 16 KiB on Linux, 65,536 turns of Python per GiB); the kernel takes what fits of it.
SEND_BYTES = 1 << 20


class ResponseChannel(HTTPChannel):
    """An HTTPChannel whose worker sends its response itself, from `ViewBuffer`s."""

    _worker_sending = False  # the worker holds the output lock: the main loop leaves the socket

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outbufs = [ViewBuffer()]
        self.sendbuf_len = max(self.sendbuf_len, SEND_BYTES)

    def writable(self) -> bool:
        return bool(
            (self.total_outbufs_len and not self._worker_sending)
            or self.will_close
            or self.close_when_flushed
        )

    def write_soon(self, data: Any) -> int:
        """Waitress 3.0's `write_soon`: the worker sends what the socket takes, waits on the
        socket above the high-water mark, and wakes the main loop only for what it left."""
        if not self.connected:
            raise ClientDisconnected
        if not data:
            return 0
        with self.outbuf_lock:
            self._worker_sending = True
            try:
                self._send_below_high_watermark()
                if not self.connected:
                    raise ClientDisconnected
                num_bytes = len(data)
                if isinstance(data, ReadOnlyFileBasedBuffer):  # wsgi.file_wrapper: sent from it
                    self.outbufs.append(data)
                    self.outbufs.append(ViewBuffer())
                    self.current_outbuf_count = 0
                else:
                    self.outbufs[-1].append(data)
                    self.current_outbuf_count += num_bytes
                self.total_outbufs_len += num_bytes
                left = False
                if self.total_outbufs_len >= self.adj.send_bytes:
                    flushed, failed = self._flush_exception(self._flush_some, do_close=False)
                    left = failed or not flushed or self.total_outbufs_len >= self.adj.send_bytes
            finally:
                self._worker_sending = False
        if left:
            self.server.pull_trigger()  # after the lock is free: the loop can take it at once
        return num_bytes

    def _flush_outbufs_below_high_watermark(self) -> None:
        """Waitress calls this between pipelined answers: the worker sends, as in write_soon."""
        if self.total_outbufs_len > self.adj.outbuf_high_watermark:
            with self.outbuf_lock:
                self._worker_sending = True
                try:
                    self._send_below_high_watermark()
                finally:
                    self._worker_sending = False

    def _send_below_high_watermark(self) -> None:
        """Send until at most `outbuf_high_watermark` bytes wait (output lock held); after a
        failed send the main loop takes over, as in waitress, and closes the socket."""
        limit = self.adj.outbuf_high_watermark
        ready = False
        while self.connected and self.total_outbufs_len > limit:
            flushed, failed = self._flush_exception(self._flush_some, do_close=False)
            if self.total_outbufs_len <= limit:
                return
            if failed or (ready and not flushed):  # writable, yet it took nothing: broken
                self._let_the_main_loop_send(limit)
                return
            ready = self._wait_for_socket()

    def _wait_for_socket(self) -> bool:
        """Wait, the output lock released, until the socket takes bytes or fails (True) or
        `WAIT_SECONDS` passed (False)."""
        self.outbuf_lock.release()
        try:
            return socket_ready(self.socket, to_send=True, seconds=WAIT_SECONDS)
        finally:
            self.outbuf_lock.acquire()

    def _let_the_main_loop_send(self, limit: int) -> None:
        """Waitress's own wait: the main loop sends (or closes) and notifies."""
        self._worker_sending = False
        try:
            while self.connected and self.total_outbufs_len > limit:
                self.server.pull_trigger()
                self.outbuf_lock.wait()
        finally:
            self._worker_sending = True
