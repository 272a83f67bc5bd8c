"""Findings the author dismissed for one field, kept in the document as (rule, field) pairs."""

from __future__ import annotations

from typing import Any

#: The document key holding the dismissed findings: a list of [rule code, field path].
DISMISSED_FINDINGS = "dismissed_findings"


def dismissed_pairs(document: dict[str, Any]) -> list[tuple[str, str]]:
    """The (rule, field) pairs dismissed on the document, in the order they were dismissed."""
    stored = document.get(DISMISSED_FINDINGS)
    if not isinstance(stored, list):
        return []
    return [
        (str(pair[0]), str(pair[1]))
        for pair in stored
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]
