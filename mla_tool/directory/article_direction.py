"""Article references ("18(9)", "18(21)(d)", "16(4)-(6)") kept left to right inside right-to-left
text: an Arabic page otherwise mirrors their brackets ("(المادة 18(9))" shows as "(9)18")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

#: A number followed by one or more bracketed paragraphs, and an optional range of paragraphs;
#: an English "art." before it belongs to it.
_PARAGRAPH = r"\(\s?[0-9A-Za-z\u0621-\u064a]{1,4}\s?\)"
ARTICLE_REFERENCE = re.compile(
    rf"(?:\b[Aa]rts?\.\s)?\d+(?:\s?{_PARAGRAPH})+(?:\s?[-–]\s?{_PARAGRAPH})*"
)


#: A value that is one article reference and nothing else: "art. 18", "art. 16(9)".
BARE_ARTICLE = re.compile(
    rf"[Aa]rt\.\s(?P<number>\d+(?:\s?{_PARAGRAPH})*(?:\s?[-–]\s?{_PARAGRAPH})*)"
)


def article_for_reader(
    value: object, word: Callable[[], str], translate: Callable[[str], str] | None = None
) -> Markup:
    """An article to cite, for a page in the reader's language. A bare reference ("art. 16(9)")
    is written with `word()`, the fixed catalogue string "art. %(number)s" in that language
    (Arabic: "المادة"); a longer one the tool knows (a protocol's "art. 18 UNTOC, applied by
    art. 1(2) of the Protocol") as `translate` finds it in the catalogue; any other value is
    reference data written in English and stays so, marked as English. Numbers and their
    paragraphs read left to right in every case."""
    raw = "" if value is None else str(value).strip()
    found = BARE_ARTICLE.fullmatch(raw)
    if found is None:
        said = translate(raw) if translate is not None and raw else raw
        if said != raw:
            return Markup("<bdi>{}</bdi>").format(isolate_articles(said))
        return Markup('<bdi lang="en">{}</bdi>').format(isolate_articles(raw))
    number = Markup('<bdi dir="ltr">{}</bdi>').format(found.group("number"))
    return escape(word()) % {"number": number}


def isolate_articles(text: object) -> Markup:
    """The text, escaped, with each article reference in `<bdi dir="ltr">`."""
    raw = "" if text is None else str(text)
    parts: list[Markup] = []
    position = 0
    for found in ARTICLE_REFERENCE.finditer(raw):
        parts.append(escape(raw[position : found.start()]))
        parts.append(Markup('<bdi dir="ltr">{}</bdi>').format(found.group(0)))
        position = found.end()
    parts.append(escape(raw[position:]))
    return Markup("").join(parts)


def format_isolated(template: str, params: dict[str, Any]) -> Markup:
    """`template.format(**params)`, escaped, each value in its own `<bdi>` (a name or an article
    in another script keeps its direction) and the template's article references left to right."""
    values = {key: Markup("<bdi>{}</bdi>").format(value) for key, value in params.items()}
    return isolate_articles(template).format(**values)
