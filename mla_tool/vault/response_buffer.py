"""A response's bytes held by reference between the application and send(), not copied twice.

Waitress appends every piece an application yields to a BytesIO (a copy), reads it out again
for send() (a second copy) and starts a new buffer every `outbuf_high_watermark` bytes: for a
download of a gigabyte that is two gigabytes of memcpy beside the kernel's own. `ViewBuffer`
keeps the pieces themselves (bytes are immutable; anything else is copied once) and hands
send() a view of the first; only small pieces are joined, so a page written in many little
strings still goes out in few send() calls. The worker still waits while the channel holds
`outbuf_high_watermark` bytes (`response_channel`), so a response is never held whole unless
the application yielded it whole (and then it already held it).
"""

from __future__ import annotations

from collections import deque
from typing import Any

#: Pieces shorter than this are joined before send(), larger ones are sent from a view.
SMALL_PIECE = 64 * 1024


class ViewBuffer:
    """Waitress's output buffer interface (append, get, skip, len, close) over a deque of views."""

    def __init__(self) -> None:
        self._pieces: deque[memoryview] = deque()
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    def append(self, data: Any) -> None:
        if not isinstance(data, bytes):
            data = bytes(data)  # a mutable buffer could change before it is sent
        if data:
            self._pieces.append(memoryview(data))
            self._length += len(data)

    def get(self, numbytes: int = -1, skip: bool = False) -> memoryview | bytes:
        if not self._pieces:
            return b""
        if numbytes < 0:
            numbytes = self._length
        first = self._pieces[0]
        if len(first) >= SMALL_PIECE or len(self._pieces) == 1:
            out: memoryview | bytes = first[:numbytes]
        else:
            joined = []
            size = 0
            for piece in self._pieces:
                if size >= numbytes or (joined and len(piece) >= SMALL_PIECE):
                    break
                joined.append(piece[: numbytes - size])
                size += len(joined[-1])
            out = b"".join(joined)
        if skip:
            self.skip(len(out))
        return out

    def skip(self, numbytes: int, allow_prune: bool = False) -> None:
        if numbytes > self._length:
            raise ValueError(f"Can't skip {numbytes} bytes in buffer of {self._length} bytes")
        self._length -= numbytes
        while numbytes:
            first = self._pieces[0]
            if numbytes >= len(first):
                numbytes -= len(first)
                self._pieces.popleft()
            else:
                self._pieces[0] = first[numbytes:]
                numbytes = 0

    def prune(self) -> None:
        pass  # sent pieces are dropped as they are skipped

    def close(self) -> None:
        self._pieces.clear()
        self._length = 0
