"""Werkzeug's multipart parser, reading an upload with fewer copies of its file bytes.

Werkzeug's `MultiPartParser` reads 64 KiB at a time through `read()` (the body copied twice on
the way) and its decoder copies each piece of file data three more times (`data[start:]`,
`data[a:b]`, `bytes(...)`): five copies of a gigabyte beside the encryption. Here the body is
read with `readinto` into one reused buffer of `READ_BYTES`, and a file part's data is handed
out as a view of that buffer, searched once for the boundary and copied by no one but the file
it is written to (`FileDataLane`): the decoder sees the bytes only where a boundary is, or may
be. The states, the limits (`max_form_memory_size`, `max_form_parts`) and the events are
werkzeug's own.
"""

from __future__ import annotations

from typing import IO, Any

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import MultiPartParser
from werkzeug.sansio.multipart import (
    LINE_BREAK_RE,
    Data,
    Epilogue,
    Field,
    File,
    MultipartDecoder,
    NeedData,
    State,
)

from .uploads import UploadError

#: Bytes read from the body per turn: below the decoder's 500,000-byte form memory limit,
#: which it applies to what it holds at once (a read plus a partial boundary).
READ_BYTES = 256 * 1024


class LeanDecoder(MultipartDecoder):
    """`MultipartDecoder` whose data events copy the bytes once (werkzeug 3.1's logic)."""

    def _parse_data(self, data: bytes | bytearray, *, start: bool) -> tuple[bytes, int, bool]:
        if start:
            match = LINE_BREAK_RE.match(data)
            data_start = match.end() if match is not None else 0
        else:
            data_start = 0
        more_data = True
        boundary = None
        if data.find(b"--" + self.boundary) != -1:
            boundary = self.boundary_re.search(data)
        if boundary is None:
            data_end = del_index = self._partial_boundary_index(data, data_start)
        else:
            self.state = State.EPILOGUE if boundary.group(1).startswith(b"--") else State.PART
            data_end, del_index, more_data = boundary.start(), boundary.end(), False
        with memoryview(data) as view:
            return bytes(view[data_start:data_end]), del_index, more_data

    def _partial_boundary_index(
        self, data: bytes | bytearray, start: int, end: int | None = None
    ) -> int:
        """`_last_partial_boundary_index(data[start:end]) + start` without copying the slice:
        the first CR or LF within a boundary's length of `end` (`end` if none)."""
        end = len(data) if end is None else end
        limit = max(start, end - len(b"\r\n--" + self.boundary))
        found = [
            at for at in (data.rfind(b"\n", limit, end), data.rfind(b"\r", limit, end)) if at >= 0
        ]
        return min(found, default=end)

    def file_data_end(self, window: bytearray, filled: int) -> int | None:
        """In the DATA state, where the data of `window[:filled]` surely ends when no boundary
        is in it (what follows may start one); None when one is, for `next_event` to read."""
        if window.find(b"--" + self.boundary, 0, filled) != -1:
            return None
        return self._partial_boundary_index(window, 0, filled)


class _Parts:
    """The fields and files of one body, built from the decoder's events as werkzeug does."""

    def __init__(self, parser: MultiPartParser, content_length: int | None) -> None:
        self.parser = parser
        self.content_length = content_length
        self.fields: list[tuple[str, str]] = []
        self.files: list[tuple[str, FileStorage]] = []
        self.part: Any = None
        self.container: Any = None
        self.field_size: int | None = None

    def take(self, event: Any) -> None:
        if isinstance(event, Field):
            self.part, self.container, self.field_size = event, [], 0
        elif isinstance(event, File):
            self.part, self.field_size = event, None
            self.container = self.parser.start_file_streaming(event, self.content_length)
        elif isinstance(event, Data):
            self._data(event)

    def _data(self, event: Data) -> None:
        part, container, limit = self.part, self.container, self.parser.max_form_memory_size
        if isinstance(part, Field):
            if limit is not None:
                self.field_size = (self.field_size or 0) + len(event.data)
                if self.field_size > limit:  # werkzeug's refusal, as parse_upload words it
                    raise UploadError(413, "payload_too_large", RequestEntityTooLarge.description)
            container.append(event.data)
            if not event.more_data:
                text = b"".join(container).decode(
                    self.parser.get_part_charset(part.headers), "replace"
                )
                self.fields.append((part.name, text))
        else:
            container.write(event.data)
            if not event.more_data:
                container.seek(0)
                storage = FileStorage(container, part.filename, part.name, headers=part.headers)
                self.files.append((part.name, storage))


def _read_into(stream: IO[bytes], view: memoryview) -> int:
    if hasattr(stream, "readinto"):
        return stream.readinto(view) or 0
    piece = stream.read(len(view))  # a stream without readinto
    view[: len(piece)] = piece
    return len(piece)


class LeanMultiPartParser(MultiPartParser):
    """`MultiPartParser.parse` over `LeanDecoder`, reading into one reused buffer; a file
    part's data goes from that buffer to its file, past the decoder (`file_data_end`)."""

    def parse(
        self, stream: IO[bytes], boundary: bytes, content_length: int | None
    ) -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
        decoder = LeanDecoder(
            boundary, max_form_memory_size=self.max_form_memory_size, max_parts=self.max_form_parts
        )
        parts = _Parts(self, content_length)
        # room for a read and for what the decoder kept back of the one before (a partial
        # boundary: less than a line break, two dashes and the boundary)
        window = bytearray(READ_BYTES + len(b"\r\n--" + boundary))
        view = memoryview(window)
        while True:
            in_file = decoder.state is State.DATA and isinstance(parts.part, File)
            kept = len(decoder.buffer) if in_file else 0
            if kept:
                view[:kept] = decoder.buffer
                del decoder.buffer[:]
            count = _read_into(stream, view[kept : kept + READ_BYTES])
            filled = kept + count
            if in_file and count:
                data_end = decoder.file_data_end(window, filled)
                if data_end is not None:  # no boundary: the data goes straight to the file
                    if data_end:
                        parts.take(Data(data=view[:data_end], more_data=True))  # type: ignore[arg-type]
                    decoder.buffer += view[data_end:filled]  # kept back, as the decoder does
                    continue
            if filled:
                decoder.receive_data(view[:filled])
            if not count:
                decoder.receive_data(None)
            event = decoder.next_event()
            while not isinstance(event, (Epilogue, NeedData)):
                parts.take(event)
                event = decoder.next_event()
            if not count:
                return self.cls(parts.fields), self.cls(parts.files)


def parse_multipart(
    stream: IO[bytes],
    options: dict[str, str],
    content_length: int | None,
    **parser_options: Any,
) -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
    """The form fields and file parts of a multipart body (ValueError when it is broken)."""
    boundary = options.get("boundary", "").encode("ascii")
    if not boundary:
        raise ValueError("Missing boundary")
    return LeanMultiPartParser(**parser_options).parse(stream, boundary, content_length)
