"""The e-evidence completeness rules as a table, each citing its instrument and article."""

from __future__ import annotations

from ..fieldspec import N_
from ..rules import ALL_KINDS, ERROR, WARNING, Rule, RuleContext, required
from .checks import (
    categories_missing,
    content_in_emergency,
    content_showing,
    date_range_missing,
    date_range_wide,
    dual_criminality_reserved,
    has_electronic,
    identification_only_undeclared,
    identifiers_doubtful,
    identifiers_unusable,
    links_missing,
    mla_undertaking_missing,
    offence_named,
    preservation_measure_missing,
    provider_country_missing,
    provider_elsewhere,
    recipient_not_24_7,
)
from .codes import EMERGENCY, PRESERVATION
from .issuer import ISSUER_RULES


def _kind_is(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


def has_offences(ctx: RuleContext) -> bool:
    return bool(ctx.items("offences"))


BUDAPEST_29 = "Budapest Convention art. 29(2)"
PROTOCOL_9_10 = "Second Additional Protocol arts. 9(3), 10(3)"

EEVIDENCE_RULES: tuple[Rule, ...] = (
    Rule(
        "identifier_unusable",
        "measures",
        ERROR,
        identifiers_unusable,
        N_("Measure %(number)s: %(identifier)s identifies no one: %(problem)s."),
        "Budapest Convention arts. 29(2)(c), 31(2); Second Additional Protocol art. 9(3)(e)",
        weight=3,
        kinds=ALL_KINDS,
        applies=has_electronic,
    ),
    Rule(
        "identifier_doubtful",
        "measures",
        WARNING,
        identifiers_doubtful,
        N_("Measure %(number)s: %(identifier)s: %(problem)s."),
        "Budapest Convention art. 29(2)(c)",
        kinds=ALL_KINDS,
        applies=has_electronic,
    ),
    Rule(
        "data_categories_missing",
        "measures",
        ERROR,
        categories_missing,
        N_("Measure %(number)s: say which data is sought (subscriber, traffic or content)."),
        "Budapest Convention arts. 18(3), 1(d), 29(2)(c)",
        weight=2,
        kinds=ALL_KINDS,
        applies=has_electronic,
    ),
    Rule(
        "content_evidence_standard",
        "measures",
        WARNING,
        content_showing,
        N_(
            "Measure %(number)s asks for content data: the link to the facts must show what the "
            "requested state requires to give it: %(standard)s (%(source)s)."
        ),
        "Budapest Convention arts. 25(4), 31(2)",
        kinds=ALL_KINDS - {PRESERVATION},  # preservation discloses nothing (art. 29(3))
        applies=has_electronic,
        dismissible=True,
        profile_fields=("evidence_standard_content",),
    ),
    Rule(
        "identification_only_undeclared",
        "measures",
        WARNING,
        identification_only_undeclared,
        N_(
            "Measure %(number)s: if the traffic data are sought only to identify who used these "
            "IP addresses at these moments, choose the category identification: it asks less."
        ),
        "Regulation (EU) 2023/1543 art. 3(10)",
        kinds=ALL_KINDS - {PRESERVATION},  # preservation discloses nothing (art. 29(3))
        applies=has_electronic,
        dismissible=True,
    ),
    Rule(
        "date_range_missing",
        "measures",
        ERROR,
        date_range_missing,
        N_("Measure %(number)s: give the period of the data sought (from and to)."),
        "Budapest Convention art. 29(2)(c)",
        weight=2,
        kinds=ALL_KINDS,
        applies=has_electronic,
    ),
    Rule(
        "date_range_wide",
        "measures",
        WARNING,
        date_range_wide,
        N_(
            "Measure %(number)s: the period spans %(days)s days; %(category)s is rarely given "
            "for more than %(widest)s days: narrow it or explain why."
        ),
        "Budapest Convention art. 15 (proportionality)",
        kinds=ALL_KINDS - {PRESERVATION},  # preserving a period discloses none of it
        applies=has_electronic,
    ),
    Rule(
        "provider_country_missing",
        "measures",
        WARNING,
        provider_country_missing,
        N_("Measure %(number)s: say where the provider sits: it decides where the request goes."),
        "Budapest Convention art. 29(2)(d)",
        kinds=ALL_KINDS,
        applies=has_electronic,
    ),
    Rule(
        "provider_in_other_state",
        "measures",
        WARNING,
        provider_elsewhere,
        N_(
            "Measure %(number)s: the provider sits in %(country)s, not in the requested state; "
            "its 24/7 contact or central authority: %(contacts)s."
        ),
        "Budapest Convention arts. 29(1), 35",
        kinds=ALL_KINDS,
        applies=has_electronic,
    ),
    Rule(
        "preservation_offence_missing",
        "offences",
        ERROR,
        offence_named,
        N_("Name the offence the data relates to."),
        BUDAPEST_29 + "(b)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "preservation_facts_missing",
        "facts",
        ERROR,
        required("facts"),
        N_("Give a brief summary of the facts."),
        BUDAPEST_29 + "(b)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "preservation_dual_criminality_reserved",
        "offences",
        WARNING,
        dual_criminality_reserved,
        N_(
            "The requested state reserved the right to refuse preservation where dual "
            "criminality cannot be met at disclosure (%(source)s): quote the text of the law "
            "creating the offence."
        ),
        "Budapest Convention art. 29(3)-(4)",
        kinds=_kind_is(PRESERVATION),
        applies=has_offences,
        profile_fields=("budapest_29_4_reservation",),
    ),
    Rule(
        "preservation_measure_missing",
        "measures",
        ERROR,
        preservation_measure_missing,
        N_("Say which stored data is to be preserved (add a preservation measure)."),
        BUDAPEST_29 + "(c)",
        weight=3,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "preservation_link_missing",
        "measures",
        ERROR,
        links_missing,
        N_("Measure %(number)s: explain how the data relates to the offence."),
        BUDAPEST_29 + "(c)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
        applies=lambda ctx: bool(ctx.items("measures")),
    ),
    Rule(
        "preservation_necessity_missing",
        "purpose",
        ERROR,
        required("purpose"),
        N_("Say why the data must be preserved (the risk that it is lost or changed)."),
        BUDAPEST_29 + "(e)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "preservation_mla_undertaking_missing",
        "preservation.mla_to_follow",
        ERROR,
        mla_undertaking_missing,
        N_("Undertake that a request for mutual assistance to obtain the data will follow."),
        BUDAPEST_29 + "(f)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "eevidence_recipient_not_24_7",
        "requested_authority",
        WARNING,
        recipient_not_24_7,
        N_(
            "The requested state has a 24/7 contact point (%(contact)s): it takes preservation "
            "and emergency requests at any hour."
        ),
        "Budapest Convention art. 35; Second Additional Protocol art. 9(1)",
        kinds=_kind_is(PRESERVATION, EMERGENCY),
        applies=lambda ctx: ctx.authority is not None,
    ),
    Rule(
        "emergency_risk_missing",
        "urgent.reason",
        ERROR,
        required("urgent.reason"),
        N_("Describe the imminent risk to the life or safety of a person."),
        "Second Additional Protocol arts. 3(2)(c), 9(3)(d), 10(3)",
        weight=3,
        kinds=_kind_is(EMERGENCY),
    ),
    Rule(
        "emergency_why_not_wait_missing",
        "purpose",
        ERROR,
        required("purpose"),
        N_("Say why the data cannot wait for a request through the usual channel."),
        PROTOCOL_9_10,
        weight=2,
        kinds=_kind_is(EMERGENCY),
    ),
    Rule(
        "emergency_facts_missing",
        "facts",
        ERROR,
        required("facts"),
        N_("Give the facts that show the emergency and the offence."),
        "Second Additional Protocol art. 9(3)(c)-(d)",
        weight=2,
        kinds=_kind_is(EMERGENCY),
    ),
    Rule(
        "emergency_link_missing",
        "measures",
        ERROR,
        links_missing,
        N_("Measure %(number)s: explain how the data sought relates to the emergency."),
        "Second Additional Protocol art. 9(3)(d)",
        weight=2,
        kinds=_kind_is(EMERGENCY),
        applies=lambda ctx: bool(ctx.items("measures")),
    ),
    Rule(
        "emergency_content_needs_mla",
        "measures",
        WARNING,
        content_in_emergency,
        N_(
            "Measure %(number)s asks for content: expedited disclosure (art. 9) is for "
            "specified stored computer data, but the requested state may give content only on "
            "a request for emergency mutual assistance (art. 10): ask its 24/7 contact which "
            "route it takes."
        ),
        "Second Additional Protocol arts. 9(1), 10",
        kinds=_kind_is(EMERGENCY),
        applies=has_electronic,
    ),
    *ISSUER_RULES,
)
