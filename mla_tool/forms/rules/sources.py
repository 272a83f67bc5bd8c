"""Where each rule comes from: the rule-source table (sources.json), read as citations with quotes.

Each rule code maps to the reference it prints and, per cited provision, the instrument, article,
paragraph and a short quote of the source text with where the quote comes from. A provision
whose text is not held here has no quote: it is shown as missing, never invented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SOURCES_FILE = Path(__file__).with_name("sources.json")


@dataclass(frozen=True)
class Citation:
    """One cited provision; `article` is None for a non-treaty source (the directory)."""

    instrument: str
    article: str | None
    paragraph: str | None
    quote: str | None
    quote_from: str | None

    @property
    def provision(self) -> str:
        if self.article is None:
            return self.instrument
        return f"{self.instrument} art. {self.article}{self.paragraph or ''}"


@dataclass(frozen=True)
class RuleSource:
    """A rule's printed reference and its citations, and those of the kinds it cites apart."""

    code: str
    reference: str
    citations: tuple[Citation, ...]
    kind_references: dict[str, tuple[str, tuple[Citation, ...]]]


def _citations(items: list[dict[str, Any]]) -> tuple[Citation, ...]:
    return tuple(
        Citation(
            str(item["instrument"]),
            item.get("article"),
            item.get("paragraph"),
            item.get("quote"),
            item.get("quote_from"),
        )
        for item in items
    )


def parse_sources(data: dict[str, Any]) -> dict[str, RuleSource]:
    return {
        code: RuleSource(
            code,
            str(entry["reference"]),
            _citations(entry["citations"]),
            {
                kind: (str(value["reference"]), _citations(value["citations"]))
                for kind, value in (entry.get("kinds") or {}).items()
            },
        )
        for code, entry in data["rules"].items()
    }


@cache
def rule_sources() -> dict[str, RuleSource]:
    """The rule-source table, by rule code."""
    return parse_sources(json.loads(SOURCES_FILE.read_text(encoding="utf-8")))
