"""Waiting for a socket, the GIL released, whatever the number of its descriptor."""

from __future__ import annotations

import select
import socket

#: How long a worker waits for its socket before it checks that the connection is still open
#: (the main loop may close it meanwhile, and a socket closed under poll wakes nobody).
WAIT_SECONDS = 1.0


def socket_ready(connection: socket.socket, *, to_send: bool, seconds: float) -> bool:
    """Whether `connection` became ready within `seconds`: to read (or, `to_send`, to take
    bytes), or failed. True too when it is closed meanwhile: the next call on it says so.

    poll where the system has it: select() refuses a descriptor numbered past FD_SETSIZE (1024
    on Linux), which a server holding many files and connections reaches, and a caller that
    took its refusal for "ready" would spin on the socket instead of waiting."""
    try:
        if not hasattr(select, "poll"):  # Windows: its select() has no such limit
            watched = [connection]
            reading, sending = ([], watched) if to_send else (watched, [])
            return any(select.select(reading, sending, watched, seconds))
        poller = select.poll()
        poller.register(connection, select.POLLOUT if to_send else select.POLLIN | select.POLLPRI)
        return bool(poller.poll(seconds * 1000))
    except (OSError, ValueError):  # closed by another thread meanwhile
        return True
