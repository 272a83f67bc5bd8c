"""Checks of the addressed authority: known, of the requested state, central, requirements."""

from __future__ import annotations

from ...request_kinds import CENTRAL_MLA, KIND_TABLE
from .findings import Miss
from .rule import RuleContext


def authority_not_found(ctx: RuleContext) -> list[Miss]:
    if ctx.value("requested_authority") and ctx.authority is None:
        return [("requested_authority", {})]
    return []


def authority_wrong_state(ctx: RuleContext) -> list[Miss]:
    authority, state = ctx.authority, ctx.value("requested_state")
    if authority and state and authority.get("country") and authority["country"] != state:
        return [("requested_authority", {"country": authority["country"]})]
    return []


#: kind -> the central authority that receives it (request_kinds.py; install_kind adds others).
CENTRAL_FUNCTIONS: dict[str, str] = {kind.code: kind.central_function for kind in KIND_TABLE}


#: kind -> functions besides its central authority that a request may be addressed to.
ALSO_ACCEPTED_FUNCTIONS: dict[str, tuple[str, ...]] = {}


def authority_not_central(ctx: RuleContext) -> list[Miss]:
    authority = ctx.authority
    wanted = CENTRAL_FUNCTIONS.get(ctx.kind, CENTRAL_MLA)
    accepted = {wanted, *ALSO_ACCEPTED_FUNCTIONS.get(ctx.kind, ())}
    if authority and not accepted & set(authority.get("functions") or []):
        return [("requested_authority", {})]
    return []


def requirements_to_confirm(ctx: RuleContext) -> list[Miss]:
    confirmed = set(ctx.value("requirements_confirmed") or [])
    return [
        ("requested_authority", {"requirement": text})
        for text in ctx.requirements
        if text not in confirmed
    ]
