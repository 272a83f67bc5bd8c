"""Text a user typed, printed in a request document as an isolated run with its own direction.

WeasyPrint ignores `dir="auto"`: a Latin or numeric value in an Arabic document was laid out as
part of the right-to-left paragraph ("5 years" printed "years 5", "1234 5678 9012" with its
groups reversed, final periods at the start). Each value is therefore wrapped in an element with
an explicit `dir` taken from its own text (the first strong character, as UAX #9 rule P2 finds
it; a value without one, such as a number, is left to right). `<bdi>` isolates it in browsers;
WeasyPrint orders an inline box with an explicit `direction` as its own run. A value of several
lines is directed line by line (a line is a bidi paragraph).
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from jinja2 import Environment
from markupsafe import Markup

Direction = Literal["ltr", "rtl"]

_ISOLATE_OPENERS = frozenset({"LRI", "RLI", "FSI"})


def first_strong_direction(text: str) -> Direction | None:
    """The direction of the first strong character outside isolates, or None if there is none."""
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _ISOLATE_OPENERS:
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind == "L":
            return "ltr"
        elif depth == 0 and kind in ("R", "AL"):
            return "rtl"
    return None


def direction_of(text: str) -> Direction:
    """A value's own direction: its first strong character's, else left to right (numbers)."""
    return first_strong_direction(text) or "ltr"


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    return str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def typed(value: Any) -> Markup:
    """An inline value (name, reference, number, address): each line an isolated `<bdi>`."""
    lines = _lines(value)
    if not any(line.strip() for line in lines):
        return Markup("")
    return Markup("\n").join(
        Markup('<bdi dir="{}">{}</bdi>').format(direction_of(line), line) if line else Markup("")
        for line in lines
    )


def typed_unbroken(value: Any) -> Markup:
    """A short value that must not wrap at its spaces (a telephone number: "+33 1 44 32 51 51")."""
    lines = _lines(value)
    if not any(line.strip() for line in lines):
        return Markup("")
    return Markup(" ").join(
        Markup('<bdi dir="{}" class="unbroken">{}</bdi>').format(direction_of(line), line)
        for line in lines
        if line
    )


def typed_block(value: Any) -> Markup:
    """A text of paragraphs (facts, purpose): each line a block in its own direction."""
    lines = _lines(value)
    if not any(line.strip() for line in lines):
        return Markup("")
    return Markup("").join(
        Markup('<span class="typed-line" dir="{}">{}</span>').format(direction_of(line), line)
        if line.strip()
        else Markup('<span class="typed-line typed-blank"></span>')
        for line in lines
    )


#: What ends a text shortened to fit a one-page form.
SHORTENED_END = " […]"


def shortened(value: Any, limit: int, end: str = SHORTENED_END) -> str:
    """The text in at most `limit` characters: cut at the last space before it, ending in `end`
    ("[…]" on the one-page form, whose full request gives the whole text; "…" on a page)."""
    text = "" if value is None else str(value)
    if len(text) <= limit:
        return text
    cut = text[: limit - len(end)]
    head, space, _tail = cut.rpartition(" ")
    return (head if space and len(head) > limit // 2 else cut).rstrip() + end


def longer_than(value: Any, limit: int) -> bool:
    """Whether `shortened(value, limit)` cuts the text."""
    return len("" if value is None else str(value)) > limit


def install_typed_text_filters(env: Environment) -> None:
    """`{{ value | typed }}`, `typed_unbroken`, `typed_block` and `{{ value | text_dir }}`."""
    env.filters["typed"] = typed
    env.filters["typed_unbroken"] = typed_unbroken
    env.filters["shortened"] = shortened
    env.tests["longer_than"] = longer_than
    env.filters["typed_block"] = typed_block
    env.filters["text_dir"] = lambda value: direction_of(str(value or ""))
