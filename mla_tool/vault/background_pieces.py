"""A stream's pieces worked on by a thread of their own, in order: their SHA-256, their writes.

hashlib releases the GIL while it hashes a large buffer, and a file's write() while the kernel
takes the bytes (or makes the writer wait for the disk), so a thread that only hashes, or only
writes, runs beside the caller's thread as it reads, parses, decrypts, encrypts or sends: a
transfer then takes about as long as its slowest step rather than the sum of them all. Pieces
are taken in the order given; the caller must not change a piece after handing it over (give
bytes, or a buffer it takes back from `spare` once the thread is done with it). At most `AHEAD`
pieces wait, so memory stays bounded.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

#: Pieces are handed to the thread in batches of at least this many bytes: every hand-over
#: may wake a sleeping thread, and on a busy machine each wake waits for a core.
BATCH_BYTES = 4 << 20
#: Batches handed over and not yet taken before `put` waits.
AHEAD = 2
#: Pieces smaller than this, before any larger one, are worked on at once (no thread for them).
INLINE_BYTES = 256 * 1024
_DONE = None


def _run(
    batches: queue.Queue[Any], apply: Callable[[Any], Any], done: deque[Any], failed: list
) -> None:
    # Holds no reference to the PieceThread: one dropped unfinished is collected and its
    # `__del__` ends this thread. After a failure the pieces are only drained.
    while (batch := batches.get()) is not _DONE:
        for piece, reusable in batch:
            if not failed:
                try:
                    apply(piece)
                except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                    failed.append(error)
            if reusable:
                done.append(piece)


class PieceThread:
    """`put` hands a piece to `apply` on the thread; `close` waits for all of them and raises
    what `apply` raised, in the caller's thread."""

    def __init__(self, apply: Callable[[Any], Any], name: str) -> None:
        self._apply = apply
        self._name = name
        self._pieces: queue.Queue[Any] = queue.Queue(maxsize=AHEAD)
        self._batch: list[tuple[Any, bool]] = []
        self._batch_bytes = 0
        self._thread: threading.Thread | None = None
        self._done: deque[Any] = deque()  # pieces given as `reusable`, worked on since
        self._failed: list[BaseException] = []

    def put(self, piece: Any, reusable: bool = False) -> None:
        """Work on `piece` after those given before; a `reusable` one comes back from `spare`."""
        self._raise_failure()
        if self._thread is None:
            if len(memoryview(piece)) < INLINE_BYTES:
                self._apply(piece)
                if reusable:
                    self._done.append(piece)
                return
            self._thread = threading.Thread(
                target=_run,
                args=(self._pieces, self._apply, self._done, self._failed),
                name=self._name,
                daemon=True,
            )
            self._thread.start()
        self._batch.append((piece, reusable))
        self._batch_bytes += len(memoryview(piece))
        if self._batch_bytes >= BATCH_BYTES:
            self._hand_over()

    def _hand_over(self) -> None:
        if self._batch:
            self._pieces.put(self._batch)
            self._batch, self._batch_bytes = [], 0

    def spare(self) -> Any:
        """A piece given as `reusable` that the thread is done with (None: none yet)."""
        try:
            return self._done.popleft()
        except IndexError:
            return None

    def close(self) -> None:
        """Wait until every piece given is worked on and the thread ended (idempotent); raise
        the error `apply` raised, if it did."""
        if self._thread is not None:
            self._hand_over()
            self._pieces.put(_DONE)
            self._thread.join()
            self._thread = None
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failed:
            raise self._failed[0]

    def __del__(self) -> None:
        if self._thread is not None:
            self._pieces.put(_DONE)  # no join: a finalizer must not wait


class BackgroundDigest(PieceThread):
    """SHA-256 of the pieces given, computed on the thread."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        super().__init__(self._digest.update, "sha256")
        self._result: str | None = None

    def update(self, piece: Any, reusable: bool = False) -> None:
        if self._result is not None:
            raise ValueError("the digest is finished")
        self.put(piece, reusable)

    def hexdigest(self) -> str:
        """The SHA-256 (hex) of every piece given, once the thread hashed them all."""
        if self._result is None:
            self.close()
            self._result = self._digest.hexdigest()
        return self._result
