"""The legal basis prints as a labelled row ("Base juridique | Convention …"), not as a sentence
that puts a treaty name after a preposition: French, Spanish, Portuguese, German and Russian
would need an article or a case the title data does not carry ("fondée sur Convention …")."""

from __future__ import annotations

import re

import pytest

from mla_tool.forms import documents
from tests.factories.citations import PAIRS, directory, rendered, request_data

__all__ = ["directory"]  # the fixture, used by name

KINDS = ("mla", "extradition", "preservation", "emergency_disclosure")
#: The document's label for the legal basis, as the documents catalogue translates it.
LANGUAGES = ("fr", "es", "pt", "de", "ru", "ar", "zh")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_legal_basis_is_a_labelled_row(directory, kind: str, language: str) -> None:
    data = request_data(kind, "UNTOC", PAIRS["UNTOC"])
    data["language"] = language
    citations, text = rendered(data, language)
    assert citations
    label = documents.gettext_for(language)("Legal basis")
    assert label != "Legal basis"
    assert re.search(rf"{re.escape(label)}\s+{re.escape(citations[0])}", text), text[:600]
    # no sentence that runs a treaty title on from a preposition ("fondée sur Convention")
    sentence = documents.gettext_for(language)("This request is made under %(basis)s.")
    assert sentence.split("%(basis)s")[0].strip() not in text
