"""French puts a no-break space before ':', ';', '?' and '!': with an ordinary one a line may
break before the sign and leave it alone at the start of the next ('Dernière exécution' /
': 2026-…'). Every French message of both catalogues (pages and documents) keeps them together."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import mla_tool

CATALOGUES = Path(mla_tool.__file__).parent / "translations" / "fr" / "LC_MESSAGES"
LOOSE = re.compile(r"\S [:;?!](?=\s|$)")


@pytest.mark.parametrize("domain", ["messages", "documents"])
def test_no_french_message_breaks_before_its_punctuation(domain: str) -> None:
    with (CATALOGUES / f"{domain}.po").open("rb") as po:
        catalogue = read_po(po)
    loose = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        loose += [text for text in strings if text and LOOSE.search(text)]
    assert not loose, loose[:5]
