"""Every printed document type × every document language, rendered from a realistic request
full of mixed Arabic, Latin and numeric values and read back with pdftotext: the base template's
running head (both authorities, our reference) and foot ("page x of y", reference, marking) on
every page, DRAFT on every page until approval and nowhere after, no checklist, no raw code,
every word inside the page box, mixed runs in order. Page 1 of each type in English and Arabic
is written as a PNG to the test artifacts (`pdftoppm -png -r 60`) for a reviewer to look at."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mla_tool.forms import documents, kinds, measures
from mla_tool.forms.documents import DOCUMENT_LANGUAGES
from mla_tool.forms.eevidence.document import render_form_pdf
from mla_tool.forms.extradition import choices
from mla_tool.forms.fieldspec import IDENTIFIER_TYPE_LABELS
from mla_tool.forms.review_sheet import render_review_sheet_html, review_sheet_context
from tests.document_pdf import (
    DOCUMENT_MARGINS,
    FORM_MARGINS,
    RunningText,
    Word,
    outside,
    page_label,
    pages_text,
    squeezed,
    words_of,
)
from tests.factories.document_matrix import MIXED_RUNS, REFERENCE, TYPES, sample

pytestmark = pytest.mark.slow  # renders about a hundred PDFs (WeasyPrint)


#: Codes of the code lists that are no word of any language (snake_case, ISO 3166 alpha-3): they
#: must never print. (tests/test_documents_codes.py checks every code on neutral text.)
RAW_CODES = {
    code
    for table in (
        kinds.PROCEEDING_STAGES,
        kinds.PERSON_ROLES,
        measures.ATTENDANCE,
        measures.RECORD_TYPES,
        choices.EXTRADITION_STAGES,
        choices.SOUGHT_ROLES,
        choices.OFFENCE_NATURES,
        choices.ASSURANCE_TYPES,
        choices.DOCUMENT_TYPES,
        choices.DOCUMENT_STATUSES,
        choices.CHANNELS,
        tuple(IDENTIFIER_TYPE_LABELS.items()),
        tuple(measures.MEASURES.items()),
    )
    for code, _label in table
    if "_" in code
} | {"FRA", "ARE", "IRL"}
CHECKLIST = ("Checklist of the contents of the request", "Completeness score", "To check")


def render(data: dict[str, Any], language: str, form: str, draft: bool) -> bytes:
    if form == "form":
        return render_form_pdf(None, data, language, draft=draft)
    return documents.render_pdf(None, data, language, draft=draft)


def lines_of(words: list[Word]) -> list[list[str]]:
    """The words of each printed line (middles less than 5 pt apart), left to right."""
    rows: list[tuple[int, float, list[Word]]] = []
    for word in words:
        middle = (word.y_min + word.y_max) / 2
        for page, row_middle, row in rows:
            if page == word.page and abs(row_middle - middle) < 5:
                row.append(word)
                break
        else:
            rows.append((word.page, middle, [word]))
    return [[w.text for w in sorted(row, key=lambda w: w.x_min)] for _p, _m, row in rows]


def in_order(run: str, lines: list[list[str]]) -> bool:
    """The words of `run` follow each other, left to right, on one line (brackets and commas
    around them aside; Chinese punctuation, which takes no space, such as the full-width colon
    of "最高刑罚：5 years", separates words as a space would)."""
    wanted = run.split()
    for line in lines:
        words = [
            piece.strip("()[],;") for word in line for piece in re.split(r"[：；、，（）]", word)
        ]
        words = [word for word in words if word]
        for start in range(len(words) - len(wanted) + 1):
            if words[start : start + len(wanted)] == wanted:
                return True
    return False


def page_one_png(pdf: bytes, stem: Path, tmp_path: Path) -> None:
    """Page 1 as `<stem>.png` at 60 dpi, for a reviewer to look at."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "page1.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"]
        + [str(tmp_path / "page1.pdf"), str(stem)],
        check=True,
    )


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
@pytest.mark.parametrize(("kind", "form"), TYPES)
def test_every_document_type_in_every_language(
    kind: str, form: str, language: str, tmp_path: Path, artifacts_dir: Path
) -> None:
    data = sample(kind, language)
    gettext = documents.gettext_for(language)
    draft_word = gettext("DRAFT")
    pdf = render(data, language, form, draft=True)
    where = (kind, form, language)
    if language in ("en", "ar"):
        page_one_png(pdf, artifacts_dir / "documents" / f"{kind}-{form}-{language}", tmp_path)
    pages = pages_text(pdf, tmp_path)
    count = len(pages)
    if form == "form":
        assert count == 1, (where, "the 24/7 form is one page")
    for number, page in enumerate(pages, start=1):
        assert draft_word in page, (where, number)
        # (pdftotext may drop the space between a number and an Arabic word)
        assert squeezed(page_label(language, number, count)) in squeezed(page), (where, number)
        assert REFERENCE in page, (where, number)
        assert gettext("Our reference") in page, (where, number)
        for text in CHECKLIST:
            assert gettext(text) not in page, (where, number, text)
    text = " ".join(pages)
    assert not {code for code in RAW_CODES if re.search(rf"(?<![\w-]){code}(?![\w-])", text)}
    assert ", ," not in text and not re.search(r"(^|\. ), ", text), where
    sizes, words = words_of(pdf, tmp_path)
    margins = FORM_MARGINS if form == "form" else DOCUMENT_MARGINS
    beyond = outside(sizes, words, margins, RunningText(data, language, count))
    assert not beyond, (where, beyond[:8])
    lines = lines_of(words)
    # every run the document prints (the 24/7 form leaves the penalty out) prints in order
    runs = [run for run in MIXED_RUNS if all(word in text for word in run.split())]
    assert runs, where
    assert [run for run in runs if not in_order(run, lines)] == [], where

    approved = pages_text(render(data, language, form, draft=False), tmp_path)
    assert not any(draft_word in page for page in approved), where


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
def test_the_review_sheet_extends_the_base(
    language: str, tmp_path: Path, app: Any, artifacts_dir: Path
) -> None:
    data = sample("mla", language)
    data["purpose"] = ""
    context = review_sheet_context(None, data, language)
    pdf = documents.html_to_pdf(render_review_sheet_html(context, language))
    if language in ("en", "ar"):
        page_one_png(pdf, artifacts_dir / "documents" / f"review-sheet-{language}", tmp_path)
    pages = pages_text(pdf, tmp_path)
    gettext = documents.gettext_for(language)
    for number, page in enumerate(pages, start=1):
        assert gettext("INTERNAL") in page and REFERENCE in page, number
        assert squeezed(page_label(language, number, len(pages))) in squeezed(page), number
    assert gettext("DRAFT") not in " ".join(pages)


@pytest.mark.parametrize("kind", ["mla", "extradition", "preservation"])
def test_an_empty_draft_prints_no_lone_comma_and_no_basis_it_does_not_have(
    kind: str, tmp_path: Path, app: Any
) -> None:
    data = {"kind": kind, "language": "en"}
    pdf = documents.render_pdf(None, data, "en")
    text = " ".join(pages_text(pdf, tmp_path))
    assert "reciprocity" not in text.lower()
    assert not re.search(r"(^|[.:)] ),", text), text
    assert " , " not in f" {text} "
