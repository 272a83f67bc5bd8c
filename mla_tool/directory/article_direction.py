"""Article references ("18(9)", "18(21)(d)", "16(4)-(6)") kept left to right inside right-to-left
text: an Arabic page otherwise mirrors their brackets ("(المادة 18(9))" shows as "(9)18")."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

#: A number followed by one or more bracketed paragraphs, and an optional range of paragraphs;
#: an English "art." before it belongs to it.
_PARAGRAPH = r"\(\s?[0-9A-Za-z\u0621-\u064a]{1,4}\s?\)"
ARTICLE_REFERENCE = re.compile(
    rf"(?:\b[Aa]rts?\.\s)?\d+(?:\s?{_PARAGRAPH})+(?:\s?[-–]\s?{_PARAGRAPH})*"
)


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
