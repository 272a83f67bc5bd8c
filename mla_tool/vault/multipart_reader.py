"""Werkzeug's multipart parser, reading an upload with fewer copies of its file bytes.

Werkzeug's `MultiPartParser` reads 64 KiB at a time through `read()` (the body copied twice on
the way) and its decoder copies each piece of file data three more times (`data[start:]`,
`data[a:b]`, `bytes(...)`): five copies of a gigabyte beside the encryption. Here the body is
read with `readinto` into one reused buffer of `READ_BYTES`, and a file part's data is handed
out as a view of that buffer, searched once for the boundary and copied by no one but the file
it is written to; the vault's encrypting file even takes it uncopied: the body is read straight
into the chunk it encrypts next (`receive_buffer`, `commit`). The decoder sees the bytes only
where a boundary is, or may be. The states, the limits (`max_form_memory_size`,
`max_form_parts`) and the events are werkzeug's own.
"""

from __future__ import annotations

import re
from typing import IO, Any

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import MultiPartParser
from werkzeug.sansio.multipart import (
    LINE_BREAK_RE,
    Data,
    Epilogue,
    Event,
    Field,
    File,
    MultipartDecoder,
    NeedData,
    State,
)

from .uploads import UploadError

#: Bytes read from the body per turn while a file part's data goes past the decoder.
READ_BYTES = 1 << 20
#: Bytes given to the decoder at once (and read per turn outside a file part's data): below
#: its 500,000-byte form memory limit, which it applies to what it holds at once.
DECODER_BYTES = 256 * 1024


#: What may follow a boundary at the end of the bytes received and still become the end of
#: a delimiter: the first of the closing dashes, or blanks before the line break.
_UNFINISHED_END = re.compile(rb"-|[^\S\n\r]*")


class LeanDecoder(MultipartDecoder):
    """`MultipartDecoder` whose data events copy the bytes once (werkzeug 3.1's logic), and
    which keeps back a delimiter whose end has not arrived yet.

    Werkzeug keeps back at most a delimiter's length (line break, dashes, boundary) from the
    end of what it holds, so a read ending after the boundary but inside what completes it
    (the closing `--`, the line break) handed the delimiter's line break out as the file's
    last byte, or the whole delimiter as data at the start of a part: the bytes stored then
    depended on where the reads fell. Here such a delimiter waits for the bytes that decide it.
    """

    _waits_at_start = False  # the part's data may start with a delimiter: read it again

    def next_event(self) -> Event:
        starting = self.state is State.DATA_START
        event = super().next_event()
        if starting and self._waits_at_start:
            self._waits_at_start = False
            self.state = State.DATA_START  # nothing was taken: the part starts here again
            if self.complete:
                raise ValueError("Invalid form-data cannot parse beyond State.DATA_START")
            return NeedData()
        return event

    def _parse_data(self, data: bytes | bytearray, *, start: bool) -> tuple[bytes, int, bool]:
        data_start = 0
        if start:
            match = LINE_BREAK_RE.match(data)
            data_start = match.end() if match is not None else 0
            if match is not None and self._may_begin_delimiter(data, data_start):
                self._waits_at_start = True  # the part may be empty: wait for the bytes
                return b"", 0, True
        boundary, held = self._delimiter(data, data_start)
        if held is not None and held < data_start:  # the part's own line break starts it
            self._waits_at_start = True
            return b"", 0, True
        more_data = True
        if boundary is None:
            data_end = del_index = self._partial_boundary_index(data, data_start)
            if held is not None:
                data_end = del_index = min(data_end, held)
        else:
            self.state = State.EPILOGUE if boundary.group(1).startswith(b"--") else State.PART
            data_end, del_index, more_data = boundary.start(), boundary.end(), False
        with memoryview(data) as view:
            return bytes(view[data_start:data_end]), del_index, more_data

    def _delimiter(
        self, data: bytes | bytearray, start: int
    ) -> tuple[re.Match[bytes] | None, int | None]:
        """The first complete delimiter in `data`, or where one starts whose end has not
        arrived: its dashes and boundary are in, then at most a dash or blanks, or a CR that
        may be the first half of a CRLF (None, None: neither)."""
        marker = b"--" + self.boundary
        if data.find(marker, start) == -1:
            return None, None
        boundary = self.boundary_re.search(data)
        if boundary is not None:
            lone_cr = boundary.end() == len(data) and data[-1] == ord("\r")
            if lone_cr and not self.complete and not boundary.group(1).startswith(b"--"):
                return None, boundary.start()
            return boundary, None
        at = data.rfind(marker, start)
        if at < 1 or not _UNFINISHED_END.fullmatch(data, at + len(marker)):
            return None, None
        if data[at - 1] == ord("\n"):
            return None, at - 2 if at >= 2 and data[at - 2] == ord("\r") else at - 1
        return None, at - 1 if data[at - 1] == ord("\r") else None

    def _may_begin_delimiter(self, data: bytes | bytearray, start: int) -> bool:
        """Whether the bytes after a part's leading line break, from `start`, are all of them
        the beginning of the dashes and boundary of a delimiter (the part may be empty)."""
        marker = b"--" + self.boundary
        return len(data) - start < len(marker) and marker.startswith(data[start:])

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

    def file_data_end(self, window: bytearray, start: int, end: int) -> int | None:
        """In the DATA state, where the data of `window[start:end]` surely ends when no
        boundary is in it (what follows may start one); None when one is, for `next_event`."""
        if window.find(b"--" + self.boundary, start, end) != -1:
            return None
        return self._partial_boundary_index(window, start, end)


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
    part's data goes from that buffer to its file, past the decoder (`file_data_end`), or is
    read straight into the file's own buffer when the file takes bytes so (`commit`)."""

    def parse(
        self, stream: IO[bytes], boundary: bytes, content_length: int | None
    ) -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
        decoder = LeanDecoder(
            boundary, max_form_memory_size=self.max_form_memory_size, max_parts=self.max_form_parts
        )
        parts = _Parts(self, content_length)
        # room for a read and for what the decoder kept back of the one before: a partial
        # boundary (less than a line break, two dashes and the boundary), or one waiting for
        # its closing dashes (longer: the decoder reads that one)
        keep = len(b"\r\n--" + boundary + b"-")
        view = memoryview(bytearray(READ_BYTES + keep))
        while True:
            in_file = (
                decoder.state is State.DATA
                and isinstance(parts.part, File)
                and len(decoder.buffer) <= keep
            )
            if in_file and _receives_in_place(parts.container, keep):
                received = _receive_file_data(stream, decoder, parts.container)
            else:
                received = _read_window(stream, decoder, parts, view, in_file)
            if received is None:  # file data only, handed to the file
                continue
            data, count = received
            for start in range(0, len(data), DECODER_BYTES):
                _decode(decoder, parts, data[start : start + DECODER_BYTES])
            if not count:
                _decode(decoder, parts, None)
                return self.cls(parts.fields), self.cls(parts.files)


