"""A rule's reference is cited in the page's language: the instrument by its catalogue name, the
word for an article translated, every article number a left-to-right run, the language's
punctuation between parts; an English page reads it as the rules write it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask_babel import force_locale, gettext

from mla_tool.forms.rule_references import reference_for_reader

MODEL = "UNTOC art. 16(7); UN Model Treaty on Extradition art. 5(2)(c), art. 9(2)"


def _text(markup: Any) -> str:
    return re.sub(r"<[^>]+>", "", str(markup))


@pytest.fixture
def cite(app: Any) -> Iterator[Callable[[str, str], Any]]:
    def cited(reference: str, language: str) -> Any:
        with force_locale(language):
            return reference_for_reader(reference, gettext, language)

    with app.test_request_context():
        yield cited


@pytest.mark.parametrize(
    "reference",
    [
        "UNTOC art. 18(15)(d)",
        MODEL,
        "UNTOC art. 18(19), 18(21)(b)",
        "Budapest Convention arts. 29(2)(c), 31(2); Second Additional Protocol art. 9(3)(e)",
        "Directive 2014/41/EU Annex A, section D",
    ],
)
def test_an_english_page_reads_the_reference_as_written(cite: Any, reference: str) -> None:
    assert _text(cite(reference, "en")) == reference


def test_an_arabic_page_cites_in_arabic_with_numbers_left_to_right(cite: Any) -> None:
    shown = cite(MODEL, "ar")
    assert _text(shown) == (
        "اتفاقية الجريمة المنظمة، المادة 16(7)؛ "
        "المعاهدة النموذجية لتسليم المجرمين، المادة 5(2)(ج)، المادة 9(2)"
    )
    for number in ("16(7)", "5(2)(ج)", "9(2)"):  # a subparagraph lettered as Arabic texts do
        assert f'<bdi dir="ltr">{number}</bdi>' in str(shown)
    assert "UNTOC" not in str(shown) and "art." not in str(shown)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", "Convention de Palerme, art. 18(19), 18(21)(b)"),
        ("es", "Convención de Palermo, art. 18(19), 18(21)(b)"),
    ],
)
def test_french_and_spanish_pages_name_the_convention(cite: Any, language: str, shown: str):
    assert _text(cite("UNTOC art. 18(19), 18(21)(b)", language)) == shown


def test_an_unknown_instrument_is_kept_as_written_and_marked_english(cite: Any) -> None:
    shown = str(cite("UNTOC art. 18(9); Regulation (EU) 2023/1543 art. 5 <b>", "ar"))
    assert '<bdi lang="en">Regulation (EU) 2023/1543 art. 5 &lt;b&gt;</bdi>' in shown
    assert "<b>" not in shown and shown.startswith("اتفاقية الجريمة المنظمة")


def test_only_a_paragraph_s_letter_is_lettered_in_arabic(cite: Any) -> None:
    """A letter after a numbered paragraph takes its Arabic letter; a roman numeral after a
    lettered subparagraph ("(a)(i)") is not a letter and stays."""
    assert _text(cite("UNTOC art. 18(3)(a)(i)", "ar")).endswith("18(3)(أ)(i)")
