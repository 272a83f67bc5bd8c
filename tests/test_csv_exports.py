"""CSV exports (directory, statistics): RFC 4180 with CRLF, UTF-8 with a BOM, no cell a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

from mla_tool.cases import opening
from mla_tool.directory.authorities import create_authority
from mla_tool.directory.transfer import export_entries
from mla_tool.extensions import db
from mla_tool.spreadsheet_csv import BOM, FORMULA_STARTS, csv_text, unescaped

BOM_BYTES = b"\xef\xbb\xbf"


def parsed(text: str) -> list[list[str]]:
    """The records as a strict RFC 4180 reader sees them (the BOM taken off first)."""
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline=""), strict=True))


def assert_crlf_records(text: str, records: int) -> None:
    """Every record ends with CRLF; a bare LF only ever sits inside a quoted field."""
    assert text.endswith("\r\n")
    outside_quotes = "".join(part for n, part in enumerate(text.split('"')) if n % 2 == 0)
    assert "\n" not in outside_quotes.replace("\r\n", "")
    assert outside_quotes.count("\r\n") == records


def test_csv_text_quotes_escapes_and_ends_lines_as_rfc_4180_says() -> None:
    cells = [
        '=HYPERLINK("http://evil.example","x")',
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\tcmd",
        "\rcmd",
        "line one\nline two, with a comma",
        'a "quoted" word',
        "النيابة العامة",
        None,
        42,
        -1.5,
    ]
    header = [f"c{n}" for n in range(len(cells))]
    text = csv_text(header, [cells])
    rows = parsed(text)
    assert_crlf_records(text, 2)
    assert rows[0] == header
    back = rows[1]
    for cell in back[:6]:
        assert cell.startswith("'") and not cell.startswith(FORMULA_STARTS)
    assert [unescaped(cell) for cell in back[:6]] == cells[:6]
    assert back[6:] == ["line one\nline two, with a comma", 'a "quoted" word', "النيابة العامة"] + [
        "",
        "42",
        "-1.5",
    ]
    assert '"a ""quoted"" word"' in text  # quotes doubled inside a quoted field
    assert text.encode("utf-8").startswith(BOM_BYTES)


def test_directory_export_is_rfc_4180_utf8_with_bom_and_formula_safe() -> None:
    create_authority(
        {
            "country": "EGY",
            "functions": ["central_authority_mla"],
            "name": "النيابة العامة, مكتب التعاون الدولي",
            "phone": "+20 2 2577 4000",
            "requirements": "=1+1\nSecond line",
        }
    )
    db.session.commit()
    text = export_entries("csv")
    rows = parsed(text)
    assert_crlf_records(text, 2)
    header, row = rows
    entry = dict(zip(header, row, strict=True))
    assert header[0] == "external_id"  # the BOM is not part of the first column's name
    assert entry["name"] == "النيابة العامة, مكتب التعاون الدولي"
    assert entry["phone"] == "'+20 2 2577 4000"
    assert entry["requirements"] == "'=1+1\nSecond line"


def test_statistics_csv_is_rfc_4180_utf8_with_bom(client: Any, make_user: Any, login: Any) -> None:
    supervisor = make_user("caseworker", country="FRA")
    for state in ("DEU", "EGY"):
        opening.open_case(
            direction="outgoing",
            kind="mla",
            counterpart_state=state,
            title="=cmd|' /C calc'!A0",
            actor=supervisor,
        )
    db.session.commit()
    response = login(supervisor).get("/cases/stats.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.data.startswith(BOM_BYTES)
    text = response.data.decode("utf-8")
    rows = parsed(text)
    assert_crlf_records(text, len(rows))
    assert rows[0] == ["measure", "group", "key", "count", "median_days", "p90_days"]
    assert ["count", "by_counterpart_state", "EGY", "1", "", ""] in rows
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
