"""Penalty thresholds of extradition: from the treaty recorded in the request, the legal basis's
profile or the requested state's profile; unknown when none records one (never assumed).

UNTOC art. 16(7): extradition is subject to the requested state's law and the applicable
treaties, including the minimum penalty. UNTOC's own four years (art. 2(b)) only says which
offences the Convention itself covers as a legal basis (art. 16(1)); art. 16(3) lets the other
offences of the same request come along as accessory offences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...directory.profiles.lookup import instrument_value, state_value
from ..fieldspec import N_
from ..rules import Label, Miss, RuleContext
from .durations import duration_months, show_months

#: UN Model Treaty on Extradition art. 2(1) proposes one or two years, and four or six months
#: left to serve: an offence at or above the upper figure is extraditable under any threshold of
#: that model, so an unknown threshold is only worth a warning below it.
MODEL_UPPER_PENALTY_MONTHS = 24.0
MODEL_UPPER_REMAINING_MONTHS = 6.0
RECORDED_IN_REQUEST = N_("the treaty, as recorded in the request")
ACCESSORY_UNKNOWN = N_(
    "whether the requested state grants extradition for accessory offences is not recorded: ask it"
)


@dataclass(frozen=True)
class Threshold:
    """A minimum in months and where it comes from (a citation, or a message id for the request)."""

    months: float
    source: str


def legal_bases(ctx: RuleContext) -> list[str]:
    value = ctx.value("legal_basis")
    if isinstance(value, str):
        return [value]
    return [str(code) for code in value or [] if code]


def _profiled(ctx: RuleContext, field: str, request_path: str) -> Threshold | None:
    recorded = duration_months(ctx.value(request_path))
    if recorded is not None:
        return Threshold(recorded, Label(RECORDED_IN_REQUEST))
    from_bases = [
        found for code in legal_bases(ctx) if (found := instrument_value(code, field)) is not None
    ]
    if from_bases:  # several bases: the requesting state may rely on the most favourable one
        best = min(from_bases, key=lambda item: item.value)
        return Threshold(float(best.value), best.source)
    from_state = state_value(ctx.value("requested_state"), field)
    return Threshold(float(from_state.value), from_state.source) if from_state else None


def prosecution_threshold(ctx: RuleContext) -> Threshold | None:
    """The least maximum penalty an extraditable offence must carry; None when unknown."""
    return _profiled(ctx, "extradition_min_penalty_months", "extradition.treaty_threshold")


def enforcement_threshold(ctx: RuleContext) -> Threshold | None:
    """The least time left to serve for extradition to enforce a sentence; None when unknown."""
    return _profiled(
        ctx, "enforcement_min_remaining_months", "extradition.treaty_enforcement_threshold"
    )


def accessory_source(ctx: RuleContext) -> str | None:
    """The citation that allows accessory offences (basis first, then the state); None if not
    recorded. A recorded refusal is returned as ""."""
    for code in legal_bases(ctx):
        found = instrument_value(code, "accessory_extradition")
        if found is not None and found.value:
            return found.source
    found = state_value(ctx.value("requested_state"), "accessory_extradition")
    if found is None:
        return None
    return found.source if found.value else ""


def _penalties(ctx: RuleContext) -> list[tuple[int, dict[str, Any], float]]:
    return [
        (index, offence, months)
        for index, offence in enumerate(ctx.items("offences"))
        if (months := duration_months(offence.get("max_penalty"))) is not None
    ]


def _params(index: int, offence: dict[str, Any], threshold: Threshold) -> dict[str, Any]:
    return {
        "number": index + 1,
        "penalty": offence.get("max_penalty"),
        "threshold": show_months(threshold.months),
        "source": threshold.source,
    }


def _below(ctx: RuleContext) -> tuple[Threshold | None, list[tuple[int, dict[str, Any]]], bool]:
    """The threshold, the offences below it, and whether another offence reaches it."""
    threshold = prosecution_threshold(ctx)
    if threshold is None:
        return None, [], False
    penalties = _penalties(ctx)
    below = [(i, offence) for i, offence, months in penalties if months < threshold.months]
    return threshold, below, len(below) < len(penalties)


def threshold_not_met(ctx: RuleContext) -> list[Miss]:
    """Offences below a known threshold that cannot come along as accessory offences."""
    threshold, below, another_reaches = _below(ctx)
    if threshold is None or (another_reaches and accessory_source(ctx) != ""):
        return []
    return [(f"offences[{i}].max_penalty", _params(i, offence, threshold)) for i, offence in below]


def accessory_below_threshold(ctx: RuleContext) -> list[Miss]:
    """Offences below a known threshold next to one that reaches it: accessory offences."""
    threshold, below, another_reaches = _below(ctx)
    source = accessory_source(ctx)
    if threshold is None or not another_reaches or source == "":
        return []
    accessory = source or Label(ACCESSORY_UNKNOWN)
    return [
        (f"offences[{i}].max_penalty", {**_params(i, offence, threshold), "accessory": accessory})
        for i, offence in below
    ]


def threshold_unknown(ctx: RuleContext) -> list[Miss]:
    """Offences whose penalty could fall below a threshold nobody has recorded."""
    if prosecution_threshold(ctx) is not None:
        return []
    return [
        (f"offences[{i}].max_penalty", {"number": i + 1, "penalty": offence.get("max_penalty")})
        for i, offence, months in _penalties(ctx)
        if months < MODEL_UPPER_PENALTY_MONTHS
    ]


def outside_basis_scope(ctx: RuleContext) -> list[Miss]:
    """Offences below the penalty an instrument covers (UNTOC's serious crime) when every
    chosen basis has such a limit."""
    bases = [code for code in legal_bases(ctx) if code != "reciprocity"]
    limits = [instrument_value(code, "covered_min_penalty_months") for code in bases]
    if not bases or any(limit is None for limit in limits):
        return []
    covered = max(float(limit.value) for limit in limits if limit is not None)
    penalties = _penalties(ctx)
    reaches = any(months >= covered for _i, _o, months in penalties)
    route = Label(
        N_("it may come along as an accessory offence (art. 16(3))")
        if reaches
        else N_("otherwise cite another legal basis")
    )
    return [
        (
            f"offences[{i}].max_penalty",
            {
                "number": i + 1,
                "penalty": offence.get("max_penalty"),
                "threshold": show_months(covered),
                "route": route,
            },
        )
        for i, offence, months in penalties
        if months < covered
    ]


def treaty_required(ctx: RuleContext) -> list[Miss]:
    """The requested state extradites only under a treaty, and none is recorded in the request."""
    found = state_value(ctx.value("requested_state"), "extradition_requires_treaty")
    if found is None or not found.value or ctx.value("extradition.treaty_threshold"):
        return []
    return [("legal_basis", {"source": found.source})]


def remaining_below_threshold(ctx: RuleContext) -> list[Miss]:
    months = duration_months(ctx.value("judgment.remaining"))
    threshold = enforcement_threshold(ctx)
    if months is None or threshold is None or months >= threshold.months:
        return []
    return [
        (
            "judgment.remaining",
            {
                "remaining": ctx.value("judgment.remaining"),
                "threshold": show_months(threshold.months),
                "source": threshold.source,
            },
        )
    ]


def enforcement_threshold_unknown(ctx: RuleContext) -> list[Miss]:
    months = duration_months(ctx.value("judgment.remaining"))
    if months is None or months >= MODEL_UPPER_REMAINING_MONTHS or enforcement_threshold(ctx):
        return []
    return [("judgment.remaining", {"remaining": ctx.value("judgment.remaining")})]
