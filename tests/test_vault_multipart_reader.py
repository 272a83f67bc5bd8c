"""The vault's multipart reader parses every body as werkzeug's own parser does."""

from __future__ import annotations

import io
import random

import pytest
from werkzeug.formparser import FormDataParser, MultiPartParser

from mla_tool.vault import multipart_reader

BOUNDARY = "b0undaryX"


def _body(rng: random.Random) -> bytes:
    """A form with text fields and files whose bytes look like line breaks and boundaries."""
    near = b"--" + BOUNDARY[:-1].encode()  # a boundary but for its last byte
    alphabet = [b"\r", b"\n", b"\r\n", b"-", b"--", near, b"x", b"\x00", b"a"]
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
        out.write(f"--{BOUNDARY}\r\n{head}\r\n\r\n".encode() + content + b"\r\n")
    out.write(f"--{BOUNDARY}--\r\n".encode())
    return out.getvalue()


def _parsed(form, files) -> tuple[list, list]:
    return (
        sorted(form.items(multi=True)),
        sorted((name, item.filename, item.stream.read()) for name, item in files.items(multi=True)),
    )


@pytest.mark.parametrize("read_bytes", [1, 7, 64, 4096, 256 * 1024])
def test_the_reader_parses_as_werkzeug_does(monkeypatch, read_bytes):
    monkeypatch.setattr(multipart_reader, "READ_BYTES", read_bytes)
    rng = random.Random(read_bytes)
    options = {"boundary": BOUNDARY}
    for _ in range(40 if read_bytes > 7 else 8):
        body = _body(rng)
        # werkzeug's parser reading as many bytes at a time (its decoder is the same)
        theirs = MultiPartParser(buffer_size=read_bytes).parse(
            io.BytesIO(body), BOUNDARY.encode(), len(body)
        )
        ours = multipart_reader.parse_multipart(io.BytesIO(body), options, len(body))
        assert _parsed(*ours) == _parsed(*theirs)


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
        def file_data_end(self, window, filled):
            held.append(len(self.buffer))
            return super().file_data_end(window, filled)

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
