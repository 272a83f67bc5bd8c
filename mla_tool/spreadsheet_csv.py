"""CSV files for spreadsheets: RFC 4180 (CRLF), UTF-8 with a byte-order mark, no cell a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

#: The byte-order mark that makes spreadsheet programs read the file as UTF-8 (Arabic, accents).
BOM = "\ufeff"
#: A spreadsheet reads a text cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def spreadsheet_safe(cell: str) -> str:
    """The cell as text a spreadsheet shows and never evaluates: a leading `'` before a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unescaped(cell: str) -> str:
    """What `spreadsheet_safe` was given: the leading `'` it added taken off again."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value  # a number is never a formula, and stays a number
    return spreadsheet_safe(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The table as the text of a CSV file: BOM, header, one CRLF-ended record per row.

    Quoting is RFC 4180's: a field with a comma, a quote or a line break is quoted, and its
    quotes doubled. Every text cell goes through `spreadsheet_safe`.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return BOM + out.getvalue()
