"""The vault's multipart reader parses every body as werkzeug's own parser does when it reads
the whole body at once, however the body's reads fall (werkzeug's own result depends on them)."""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from werkzeug.formparser import FormDataParser, MultiPartParser

from mla_tool.vault import crypto, multipart_reader

BOUNDARY = "b0undaryX"


def _body(rng: random.Random) -> bytes:
    """A form with text fields and files whose bytes look like line breaks and boundaries;
    blanks after some boundaries (transport padding); sometimes cut short."""
    near = b"--" + BOUNDARY[:-1].encode()  # a boundary but for its last byte
    whole = b"--" + BOUNDARY.encode()
    alphabet = [b"\r", b"\n", b"\r\n", b"-", b"--", near, whole, b"x", b"\x00", b"a", b" "]
    out = io.BytesIO()
    for index in range(rng.randint(0, 4)):
        content = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3000)))
        content += rng.randbytes(rng.randint(0, 5000))
        if rng.random() < 0.5:
            head = f'Content-Disposition: form-data; name="f{index}"; filename="f{index}.bin"'
            head += "\r\nContent-Type: application/octet-stream"
        else:
            head = f'Content-Disposition: form-data; name="t{index}"'
            content = content.replace(b"\x00", b"")
        padding = " " * rng.choice([0, 0, 1, 3])
        out.write(f"--{BOUNDARY}{padding}\r\n{head}\r\n\r\n".encode() + content + b"\r\n")
    out.write(f"--{BOUNDARY}--{' ' * rng.choice([0, 0, 2])}\r\n".encode())
    body = out.getvalue()
    return body[: rng.randint(0, len(body))] if rng.random() < 0.15 else body


def _body_with_a_large_file(rng: random.Random) -> bytes:
    """A body whose first part is a file of up to 150 kB, random bytes with line breaks and
    (partial) boundaries here and there, before `_body`'s parts."""
    content = rng.randbytes(rng.randint(0, 150_000))
    tokens = [b"\r", b"\n", b"\r\n", b"\r\n--" + BOUNDARY[:-1].encode(), b"--" + BOUNDARY.encode()]
    for _ in range(rng.randint(0, 6)):
        at = rng.randint(0, len(content))
        content = content[:at] + rng.choice(tokens) + content[at:]
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="big"; filename="big.bin"\r\n\r\n'
    return head.encode() + content + b"\r\n" + _body(rng)


class Trickle(io.RawIOBase):
    """A body read in pieces of uneven, mostly small sizes, as a socket may give it."""

    def __init__(self, body: bytes, rng: random.Random) -> None:
        self.body, self.at, self.rng = body, 0, rng

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        size = min(len(buffer), self.rng.choice([1, 2, 3, 13, 14, 15, 64, 1000, 70_000]))
        piece = self.body[self.at : self.at + size]
        buffer[: len(piece)] = piece
        self.at += len(piece)
        return len(piece)


def _parsed(form, files) -> tuple[list, list]:
    return (
        sorted(form.items(multi=True)),
        sorted((name, item.filename, item.stream.read()) for name, item in files.items(multi=True)),
    )


def _outcome(parse) -> tuple[list, list] | str:
    try:
        return _parsed(*parse())
    except ValueError:
        return "refused"


def _werkzeug_outcome(body: bytes) -> Any:
    """What werkzeug's parser makes of the whole body read at once."""
    return _outcome(
        lambda: MultiPartParser(buffer_size=len(body) + 1).parse(
            io.BytesIO(body), BOUNDARY.encode(), len(body)
        )
    )


def _streams(body: bytes) -> tuple[Any, Any]:
    """The body read whole, and trickled in pieces of random sizes."""
    return io.BytesIO(body), Trickle(body, random.Random(len(body)))


@pytest.mark.parametrize(
    ("read_bytes", "decoder_bytes"),
    [(1, 1), (7, 7), (64, 64), (4096, 100), (256 * 1024, 256 * 1024), (1 << 20, 8000)],
)
def test_the_reader_parses_as_werkzeug_does(monkeypatch, read_bytes, decoder_bytes):
    monkeypatch.setattr(multipart_reader, "READ_BYTES", read_bytes)
    monkeypatch.setattr(multipart_reader, "DECODER_BYTES", decoder_bytes)
    rng = random.Random(read_bytes)
    options = {"boundary": BOUNDARY}
    for _ in range(40 if read_bytes > 7 else 8):
        body = _body(rng)
        theirs = _werkzeug_outcome(body)
        for stream in _streams(body):
            ours = _outcome(
                lambda stream=stream, body=body: multipart_reader.parse_multipart(
                    stream, options, len(body)
                )
            )
            assert ours == theirs


class InPlaceFile:
    """A file taking bytes in place as the vault's encrypting file does (`receive_buffer`,
    `commit`): an encryptor of small chunks into memory, read back decrypted."""

    def __init__(self, chunk_size: int) -> None:
        self.key, self.sink = crypto.new_data_key(), io.BytesIO()
        self.encryptor = crypto.Encryptor(self.key, "u", self.sink, chunk_size)
        self.receive_buffer, self.write = self.encryptor.receive_buffer, self.encryptor.write
        self.committed = 0  # bytes taken in place

    def commit(self, count: int) -> None:
        self.committed += count
        self.encryptor.commit(count)

    def seek(self, *_) -> int:
        return 0

    def read(self) -> bytes:
        self.encryptor.finish()
        return crypto.decrypt_bytes(self.key, "u", self.sink.getvalue())


