"""Checks of language: one the requested state accepts, and user text written in it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...i18n import N_, Phrase
from ..code_labels import LanguageNames
from .fact_phrases import FactPhrase
from .findings import Miss
from .language_identification import other_language
from .rule import RuleContext

#: Where the accepted languages come from, as a finding says it (`directory.language_facts`).
LANGUAGE_SOURCES = {
    "profile": N_("the requested state's requirement profile, as of %(date)s; source: %(source)s"),
    "entry": N_(
        "the languages of the directory entry that receives this kind of request, as of "
        "%(date)s; source: %(source)s"
    ),
    "declaration": N_(
        "declared under UNTOC art. 18(14) or UNCAC art. 46(14), as of %(date)s; source: %(source)s"
    ),
}
NO_LANGUAGE_SOURCE = N_("source not given")


def language_source(fact: dict[str, Any] | None) -> Phrase:
    """Where the accepted languages come from, dated, for the finding."""
    template = LANGUAGE_SOURCES.get(str((fact or {}).get("basis")))
    if fact is None or template is None:
        return Phrase(NO_LANGUAGE_SOURCE)
    return FactPhrase(template, None, fact.get("as_of"), fact.get("source"))


def language_not_accepted(ctx: RuleContext) -> list[Miss]:
    language = ctx.value("language")
    if not language or not ctx.accepted_languages:
        return []
    if language in ctx.accepted_languages:
        return []
    return [
        (
            "language",
            {
                "languages": LanguageNames(ctx.accepted_languages),
                "fact": language_source(getattr(ctx, "language_fact", None)),
            },
        )
    ]


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
    """Each text long enough to judge that is clearly in another language than the document."""
    language = ctx.value("language")
    if not language:
        return []
    misses: list[Miss] = []
    for path, text in _user_texts(ctx):
        found = other_language(text, language)
        if found is not None:
            misses.append((path, {"language": found}))
    return misses
