"""Properties of IP and time parsing (hypothesis): what is normalised, what is refused."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mla_tool.forms.identifiers import (
    check_identifier,
    clock_change,
    observed_at_in_utc,
    parse_timezone,
)

ZONES = st.sampled_from(
    ["UTC", "Europe/Paris", "Africa/Cairo", "Asia/Dubai", "America/New_York", "Asia/Kolkata"]
)
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2025, 12, 31))
PUBLIC_V4 = st.ip_addresses(v=4).filter(
    lambda a: a.is_global and not a.is_reserved and a not in ipaddress.ip_network("100.64.0.0/10")
)
PUBLIC_V6 = st.ip_addresses(v=6).filter(lambda a: a.is_global and not a.is_reserved)


@settings(max_examples=150, deadline=None)
@given(address=st.one_of(PUBLIC_V4, PUBLIC_V6), moment=MOMENTS, zone=ZONES)
def test_a_public_address_with_time_and_zone_is_usable_and_normalised(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, moment: datetime, zone: str
) -> None:
    observed = moment.replace(microsecond=0).isoformat()
    assume(clock_change(moment, parse_timezone(zone)) is None)  # those: see the test below
    item = {"type": "ip", "value": f" {address.exploded.upper()} ", "observed_at": observed}
    result = check_identifier({**item, "timezone": zone, "port": "443"})
    assert result.usable, result.errors
    assert result.normalised == f"{address.compressed} port 443"
    utc = datetime.fromisoformat(str(result.observed_at_utc))
    assert utc.utcoffset() == timedelta(0)
    # the UTC time is the local time moved by the zone's offset at that moment
    local = datetime.fromisoformat(observed).replace(tzinfo=parse_timezone(zone))
    assert utc == local.astimezone(UTC)
    # without the zone, or without the time, the same address identifies no one
    assert not check_identifier(item).usable
    assert not check_identifier({"type": "ip", "value": str(address), "timezone": zone}).usable


@settings(max_examples=100, deadline=None)
@given(address=st.ip_addresses(v=4).filter(lambda a: a.is_private), moment=MOMENTS)
def test_private_addresses_are_refused_whatever_the_time(
    address: ipaddress.IPv4Address, moment: datetime
) -> None:
    result = check_identifier(
        {"type": "ip", "value": str(address), "observed_at": moment.isoformat(), "timezone": "UTC"}
    )
    assert not result.usable


@settings(max_examples=100, deadline=None)
@given(text=st.text(min_size=1, max_size=40))
def test_text_that_is_no_address_is_refused(text: str) -> None:
    try:
        ipaddress.ip_address(text.strip())
    except ValueError:
        pass
    else:
        assume(False)
    assume(":" not in text)  # "a.b:port" is read as address and port
    result = check_identifier(
        {"type": "ip", "value": text, "observed_at": "2026-11-20T14:03:00", "timezone": "UTC"}
    )
    assert not result.usable


@settings(max_examples=150, deadline=None)
@given(moment=MOMENTS, minutes=st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_fixed_offsets_and_embedded_offsets_agree(moment: datetime, minutes: int) -> None:
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    offset = f"UTC{sign}{hours:02d}:{rest:02d}"
    local = moment.replace(microsecond=0)
    by_zone = observed_at_in_utc(local.isoformat(), offset)
    embedded = local.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat()
    assert by_zone == observed_at_in_utc(embedded, "")
    assert by_zone == (local - timedelta(minutes=minutes)).replace(tzinfo=UTC)


def _ip_seen(observed_at: str, zone: str = "Europe/Paris") -> object:
    return check_identifier(
        {
            "type": "ip",
            "value": "81.2.69.160",
            "port": "51234",
            "observed_at": observed_at,
            "timezone": zone,
        }
    )


def test_times_the_clock_change_made_twice_or_never_are_caught() -> None:
    # 2025-10-26 03:00 CEST -> 02:00 CET: 02:30 happened twice in Paris
    twice = _ip_seen("2025-10-26T02:30")
    assert not twice.usable
    assert "happened twice in Europe/Paris" in twice.errors[0]
    assert "2025-10-26T02:30+02:00 / 2025-10-26T02:30+01:00" in twice.errors[0]
    # giving the offset settles it, whichever of the two it was
    assert _ip_seen("2025-10-26T02:30+01:00").usable
    assert _ip_seen("2025-10-26T02:30+02:00").observed_at_utc == "2025-10-26T00:30:00+00:00"
    # 2025-03-30 02:00 CET -> 03:00 CEST: 02:30 never happened in Paris
    never = _ip_seen("2025-03-30T02:30")
    assert not never.usable and "does not exist in Europe/Paris" in never.errors[0]
    # an hour either side, or a zone without summer time, is fine
    assert _ip_seen("2025-10-26T03:30").usable and _ip_seen("2025-03-30T03:30").usable
    assert _ip_seen("2025-10-26T02:30", "Asia/Dubai").usable
    assert _ip_seen("2025-10-26T02:30", "UTC+01:00").usable
    # for an identifier whose time is only a help, an ambiguous time is a warning
    email = check_identifier(
        {
            "type": "email",
            "value": "a@example.org",
            "observed_at": "2025-10-26T02:30",
            "timezone": "Europe/Paris",
        }
    )
    assert email.usable and "happened twice" in email.warnings[0]


def test_a_time_seen_in_the_future_is_refused() -> None:
    now = datetime.now(UTC)
    soon = (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")  # within clock-skew tolerance
    assert _ip_seen(soon, "UTC").usable
    later = (now + timedelta(days=300)).strftime("%Y-%m-%dT%H:%M")
    result = _ip_seen(later, "UTC")
    assert not result.usable and "is in the future" in result.errors[0]
