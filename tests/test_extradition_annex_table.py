"""The annex table of an extradition request gives its number column the room of a number: it
is a table of column heads, not of row labels (whose label column takes a third of the width)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from mla_tool.forms import documents
from mla_tool.forms.samples import extradition_request

pytestmark = pytest.mark.slow  # renders a PDF (WeasyPrint)


def test_the_number_column_is_narrow(app, tmp_path: Path) -> None:
    data = extradition_request()
    with app.app_context():
        pdf = documents.render_pdf(None, data, "en")
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftotext", "-bbox", str(path), str(tmp_path / "x.html")], check=True)
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>',
        (tmp_path / "x.html").read_text(encoding="utf-8"),
    )
    number = next((float(x), float(y)) for x, y, w in words if w == "#")
    document = next(float(x) for x, y, w in words if w == "Document" and float(y) == number[1])
    assert document - number[0] < 60, (number, document)  # points: a few characters
