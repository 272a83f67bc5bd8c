"""CPU seconds of a process and of each of its threads (Linux: /proc), for bench/vault_serve.py.

`ThreadSampler` reads every thread of a process every `PERIOD` seconds while a transfer runs, so
that the threads a transfer starts and ends (the vault's SHA-256 and writes) are counted: one
that ends between two samples loses at most that much of its time. Where /proc is missing,
everything reads 0.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

PERIOD = 0.01


def cpu_seconds(pid: int, thread: int | None = None) -> float:
    """User and system CPU seconds of process `pid` (or of its `thread`: the main thread is the
    process's own id) so far (0 where /proc is missing)."""
    stat = Path(f"/proc/{pid}/stat" if thread is None else f"/proc/{pid}/task/{thread}/stat")
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _threads(pid: int) -> dict[int, float]:
    try:
        tids = [int(name) for name in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return {}
    return {tid: cpu_seconds(pid, tid) for tid in tids}


class ThreadSampler:
    """`with ThreadSampler(pid) as sampler:` ... then `sampler.spent()`: the CPU seconds each
    thread of `pid` spent inside the block, largest first."""

    def __init__(self, pid: int) -> None:
        self._pid = pid
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(PERIOD):
            self._last.update(_threads(self._pid))

    def __enter__(self) -> ThreadSampler:
        self._first = _threads(self._pid)
        self._last = dict(self._first)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        self._last.update(_threads(self._pid))

    def spent(self) -> list[float]:
        return sorted(
            (seconds - self._first.get(tid, 0.0) for tid, seconds in self._last.items()),
            reverse=True,
        )