@pytest.mark.parametrize(
    ("read_bytes", "chunk_size"),
    [(1, 40), (7, 10), (64, 29), (64, 1000), (4096, 40), (4096, 5000), (1 << 20, 70_000)],
)
def test_a_file_taking_bytes_in_place_gets_what_werkzeug_reads(monkeypatch, read_bytes, chunk_size):
    """File data read straight into the file's own buffer, the chunks' edges anywhere (and
    chunks too small to read into: 16 bytes), gives the parts werkzeug gives."""
    monkeypatch.setattr(multipart_reader, "READ_BYTES", read_bytes)
    monkeypatch.setattr(multipart_reader, "DECODER_BYTES", min(read_bytes, 8000))
    rng = random.Random(read_bytes + chunk_size)
    made: list[InPlaceFile] = []

    def factory(*_, **__) -> InPlaceFile:
        made.append(InPlaceFile(chunk_size))
        return made[-1]

    for _ in range(30 if read_bytes > 7 else 8):
        body = _body_with_a_large_file(rng) if read_bytes > 1 else _body(rng)
        theirs = _werkzeug_outcome(body)
        for stream in _streams(body):
            ours = _outcome(
                lambda stream=stream, body=body: multipart_reader.parse_multipart(
                    stream, {"boundary": BOUNDARY}, len(body), stream_factory=factory
                )
            )
            assert ours == theirs
    in_place = sum(file.committed for file in made)
    assert in_place > 0 if chunk_size > 10 else in_place == 0  # 10: no room past a delimiter


@pytest.mark.parametrize("content", [b"mq", b"", b"x\r", b"y\r\n--" + BOUNDARY.encode() + b"-z"])
def test_a_read_ending_inside_a_delimiter_changes_no_byte(content):
    """Werkzeug reading the body in two pieces split inside the closing delimiter (after the
    boundary, before its `--` or line break is whole) gives a file ending in the delimiter's
    CR, or holding the delimiter; the vault's reader waits for the bytes that decide it."""
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="f"\r\n\r\n'
    body = head.encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()

    class Split(io.RawIOBase):
        def __init__(self, at: int) -> None:
            self.pieces = [body[:at], body[at:]]

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[override]
            piece = self.pieces.pop(0) if self.pieces else b""
            buffer[: len(piece)] = piece
            return len(piece)

    for at in range(len(head), len(body)):
        _, files = multipart_reader.parse_multipart(Split(at), {"boundary": BOUNDARY}, len(body))
        assert files["f"].stream.read() == content, at


def test_a_broken_body_is_refused_as_werkzeug_refuses_it():
    options = {"boundary": BOUNDARY}
    body = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end'.encode()
    with pytest.raises(ValueError):
        FormDataParser(silent=False).parse(io.BytesIO(body), "multipart/form-data", None, options)
    with pytest.raises(ValueError):
        multipart_reader.parse_multipart(io.BytesIO(body), options, None)
    with pytest.raises(ValueError):
        multipart_reader.parse_multipart(io.BytesIO(body), {}, None)


def test_a_text_field_over_the_form_memory_limit_is_a_413(monkeypatch):
    from mla_tool.vault.uploads import UploadError

    monkeypatch.setattr(multipart_reader, "READ_BYTES", 64)
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\n'.encode()
        + b"n" * 1000
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    with pytest.raises(UploadError) as raised:
        multipart_reader.parse_multipart(
            io.BytesIO(body), {"boundary": BOUNDARY}, len(body), max_form_memory_size=500
        )
    assert raised.value.status == 413


def test_a_file_parts_data_reaches_the_file_as_views_of_the_read_buffer(monkeypatch):
    """Past its first read, a file's data is handed to the file uncopied (the file copies it
    once, into the chunk it encrypts), and the decoder holds at most a partial boundary."""
    monkeypatch.setattr(multipart_reader, "READ_BYTES", 4096)
    content = random.Random(3).randbytes(100_000) + b"\r\n--" + BOUNDARY[:-1].encode()
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"'
        "\r\n\r\n".encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    writes: list[tuple[type, int]] = []
    held: list[int] = []

    class Recorder(io.BytesIO):
        def write(self, data) -> int:  # type: ignore[override]
            writes.append((type(data), len(data)))
            return super().write(data)

    class Watched(multipart_reader.LeanDecoder):
        def file_data_end(self, window, start, end):
            held.append(len(self.buffer))
            return super().file_data_end(window, start, end)

    monkeypatch.setattr(multipart_reader, "LeanDecoder", Watched)
    form, files = multipart_reader.parse_multipart(
        io.BytesIO(body),
        {"boundary": BOUNDARY},
        len(body),
        stream_factory=lambda *args, **kwargs: Recorder(),
    )
    files["file"].stream.seek(0)
    assert files["file"].stream.read() == content
    views = [size for kind, size in writes if kind is memoryview]
    assert sum(views) > len(content) - 2 * 4096  # all but the first and last read's data
    assert held and max(held) < len(f"\r\n--{BOUNDARY}")
