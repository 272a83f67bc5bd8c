"""Changes to a request document that rule case tables apply: set a path, several in a row."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

#: A change to a request document, in place (what it returns is not used).
Mutation = Callable[[dict[str, Any]], dict[str, Any] | None]


def chain(*steps: Mutation) -> Mutation:
    """The steps, one after the other."""

    def mutate(doc: dict[str, Any]) -> None:
        for step in steps:
            step(doc)

    return mutate


def setting(path: str, value: Any) -> Mutation:
    """Set the dotted `path` (its parents made as needed) to `value`; None removes it."""

    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = doc
        for part in parents:
            target = target.setdefault(part, {})
        if value is None:
            target.pop(last, None)
        else:  # a copy: a later mutation of the request must not change the table's value
            target[last] = copy.deepcopy(value)

    return mutate
