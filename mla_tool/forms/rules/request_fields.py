"""Rules of the fields the official forms ask for: earlier requests, legal persons, languages,
costs."""

from __future__ import annotations

from ..fieldspec import N_, is_filled
from .findings import WARNING, Miss
from .rule import ALL_KINDS, Rule, RuleContext

EIO_SECTION_D = "Directive 2014/41/EU Annex A, section D"


def related_request_unidentified(ctx: RuleContext) -> list[Miss]:
    """Each earlier request needs its date and reference for the requested state to find it."""
    return [
        (f"related_requests[{index}]", {"number": index + 1})
        for index, item in enumerate(ctx.items("related_requests"))
        if not (is_filled(item.get("date")) and is_filled(item.get("reference")))
    ]


REQUEST_FIELD_RULES: tuple[Rule, ...] = (
    Rule(
        "related_request_unidentified",
        "related_requests",
        WARNING,
        related_request_unidentified,
        N_(
            "Earlier request %(number)s: give its date and reference, so that the requested "
            "state can find it."
        ),
        EIO_SECTION_D,
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.items("related_requests")),
    ),
)
