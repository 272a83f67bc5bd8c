"""Checks of the legal basis: an instrument both states are bound by."""

from __future__ import annotations

from .findings import Miss
from .rule import RuleContext


def legal_basis_not_shared(ctx: RuleContext) -> list[Miss]:
    chosen = ctx.value("legal_basis") or []
    if ctx.available_legal_bases is None or not chosen:
        return []
    known = set(ctx.available_legal_bases) | {"reciprocity"}
    return [
        ("legal_basis", {"basis": code})
        for code in chosen
        if code.upper() in {"UNTOC", "UNCAC", "BUDAPEST", "DRUGS1988", "UNCC"} and code not in known
    ]
