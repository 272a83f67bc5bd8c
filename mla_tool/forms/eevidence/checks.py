"""Completeness checks of e-evidence requests: identifiers, data categories, periods, providers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...directory.profiles.lookup import state_value
from ..fieldspec import N_, is_filled
from ..identifiers import IdentifierResult, check_identifier
from ..measures import MEASURES
from ..rules import Label, Miss, RuleContext
from .categories import (
    EVIDENCE_STANDARDS,
    categories_of,
    date_range_of,
    details_of,
    highest_category,
    identifiers_of,
)
from .codes import CONTACT_24_7
from .routing import route_for

STANDARD_UNKNOWN = N_(
    "not recorded in the directory's profile of the requested state: ask it; show at least the "
    "offence, the facts that link this account to it and why less data will not do"
)


def electronic_measures(ctx: RuleContext) -> list[tuple[int, dict[str, Any]]]:
    """The measures that seek computer data, with their position in the request."""
    return [
        (index, item)
        for index, item in enumerate(ctx.items("measures"))
        if (measure := MEASURES.get(str(item.get("type")))) is not None and measure.electronic
    ]


def identifier_label(identifier: dict[str, Any]) -> str:
    """An identifier as a finding names it: its type and value."""
    return f"{identifier.get('type') or '?'} {identifier.get('value') or ''}".strip()


def _identifier_problems(
    ctx: RuleContext, problems: Callable[[IdentifierResult], list[str]]
) -> list[Miss]:
    """One miss per problem that `problems` picks from the check of each identifier."""
    return [
        (
            f"measures[{index}].details.identifiers",
            {
                "number": index + 1,
                "identifier": identifier_label(identifier),
                "problem": problem,
            },
        )
        for index, item in electronic_measures(ctx)
        for identifier in identifiers_of(item)
        for problem in problems(check_identifier(identifier))
    ]


def identifiers_unusable(ctx: RuleContext) -> list[Miss]:
    return _identifier_problems(ctx, lambda result: result.errors)


def identifiers_doubtful(ctx: RuleContext) -> list[Miss]:
    """Warnings of identifiers that have no error (an unusable one is reported once)."""
    return _identifier_problems(ctx, lambda result: [] if result.errors else result.warnings)


def categories_missing(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].details.data_categories", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if not details_of(item).get("data_categories")
        and not any(i.get("data_categories") for i in identifiers_of(item))
    ]


def content_showing(ctx: RuleContext) -> list[Miss]:
    """Measures that ask for content, with what the requested state requires to give it (its
    profile's evidence standard) or, where the profile does not say, that it is unknown."""
    found = state_value(ctx.value("requested_state"), "evidence_standard_content")
    standard = Label(EVIDENCE_STANDARDS[found.value] if found else STANDARD_UNKNOWN)
    source: Any = found.source if found else Label(N_("not recorded"))
    return [
        (
            f"measures[{index}].link_to_facts",
            {"number": index + 1, "standard": standard, "source": source},
        )
        for index, item in electronic_measures(ctx)
        if "content" in categories_of(item)
    ]


def dual_criminality_reserved(ctx: RuleContext) -> list[Miss]:
    """The requested state reserved Budapest art. 29(4) and no offence quotes its law."""
    found = state_value(ctx.value("requested_state"), "budapest_29_4_reservation")
    if found is None or not found.value:
        return []
    if any(is_filled(offence.get("text")) for offence in ctx.items("offences")):
        return []
    return [("offences", {"source": found.source})]


def date_range_missing(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].details.date_range", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if None in date_range_of(item) and item.get("type") != "realtime_traffic_data"
    ]


def date_range_wide(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in electronic_measures(ctx):
        start, end = date_range_of(item)
        threshold = highest_category(item)
        if start is None or end is None or threshold is None:
            continue
        days = (end - start).days + 1
        if days > threshold.widest_days:
            misses.append(
                (
                    f"measures[{index}].details.date_range",
                    {
                        "number": index + 1,
                        "days": days,
                        "category": Label(threshold.label),
                        "widest": threshold.widest_days,
                    },
                )
            )
    return misses


def provider_country_missing(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].details.provider", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if is_filled(details_of(item).get("provider"))
        and not (details_of(item).get("provider") or {}).get("country")
    ]


def provider_elsewhere(ctx: RuleContext) -> list[Miss]:
    requested = ctx.value("requested_state")
    misses: list[Miss] = []
    for index, item in electronic_measures(ctx):
        country = (details_of(item).get("provider") or {}).get("country")
        if requested and country and country != requested:
            contacts: Any = ", ".join(a["name"] for a in route_for(country))
            contacts = contacts or Label(N_("none is recorded in the directory"))
            misses.append(
                (
                    f"measures[{index}].details.provider",
                    {"number": index + 1, "country": country, "contacts": contacts},
                )
            )
    return misses


def links_missing(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].link_to_facts", {"number": index + 1})
        for index, item in enumerate(ctx.items("measures"))
        if not is_filled(item.get("link_to_facts"))
    ]


def preservation_measure_missing(ctx: RuleContext) -> list[Miss]:
    if any(item.get("type") == "preserve_data" for item in ctx.items("measures")):
        return []
    return [("measures", {})]


def mla_undertaking_missing(ctx: RuleContext) -> list[Miss]:
    return [] if ctx.value("preservation.mla_to_follow") is True else [("preservation", {})]


def offence_named(ctx: RuleContext) -> list[Miss]:
    if any(is_filled(o.get("name")) for o in ctx.items("offences")):
        return []
    return [("offences", {})]


def recipient_not_24_7(ctx: RuleContext) -> list[Miss]:
    authority = ctx.authority
    if not authority or CONTACT_24_7 in (authority.get("functions") or []):
        return []
    contacts = [c for c in route_for(ctx.value("requested_state")) if c["function"] == CONTACT_24_7]
    return [("requested_authority", {"contact": contacts[0]["name"]})] if contacts else []


def content_in_emergency(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].details.data_categories", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if "content" in categories_of(item)
    ]


def has_electronic(ctx: RuleContext) -> bool:
    return bool(electronic_measures(ctx))


def identification_only_undeclared(ctx: RuleContext) -> list[Miss]:
    """Traffic data asked of IP addresses seen at given moments, and nothing else: that is what
    identifies a user, which asks less than traffic data (Regulation (EU) 2023/1543 art. 3(10))."""
    return [
        (f"measures[{index}].details.data_categories", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if "traffic" in categories_of(item)
        and "content" not in categories_of(item)
        and identifiers_of(item)
        and all(i.get("type") == "ip" and i.get("observed_at") for i in identifiers_of(item))
    ]
