"""Predicates over the requested state's requirement profile (directory/profiles) the rules use."""

from __future__ import annotations

from ...directory.profiles.display import shown_value
from ...directory.profiles.fields import PROFILE_FIELDS
from ...directory.profiles.lookup import state_value
from .findings import ProfileBasis
from .rule import RuleContext


def profile_says(ctx: RuleContext, field: str, value: object) -> bool:
    """The requested state's profile records exactly this value (unknown is never a match)."""
    found = state_value(ctx.value("requested_state"), field)
    return found is not None and found.value == value


def dual_criminality_waived(ctx: RuleContext) -> bool:
    """The profile records that the state does not require dual criminality for coercive MLA."""
    return profile_says(ctx, "dual_criminality_mla", "no")


def profile_basis(ctx: RuleContext, fields: tuple[str, ...]) -> tuple[ProfileBasis, ...]:
    """The requested state's values of these profile fields, each with its source and date."""
    state = ctx.value("requested_state")
    out = []
    for field in fields:
        found = state_value(state, field)
        out.append(
            ProfileBasis(
                field,
                PROFILE_FIELDS[field].label,
                found.value if found else None,
                found.source if found else "",
                found.verified_on if found else None,
                shown_value(field, found.value) if found else "",
            )
        )
    return tuple(out)
