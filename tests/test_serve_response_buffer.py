"""The server's response buffer: pieces held by reference, sent in order, small ones joined."""

from __future__ import annotations

from mla_tool.vault.response_buffer import SMALL_PIECE, ViewBuffer


def _drain(buffer: ViewBuffer, send_at_most: int) -> bytes:
    out = bytearray()
    while len(buffer):
        piece = buffer.get(send_at_most)
        sent = min(len(piece), max(1, send_at_most // 3))  # the socket takes only part
        out += piece[:sent]
        buffer.skip(sent, True)
    return bytes(out)


def test_pieces_come_out_in_order_whatever_send_takes():
    pieces = [b"head", b"x" * (SMALL_PIECE * 3), b"a", b"b" * 100, b"y" * (SMALL_PIECE + 1)]
    for send_at_most in (1, 1000, 1 << 20):
        buffer = ViewBuffer()
        for piece in pieces:
            buffer.append(piece)
        assert len(buffer) == sum(map(len, pieces))
        assert _drain(buffer, send_at_most) == b"".join(pieces)
        assert not buffer


def test_a_large_piece_is_sent_from_the_bytes_given_and_small_ones_are_joined():
    large = b"z" * (SMALL_PIECE * 2)
    buffer = ViewBuffer()
    buffer.append(large)
    view = buffer.get(1 << 20)
    assert isinstance(view, memoryview) and view.obj is large
    buffer.skip(len(view))
    for piece in (b"a", b"b", b"c"):
        buffer.append(piece)
    assert buffer.get(1 << 20) == b"abc"


def test_a_mutable_buffer_is_copied_when_appended():
    data = bytearray(b"before")
    buffer = ViewBuffer()
    buffer.append(data)
    data[:] = b"AFTER!"
    assert bytes(buffer.get()) == b"before"
