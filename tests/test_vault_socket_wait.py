"""Waiting for a socket works whatever its descriptor's number: select() refuses one past
FD_SETSIZE (1024 on Linux), and a reader that took the refusal for "ready" spun on the socket."""

from __future__ import annotations

import os
import resource
import socket
import time

import pytest

from mla_tool.vault.socket_wait import socket_ready

HIGH = 1500  # past FD_SETSIZE


@pytest.fixture
def high_pair() -> tuple[socket.socket, socket.socket]:
    """A connected pair, the first end's descriptor numbered HIGH."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard <= HIGH:
        pytest.skip(f"this system allows only {hard} open files")  # the test needs HIGH + 1
    if soft <= HIGH:
        resource.setrlimit(resource.RLIMIT_NOFILE, (HIGH + 1, hard))
    reader, writer = socket.socketpair()
    os.dup2(reader.fileno(), HIGH)
    high = socket.socket(fileno=HIGH)
    reader.close()
    yield high, writer
    high.close()
    writer.close()
    if soft <= HIGH:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_quiet_socket_past_fd_setsize_is_waited_for(high_pair) -> None:  # noqa: ANN001
    high, writer = high_pair
    started = time.monotonic()
    assert socket_ready(high, to_send=False, seconds=0.3) is False
    assert time.monotonic() - started >= 0.25  # it waited, rather than answering "ready" at once
    writer.sendall(b"x")
    assert socket_ready(high, to_send=False, seconds=5) is True
    assert socket_ready(high, to_send=True, seconds=5) is True


def test_a_closed_socket_is_ready_for_the_next_call_to_say_so() -> None:
    one, other = socket.socketpair()
    one.close()
    assert socket_ready(one, to_send=False, seconds=5) is True
    other.close()
