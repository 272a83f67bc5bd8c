"""Check of translations: typed text not (or no longer) translated into a document language."""

from __future__ import annotations

from ..translations.fields import text_language, translatable_fields
from ..translations.store import current_texts, languages_of
from .findings import Miss
from .rule import RuleContext


def has_translations(ctx: RuleContext) -> bool:
    """The request is stored and someone has started translating its text."""
    return ctx.request_id is not None and any(
        code != text_language(ctx.document) for code in languages_of(ctx.request_id)
    )


def text_untranslated(ctx: RuleContext) -> list[Miss]:
    """Each free-text field without a current translation into a language the request is being
    translated into (never translated, or its text changed since: stale)."""
    if ctx.request_id is None:
        return []
    source = text_language(ctx.document)
    fields = translatable_fields(ctx.document)
    misses: list[Miss] = []
    for code in languages_of(ctx.request_id):
        if code == source:
            continue
        current = current_texts(ctx.request_id, code, fields)
        misses.extend((f.path, {"language": code}) for f in fields if f.path not in current)
    return misses
