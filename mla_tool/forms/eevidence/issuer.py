"""The rule of the issuing authority: traffic or content data asked by a non-judicial issuer
should name the judicial authority that validated the request (a warning)."""

from __future__ import annotations

from ...request_kinds import EMERGENCY_DISCLOSURE, MLA
from ..compliance_fields import JUDICIAL_ISSUERS
from ..fieldspec import N_, is_filled
from ..rules import WARNING, Rule, RuleContext
from ..rules.findings import Miss
from .categories import categories_of

#: The kinds that may ask for traffic or content data (preservation discloses none).
DISCLOSING_KINDS = frozenset({MLA, EMERGENCY_DISCLOSURE})
#: Data categories that only a judicial authority or prosecutor may order, or validate.
PROTECTED_CATEGORIES = frozenset({"traffic", "content"})


def asks_protected_data(ctx: RuleContext) -> bool:
    """Whether a measure asks for traffic or content data."""
    return any(PROTECTED_CATEGORIES & set(categories_of(item)) for item in ctx.items("measures"))


def issuer_unvalidated(ctx: RuleContext) -> list[Miss]:
    issuer = ctx.value("issuing_authority.type")
    if not issuer or issuer in JUDICIAL_ISSUERS or not asks_protected_data(ctx):
        return []
    if is_filled(ctx.value("validating_authority.name")):
        return []
    return [("validating_authority.name", {})]


#: A warning, not an error: the validation rule of Regulation (EU) 2023/1543 art. 4 binds the
#: EU's own production orders sent straight to a provider, not a request for mutual assistance
#: between states, where who may issue the request is a matter for the requesting state's law and
#: what the requested state accepts (its profile). Blocking on it would block valid requests.
ISSUER_RULES: tuple[Rule, ...] = (
    Rule(
        "issuer_not_validated",
        "validating_authority.name",
        WARNING,
        issuer_unvalidated,
        N_(
            "Traffic or content data are asked by an authority that is not a judge, investigating "
            "judge or prosecutor: name the judicial authority that validated the request."
        ),
        "Regulation (EU) 2023/1543 art. 4",
        kinds=DISCLOSING_KINDS,
        applies=lambda ctx: bool(ctx.value("issuing_authority.type")),
    ),
)
