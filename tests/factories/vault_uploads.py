"""Test data builders and fixtures shared by several test modules (vault uploads)."""

from __future__ import annotations

BOUNDARY = "----mlaBoundary7MA4YWxk"


def multipart_head_and_tail(filename: str) -> tuple[bytes, bytes]:
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head, f"\r\n--{BOUNDARY}--\r\n".encode()
