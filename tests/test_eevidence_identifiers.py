"""Properties of IP and time parsing (hypothesis): what is normalised, what is refused."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mla_tool.forms.identifiers import check_identifier, observed_at_in_utc, parse_timezone

ZONES = st.sampled_from(
    ["UTC", "Europe/Paris", "Africa/Cairo", "Asia/Dubai", "America/New_York", "Asia/Kolkata"]
)
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31))
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
