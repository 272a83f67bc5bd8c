"""Reading the packaged reference files: rows, dates as the sources state them, the date of a
source, language names in declarations, and cells joined without repeats."""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent / "data"

_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
#: "Sept." and "Dec" as the newer sources abbreviate them
_MONTH_ABBREVIATIONS = {name[:3]: number for name, number in _MONTHS.items()} | {"Sept": 9}
_MONTH = "|".join([*_MONTH_NAMES, *sorted(_MONTH_ABBREVIATIONS, key=len, reverse=True)])

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DMY_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTH_NAMES)}) (\d{{4}})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er)? ({_MONTH})\.? (\d{{4}})\b")
_ANY_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.? (\d{{4}})\b")
#: the date a document gives itself wins over the dates it speaks of
_DATED = re.compile(rf"\bdated (\d{{1,2}}) ({_MONTH})\.? (\d{{4}})\b")
#: a year standing alone in a citation: "(2014)", "as of 2016", "by 2015", "/2012"
_YEAR = re.compile(r"(?<![\d.-])((?:19|20)\d{2})(?![\d-])")
#: a cell that is a date, or a year and month, or a year: "2014-09-08", "2014-08", "2013"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\b")


def read_csv(name: str) -> list[dict[str, str]]:
    """The rows of a packaged CSV file (mla_tool/directory/data/)."""
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def parse_date(value: str | None) -> date | None:
    """An ISO 8601 date, or None for an empty cell ("not known")."""
    value = (value or "").strip()
    return date.fromisoformat(value) if value else None


def date_as_stated(cell: str | None) -> tuple[date | None, str]:
    """A cell that may hold a full date, a partial one or a mark: (the date if it is a full
    one, else None; the cell as the source states it when it is not a full date, else "")."""
    cell = (cell or "").strip()
    match = re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell)
    if match:
        return date.fromisoformat(cell), ""
    return None, cell


def leading_date(cell: str | None) -> date | None:
    """The full date a described cell starts with ("1983-04-06 (Council of …)"), else None."""
    match = _ISO_DATE.match((cell or "").strip())
    return date(*map(int, match.groups())) if match else None


def dates_in_source(source: str) -> list[date]:
    """Every date a source citation mentions (status dates, "last changed", "as of")."""
    found: list[date] = []
    for year, month, day in _ISO_DATE.findall(source):
        found.append(date(int(year), int(month), int(day)))
    for day, month, year in _DMY_DATE.findall(source):
        try:
            found.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    for month, year in _MONTH_YEAR.findall(source):
        found.append(date(int(year), _MONTHS[month], 1))
    return found


def _month(name: str) -> int:
    return _MONTHS.get(name) or _MONTH_ABBREVIATIONS[name]


def source_date(*texts: str) -> date | None:
    """The latest date the citations mention, to the precision they give it: a day ("7 March
    2023", "2014-09-08", "16.09.2010"), else a month ("Nov 2012": its first day), else a year
    ("(2014)", "as of 2016": 1 January). None when they mention none."""
    text = " ".join(t for t in texts if t)
    dated = _DATED.search(text)
    if dated:
        day, month, year = dated.groups()
        return date(int(year), _month(month), int(day))
    found = dates_in_source(text)
    for day, month, year in _DAY_MONTH_YEAR.findall(text):
        try:
            found.append(date(int(year), _month(month), int(day)))
        except ValueError:
            continue
    if not found:
        found = [date(int(year), _month(month), 1) for month, year in _ANY_MONTH_YEAR.findall(text)]
    if not found:
        found = [date(int(year), 1, 1) for year in _YEAR.findall(text)]
    return max(found) if found else None


def partial_date(cell: str) -> date | None:
    """The first day a partial date cell can mean ("2014-08" -> 2014-08-01), else None."""
    match = _PARTIAL_DATE.match((cell or "").strip())
    if not match:
        return None
    year, month, day = match.groups()
    return date(int(year), int(month or 1), int(day or 1))


@cache
def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code:
            names[language.name.casefold()] = code
    return names


def language_codes(text: str) -> list[str]:
    """ISO 639-1 codes of the language names in a declaration ("English and/or Hindi")."""
    names = _language_names()
    codes: list[str] = []
    for word in re.findall(r"[A-Za-z]+", text or ""):
        code = names.get(word.casefold())
        if code and code not in codes:
            codes.append(code)
    return codes


def join_unique(values: list[str], separator: str) -> str:
    """The non-empty values joined in order, each once."""
    out: list[str] = []
    for value in values:
        value = (value or "").strip()
        if value and value not in out:
            out.append(value)
    return separator.join(out)
