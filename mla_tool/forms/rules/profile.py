"""Predicates over the requested state's requirement profile (directory/profiles) the rules use."""

from __future__ import annotations

from ...directory.profiles.lookup import state_value
from .rule import RuleContext


def profile_says(ctx: RuleContext, field: str, value: object) -> bool:
    """The requested state's profile records exactly this value (unknown is never a match)."""
    found = state_value(ctx.value("requested_state"), field)
    return found is not None and found.value == value


def dual_criminality_waived(ctx: RuleContext) -> bool:
    """The profile records that the state does not require dual criminality for coercive MLA."""
    return profile_says(ctx, "dual_criminality_mla", "no")
