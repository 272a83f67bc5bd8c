"""A rule's reference ("UNTOC art. 18(15)(d); UN Model Treaty on Extradition art. 5(2)") as a
reader of the page cites it: each instrument the rules name by its name in the catalogue, the word
for an article in the page's language, every article number a left-to-right run. The rules and
the API keep the reference as written; a part naming an instrument the table does not know (an
EU act, a user's treaty) is shown as written, marked as English."""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from ..directory.article_direction import isolate_articles
from ..i18n import N_, list_comma
from .code_labels import list_semicolon

#: The instruments rule references name, as they write them (REFERENCE_NAMES in cited_articles,
#: the Model Treaty, the ECHR), each a catalogue string: in English a reference reads as written.
CITED_INSTRUMENTS: frozenset[str] = frozenset(
    {
        N_("UNTOC"),
        N_("UNCAC"),
        N_("UN Convention against Cybercrime"),
        N_("Budapest Convention"),
        N_("Second Additional Protocol"),
        N_("UN Model Treaty on Extradition"),
        N_("ECHR"),
    }
)
#: How a citation reads, by the word the reference uses: the instrument, then its article or
#: articles (catalogue strings).
CITATIONS = {
    "art.": N_("%(instrument)s art. %(articles)s"),
    "arts.": N_("%(instrument)s arts. %(articles)s"),
}
#: One part of a reference: an instrument, then "art." or "arts." and its articles.
_PART = re.compile(r"(?P<instrument>.+?) (?P<word>arts?\.) (?P<articles>.+)")
#: Where a part's articles name the word again ("5(2)(c), art. 9(2)").
_AGAIN = re.compile(r",\s*arts?\.\s*")
#: A subparagraph's letter, right after a numbered paragraph (not a roman numeral after a
#: letter, "(a)(i)"); Arabic texts of the conventions letter them in the abjad order ("18(15)(d)"
#: is "18(15)(د)" there, as the wizard's own help cites it).
_LETTER = re.compile(r"(?<=\d\))\(([a-j])\)")
ABJAD = dict(zip("abcdefghij", ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي"), strict=True))


def _articles(text: str, gettext: Callable[[str], str], language: str) -> Markup:
    """ "18(19), 18(21)(b)" or "5(2)(c), art. 9(2)": numbers left to right, the repeated word in
    the page's language, the page's comma between them."""
    if language == "ar":
        text = _LETTER.sub(lambda found: f"({ABJAD[found.group(1)]})", text)
    comma = list_comma(language)
    groups = _AGAIN.split(text)
    said: list[Markup] = []
    for index, group in enumerate(groups):
        numbers = escape(comma).join(isolate_articles(n) for n in group.split(", "))
        said.append(
            numbers if index == 0 else escape(gettext("art. %(number)s")) % {"number": numbers}
        )
    return escape(comma).join(said)


def reference_for_reader(reference: object, gettext: Callable[[str], str], language: str) -> Markup:
    """The reference, escaped, as a reader of `language` cites it (see the module)."""
    parts: list[Markup] = []
    for part in str(reference or "").split("; "):
        found = _PART.fullmatch(part)
        if found is None or found.group("instrument") not in CITED_INSTRUMENTS:
            parts.append(Markup('<bdi lang="en">{}</bdi>').format(isolate_articles(part)))
            continue
        articles = _articles(found.group("articles"), gettext, language)
        citation = escape(gettext(CITATIONS[found.group("word")]))
        parts.append(
            citation % {"instrument": gettext(found.group("instrument")), "articles": articles}
        )
    return escape(list_semicolon(language)).join(parts)
