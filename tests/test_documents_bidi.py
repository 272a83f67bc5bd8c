"""Typed values keep their own direction in the PDF: Latin and numeric runs in an Arabic
document, Arabic in an English one. Positions are read with `pdftotext -bbox`."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mla_tool.forms import documents
from mla_tool.forms.samples import complete_request
from mla_tool.forms.typed_text import first_strong_direction, typed, typed_block
from tests.factories.rendering import pdf_text

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast

#: Latin or numeric runs that WeasyPrint printed out of order in Arabic documents.
LATIN_RUNS = {
    "provision": "Law No. 20 of 2021",
    "max_penalty": "5 years",
    "name": "§ 261 StGB",
    "address": "25 rue de la République",
    "id_documents": "1234 5678 9012",
    "phone": "+44 20 7946 0958",
    "email": "claire.martin@justice.example",
    "account": "DE89 3704 0044 0532 0130 00",
    "url": "https://example.org/case/17",
    "sentence": "Il a été vu à Paris le 3 mai.",
}


def mixed_request(language: str) -> dict[str, Any]:
    """The Arabic sample request with the runs above in the fields a user types them in."""
    data = complete_request("ar")
    data["language"] = language
    data["offences"][0]["provision"] = LATIN_RUNS["provision"]
    data["offences"][0]["max_penalty"] = LATIN_RUNS["max_penalty"]
    data["offences"].append({"name": LATIN_RUNS["name"], "max_penalty": "سنتان"})
    person = data["persons"][0]
    person["address"] = LATIN_RUNS["address"]
    person["id_documents"] = LATIN_RUNS["id_documents"]
    data["requesting_authority"]["phone"] = LATIN_RUNS["phone"]
    data["requesting_authority"]["email"] = LATIN_RUNS["email"]
    data["measures"][0]["details"]["account"] = LATIN_RUNS["account"]
    data["facts"] += "\n" + LATIN_RUNS["url"] + "\n" + LATIN_RUNS["sentence"]
    return data


def words_by_line(pdf: bytes, tmp_path: Path) -> list[list[tuple[float, str]]]:
    """Every line of every page as its words (x position, text), sorted left to right."""
    path = tmp_path / "bbox.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines: list[list[tuple[float, str]]] = []
    for page in out.split("<page ")[1:]:
        rows: list[tuple[float, list[tuple[float, str]]]] = []
        for x_min, y_min, _x_max, y_max, word in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
        ):
            middle = (float(y_min) + float(y_max)) / 2
            entry = (float(x_min), html.unescape(word))
            for row_middle, row in rows:
                if abs(row_middle - middle) < 5:
                    row.append(entry)
                    break
            else:
                rows.append((middle, [entry]))
        lines.extend(sorted(row) for _m, row in rows)
    return lines


def printed_in_order(run: str, lines: list[list[tuple[float, str]]]) -> bool:
    """The words of `run` follow each other, left to right, on one line."""
    wanted = run.split()
    for line in lines:
        texts = [text for _x, text in line]
        for start in range(len(texts) - len(wanted) + 1):
            if texts[start : start + len(wanted)] == wanted:
                return True
    return False


def test_the_direction_of_a_value_is_that_of_its_first_strong_character() -> None:
    assert first_strong_direction("25 rue de la République") == "ltr"
    assert first_strong_direction("1234 5678 9012") is None
    assert first_strong_direction("§ 261 StGB") == "ltr"
    assert first_strong_direction("2021 قانون رقم 20") == "rtl"
    assert first_strong_direction("\u2067مصر\u2069 Cairo") == "ltr"  # isolates are skipped
    assert typed("1234 5678 9012") == '<bdi dir="ltr">1234 5678 9012</bdi>'
    assert typed("<b>x</b>") == '<bdi dir="ltr">&lt;b&gt;x&lt;/b&gt;</bdi>'
    assert typed("") == "" and typed(None) == "" and typed_block("  ") == ""
    assert typed_block("مرحبا\n\nHello.") == (
        '<span class="typed-line" dir="rtl">مرحبا</span>'
        '<span class="typed-line typed-blank"></span>'
        '<span class="typed-line" dir="ltr">Hello.</span>'
    )


def test_latin_and_numeric_runs_keep_their_order_in_an_arabic_pdf(tmp_path: Path, app) -> None:
    pdf = documents.render_pdf(None, mixed_request("ar"), "ar")
    lines = words_by_line(pdf, tmp_path)
    disordered = [run for run in LATIN_RUNS.values() if not printed_in_order(run, lines)]
    assert disordered == []
    text = pdf_text(pdf, tmp_path)
    for run in LATIN_RUNS.values():
        assert run in text, run  # and pdftotext reads each back in logical order
    assert "غسل الأموال" in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_arabic_value_keeps_its_direction_in_a_latin_document(
    language: str, tmp_path: Path, app
) -> None:
    data = complete_request(language)
    sentence = "القانون رقم 20 لسنة 2021."
    data["persons"][0]["address"] = sentence
    data["persons"][0]["name"] = "محمد بن علي"
    pdf = documents.render_pdf(None, data, language)
    # (pdftotext reorders an Arabic run inside a left-to-right line only in part: positions)
    assert "محمد بن علي" in pdf_text(pdf, tmp_path)
    # the final period ends the Arabic sentence: it is printed at its left, not after "القانون"
    for line in words_by_line(pdf, tmp_path):
        texts = [word for _x, word in line]
        if "2021" in " ".join(texts) and any("لسنة"[::-1] in w or "لسنة" in w for w in texts):
            arabic_and_numbers = [w for w in texts if re.search(r"[\u0600-\u06ff\d]", w)]
            assert arabic_and_numbers[0].startswith("."), texts
            break
    else:
        pytest.fail("the Arabic address was not found")
