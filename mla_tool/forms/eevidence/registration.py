"""Installs the e-evidence kinds and rules in the engine's tables (their receivers come from the
kind table; their expiry deadlines follow the request signals, connected in wiring)."""

from __future__ import annotations

from ..kind_registration import install_kind
from .rules import EEVIDENCE_RULES
from .steps import EMERGENCY_KIND, PRESERVATION_KIND


def register() -> None:
    """Install the kinds and the rules of both (idempotent)."""
    install_kind(PRESERVATION_KIND)
    install_kind(EMERGENCY_KIND, EEVIDENCE_RULES)
