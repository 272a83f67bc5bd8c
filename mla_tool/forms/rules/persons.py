"""Checks of the persons concerned: identity, nationality, location."""

from __future__ import annotations

from .conditions import each_item_needs
from .rule import Check


def persons_lacking(attribute: str) -> Check:
    return each_item_needs("persons", attribute)
