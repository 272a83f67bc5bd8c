"""Size limits of a request document that no real request reaches: they bound the cost of a PDF.

One narrative field holds at most `MAX_TEXT` characters, one line (an item of a list, an
identifier) `MAX_LINE`, a list field `MAX_ENTRIES` items, and the whole document
`MAX_DOCUMENT_TEXT` characters of text in all (a megabyte of text took 25 s of CPU per PDF).
"""

from __future__ import annotations

from typing import Any

MAX_TEXT = 20_000
MAX_SHORT = 500
MAX_LINE = 2_000
MAX_ENTRIES = 200
MAX_DOCUMENT_TEXT = 200_000


def text_size(value: Any) -> int:
    """Characters of text in a JSON value (strings at any depth; keys are fixed names)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(text_size(item) for item in value.values())
    if isinstance(value, list):
        return sum(text_size(item) for item in value)
    return 0


def document_size_problem(document: dict[str, Any]) -> str | None:
    """Why the document is too large to keep, or None."""
    size = text_size(document)
    if size > MAX_DOCUMENT_TEXT:
        return (
            f"the request may hold at most {MAX_DOCUMENT_TEXT} characters of text in all "
            f"(this one would hold {size})"
        )
    return None
