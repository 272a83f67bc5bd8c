"""Installs the e-evidence kinds, rules and routes in the engine's tables (their expiry deadlines
follow the request signals, connected in wiring)."""

from __future__ import annotations

from ..directory_facts import PREFERRED_FUNCTIONS
from ..kinds import register_kind
from ..rules import ALSO_ACCEPTED_FUNCTIONS, CENTRAL_FUNCTIONS, RULES_BY_CODE, register_rule
from .codes import CENTRAL_MLA, CONTACT_24_7, EEVIDENCE_KINDS
from .rules import EEVIDENCE_RULES
from .steps import EMERGENCY_KIND, PRESERVATION_KIND


def register() -> None:
    """Add the kinds, rules and routing preferences to the engine's tables (idempotent)."""
    register_kind(PRESERVATION_KIND)
    register_kind(EMERGENCY_KIND)
    for rule in EEVIDENCE_RULES:
        if rule.code not in RULES_BY_CODE:
            register_rule(rule)
    for kind in EEVIDENCE_KINDS:
        CENTRAL_FUNCTIONS.setdefault(kind, CENTRAL_MLA)
        ALSO_ACCEPTED_FUNCTIONS[kind] = (CONTACT_24_7,)
        PREFERRED_FUNCTIONS[kind] = (CONTACT_24_7, CENTRAL_MLA)
