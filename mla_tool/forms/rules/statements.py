"""Rules of the statements the official forms ask for: proportionality, dual criminality."""

from __future__ import annotations

from ..fieldspec import N_
from ..statement_fields import dual_criminality_required
from .conditions import has_coercive_measure, required
from .findings import WARNING, Miss
from .rule import Rule, RuleContext


def domestic_case_unconfirmed(ctx: RuleContext) -> list[Miss]:
    return [] if ctx.value("similar_domestic_case") is True else [("similar_domestic_case", {})]


def coercive_where_dual_criminality_required(ctx: RuleContext) -> bool:
    return has_coercive_measure(ctx) and dual_criminality_required(ctx.document)


STATEMENT_RULES: tuple[Rule, ...] = (
    Rule(
        "proportionality_missing",
        "proportionality",
        WARNING,
        required("proportionality"),
        N_(
            "Coercive measures are asked: say why they are necessary for the proceedings and "
            "proportionate, taking into account the rights of the person concerned."
        ),
        "Directive 2014/41/EU art. 6(1)(a)",
        applies=has_coercive_measure,
    ),
    Rule(
        "similar_domestic_case_unconfirmed",
        "similar_domestic_case",
        WARNING,
        domestic_case_unconfirmed,
        N_(
            "Coercive measures are asked: confirm that they could be ordered under the same "
            "conditions in a similar domestic case."
        ),
        "Directive 2014/41/EU art. 6(1)(b)",
        applies=has_coercive_measure,
    ),
    Rule(
        "dual_criminality_statement_missing",
        "dual_criminality",
        WARNING,
        required("dual_criminality"),
        N_(
            "The requested state requires dual criminality for coercive measures: say how the "
            "conduct is an offence under its law."
        ),
        "UNTOC art. 18(9)",
        applies=coercive_where_dual_criminality_required,
        profile_fields=("dual_criminality_mla",),
    ),
)
