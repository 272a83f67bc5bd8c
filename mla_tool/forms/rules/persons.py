"""Checks of the persons concerned: identity, nationality, location."""

from __future__ import annotations

from typing import Any

from ..fieldspec import is_filled
from ..person_fields import is_legal_person
from .conditions import each_item_needs
from .rule import Check

#: A legal person's field that stands for a natural person's: its registered seat is where it
#: is located.
LEGAL_PERSON_EQUIVALENTS = {"address": "seat"}


def persons_lacking(attribute: str) -> Check:
    equivalent = LEGAL_PERSON_EQUIVALENTS.get(attribute)

    def given_otherwise(person: dict[str, Any]) -> bool:
        return bool(equivalent) and is_legal_person(person) and is_filled(person.get(equivalent))

    return each_item_needs("persons", attribute, skip=given_otherwise)
