"""Test data builders and fixtures shared by several test modules (rendering)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "request.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", out))


def created_by_api(client, headers, **document) -> dict:
    """The request as POST /api/v1/requests answers it (201) for this document."""
    response = client.post("/api/v1/requests", json=document, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def create(client, headers, **document) -> int:
    return created_by_api(client, headers, **document)["id"]
