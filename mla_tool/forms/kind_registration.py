"""Installing a request kind: its steps in the wizard, its receivers and its rules in the rules."""

from __future__ import annotations

from collections.abc import Iterable

from .kinds import RequestKind, register_kind
from .rules import ALSO_ACCEPTED_FUNCTIONS, CENTRAL_FUNCTIONS, RULES_BY_CODE, Rule, register_rule


def install_kind(kind: RequestKind, rules: Iterable[Rule] = ()) -> None:
    """Add the kind to the wizard, the authorities that receive it (from the kind table) to the
    authority rule's tables, and its rules to the rule table; installing it again changes
    nothing."""
    register_kind(kind)
    CENTRAL_FUNCTIONS.setdefault(kind.code, kind.facts.central_function)
    if kind.facts.also_accepted:
        ALSO_ACCEPTED_FUNCTIONS[kind.code] = kind.facts.also_accepted
    for rule in rules:
        if rule.code not in RULES_BY_CODE:
            register_rule(rule)
