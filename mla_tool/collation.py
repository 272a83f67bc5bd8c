"""Sort keys for names as a reader of a language expects: ICU's collation for the language when
PyICU is installed, otherwise the folded text (`text_folding.normalise`: no case, accents, hamza
forms or tashkeel), which orders Arabic names by Arabic letters and Latin ones by base letter."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from .text_folding import normalise


@cache
def _icu_collator(language: str) -> Any | None:
    try:
        import icu  # type: ignore[import-not-found]  # PyICU, optional
    except ImportError:
        return None
    try:
        return icu.Collator.createInstance(icu.Locale(language))
    except Exception:  # noqa: BLE001 -- any ICU failure falls back to the folded key
        return None


def name_sort_key(language: str) -> Callable[[str], Any]:
    """A key function that sorts names written in `language`."""
    collator = _icu_collator(language)
    if collator is not None:
        return collator.getSortKey  # type: ignore[no-any-return]
    return normalise
