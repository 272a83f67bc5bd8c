"""Checks only a provisional-arrest request has: the undertaking, the time limit, the channel."""

from __future__ import annotations

from collections.abc import Callable

from ...directory.profiles.lookup import state_value
from ...i18n import Phrase
from ..code_labels import list_comma, translation_language
from ..rules import Miss, RuleContext
from .choices import CHANNEL_LABELS
from .time_limit import provisional_time_limit


def undertaking_missing(ctx: RuleContext) -> list[Miss]:
    if ctx.value("extradition.formal_request_undertaking") is True:
        return []
    return [("extradition.formal_request_undertaking", {})]


def time_limit_unknown(ctx: RuleContext) -> list[Miss]:
    """Neither the request, its legal basis nor the requested state's profile records the
    time limit for the formal request."""
    limit = provisional_time_limit(ctx.document)
    if limit.known:
        return []
    return [("extradition.time_limit_days", {"days": limit.days, "source": limit.source})]


class ChannelNames(Phrase):
    """The directory's channel codes, quoted in a finding by their labels in its language."""

    labels: tuple[str, ...]

    def __new__(cls, codes: list[str]) -> ChannelNames:
        labels = tuple(CHANNEL_LABELS.get(code, code) for code in codes)
        names = super().__new__(cls, ", ".join(labels))
        names.labels = labels  # stored as its English text when a finding is saved
        return names

    def translated(self, translate: Callable[[str], str]) -> str:
        comma = list_comma(translation_language(translate))
        return comma.join(translate(label) for label in self.labels)


def channel_not_accepted(ctx: RuleContext) -> list[Miss]:
    """The channel is not one the requested state's profile (else its authority) accepts."""
    channel, authority = ctx.value("extradition.channel"), ctx.authority
    profiled = state_value(ctx.value("requested_state"), "channels")
    if channel and profiled is not None and profiled.value:
        accepted = list(profiled.value)
        return (
            []
            if channel in accepted
            else [("extradition.channel", {"channels": ChannelNames(accepted)})]
        )
    if not channel or not authority:
        return []
    channels = list(authority.get("channels") or [])
    if channel == "interpol" and authority.get("urgent_by_interpol") is False:
        return [("extradition.channel", {"channels": ChannelNames(channels)})]
    if channels and channel not in channels:
        return [("extradition.channel", {"channels": ChannelNames(channels)})]
    return []
