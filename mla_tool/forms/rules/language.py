"""Checks of language: one the requested state accepts, and user text written in it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .findings import Miss
from .rule import RuleContext


def language_not_accepted(ctx: RuleContext) -> list[Miss]:
    language = ctx.value("language")
    if not language or not ctx.accepted_languages:
        return []
    if language in ctx.accepted_languages:
        return []
    return [("language", {"languages": ", ".join(ctx.accepted_languages)})]


ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
_STOPWORD_TEXT = {
    "en": "the and of to in is was were for with that from by on which has have this are",
    "fr": "le la les et des du est une un pour dans avec qui que sur par au aux ont été",
    "es": "el los las la de y del es una un para en con que por se fue al su sus han",
}
STOPWORDS = {code: frozenset(words.split()) for code, words in _STOPWORD_TEXT.items()}


def guess_language(text: str) -> str | None:
    """A cautious guess of the language of user text: None unless the evidence is clear."""
    arabic, latin = len(ARABIC.findall(text)), len(LATIN.findall(text))
    if arabic > latin and arabic >= 3:
        return "ar"
    if latin < 3:
        return None
    words = [word.lower() for word in WORD.findall(text)]
    scores = sorted(
        ((sum(word in stops for word in words), code) for code, stops in STOPWORDS.items()),
        reverse=True,
    )
    (best, code), (second, _) = scores[0], scores[1]
    if best >= 2 and best > second:
        return code
    if arabic == 0 and best == 0 and len(words) >= 3:
        return "latin"  # some Latin-script language: at least not Arabic
    return None


TRANSLATABLE_FIELDS = (
    "subject",
    "facts",
    "purpose",
    "procedures",
    "urgent.reason",
    "confidential.reason",
)
TRANSLATABLE_ITEM_FIELDS = (
    ("offences", ("name", "text")),
    ("measures", ("description", "link_to_facts", "procedure")),
)


def _user_texts(ctx: RuleContext) -> Iterable[tuple[str, str]]:
    for path in TRANSLATABLE_FIELDS:
        value = ctx.value(path)
        if isinstance(value, str):
            yield path, value
    for list_name, attributes in TRANSLATABLE_ITEM_FIELDS:
        for index, item in enumerate(ctx.items(list_name)):
            for attribute in attributes:
                value = item.get(attribute)
                if isinstance(value, str):
                    yield f"{list_name}[{index}].{attribute}", value


def text_needs_translation(ctx: RuleContext) -> list[Miss]:
    language = ctx.value("language")
    if not language:
        return []
    misses: list[Miss] = []
    for path, text in _user_texts(ctx):
        guessed = guess_language(text)
        if guessed is None:
            continue
        if guessed == "latin":
            if language == "ar":
                misses.append((path, {"language": "?"}))
        elif guessed != language:
            misses.append((path, {"language": guessed}))
    return misses