def _read_window(
    stream: IO[bytes], decoder: LeanDecoder, parts: _Parts, view: memoryview, in_file: bool
) -> tuple[memoryview, int] | None:
    """Read the next bytes into `view`, after what the decoder kept back when `in_file` (a
    file part's data). None when they were all file data (handed to the file as a view, what
    may begin a delimiter kept back); else the bytes for the decoder, and how many were read."""
    kept = len(decoder.buffer) if in_file else 0
    if kept:
        view[:kept] = decoder.buffer
        del decoder.buffer[:]
    size = READ_BYTES if in_file else min(READ_BYTES, DECODER_BYTES)
    count = _read_into(stream, view[kept : kept + size])
    filled = kept + count
    if in_file and count:
        data_end = decoder.file_data_end(view.obj, 0, filled)  # type: ignore[arg-type]
        if data_end is not None:  # no boundary: the data goes straight to the file
            if data_end:
                parts.take(Data(data=view[:data_end], more_data=True))  # type: ignore[arg-type]
            decoder.buffer += view[data_end:filled]  # kept back, as the decoder does
            return None
    return view[:filled], count


def _receives_in_place(file: Any, keep: int) -> bool:
    """Whether `file` takes bytes put in its own buffer (`receive_buffer`, `commit`: the
    vault's encrypting file), with room there for a read past a kept back delimiter."""
    if not hasattr(file, "commit"):
        return False
    buffer, start = file.receive_buffer()
    return len(buffer) - start > 2 * keep


def _receive_file_data(
    stream: IO[bytes], decoder: LeanDecoder, file: Any
) -> tuple[memoryview, int] | None:
    """`_read_window` for a file that takes bytes in place: the next bytes of its data are
    read into the file's own buffer (the chunk it encrypts next), after what the decoder kept
    back, and committed there: no copy. When a boundary is among them (or the body ended),
    they are copied out for the decoder, whose data goes back into the file by `write`."""
    buffer, start = file.receive_buffer()
    view = memoryview(buffer)
    kept = len(decoder.buffer)
    view[start : start + kept] = decoder.buffer
    del decoder.buffer[:]
    count = _read_into(stream, view[start + kept : start + kept + READ_BYTES])
    end = start + kept + count
    data_end = decoder.file_data_end(buffer, start, end) if count else None
    if data_end is None:
        return memoryview(bytes(view[start:end])), count
    decoder.buffer += view[data_end:end]  # kept back, as the decoder does
    file.commit(data_end - start)
    return None


def _decode(decoder: LeanDecoder, parts: _Parts, data: memoryview | None) -> None:
    """Give the decoder `data` (None: the body ended) and `parts` the events it makes of it."""
    decoder.receive_data(data)  # type: ignore[arg-type]
    event = decoder.next_event()
    while not isinstance(event, (Epilogue, NeedData)):
        parts.take(event)
        event = decoder.next_event()


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
