"""An untranslated field prints its marker on a line of its own, so that the original keeps its
own direction: an English sentence in an Arabic document is not laid out as part of the Arabic
marker's right-to-left run (its final period at the start, "1.90 m" moved to the line end)."""

from __future__ import annotations

import re

import pytest

from mla_tool.forms import documents
from mla_tool.forms.translations import substitute
from mla_tool.forms.typed_text import typed, typed_block

TEXT = "The suspect, 1.90 m tall, left on 20 November 2026."


@pytest.fixture
def untranslated(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(substitute, "current_texts", lambda *_args: {})
    document = {"language": "en", "subject": TEXT, "facts": TEXT}
    out = substitute.translated_document(7, document, "ar", documents.gettext_for("ar"))
    return str(out["subject"])


def test_the_marker_and_the_original_are_separate_lines(untranslated: str) -> None:
    marker, original = untranslated.split("\n")
    assert original == TEXT
    assert marker.startswith("[") and "الإنجليزية" in marker


def test_each_line_prints_in_its_own_direction(untranslated: str) -> None:
    block = str(typed_block(untranslated))
    assert re.findall(r'dir="(\w+)"', block) == ["rtl", "ltr"]
    inline = str(typed(untranslated))
    assert re.findall(r'dir="(\w+)"', inline) == ["rtl", "ltr"]
    assert f'<bdi dir="ltr">{TEXT}</bdi>' in inline
