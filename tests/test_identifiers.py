"""Electronic-evidence identifiers: what is refused, warned about and normalised."""

from __future__ import annotations

import pytest

from mla_tool.forms.identifiers import check_identifier, imei_check_digit_valid, observed_at_in_utc


def test_ip_with_time_and_zone_is_normalised_to_utc() -> None:
    result = check_identifier(
        {
            "type": "ip",
            "value": "2001:0db8:0000::0001",
            "observed_at": "2026-03-01T23:30:00",
            "timezone": "Africa/Cairo",
        }
    )
    # 2001:db8::/32 is documentation space: reserved, so refused; use a global address instead
    assert not result.usable
    result = check_identifier(
        {
            "type": "ip",
            "value": "2a00:1450:4007:80f:0000::200e",
            "observed_at": "2026-03-01T23:30:00",
            "timezone": "Africa/Cairo",
        }
    )
    assert result.usable and result.normalised == "2a00:1450:4007:80f::200e"
    assert result.observed_at_utc == "2026-03-01T21:30:00+00:00"
    assert result.warnings == []  # IPv6 is not shared behind NAT


@pytest.mark.parametrize("missing", ["observed_at", "timezone"])
def test_ip_without_time_or_zone_is_refused(missing: str) -> None:
    item = {
        "type": "ip",
        "value": "8.8.4.4",
        "observed_at": "2026-03-01T10:00:00",
        "timezone": "UTC",
    }
    item.pop(missing)
    assert not check_identifier(item).usable


def test_ip_time_with_offset_needs_no_zone() -> None:
    result = check_identifier(
        {
            "type": "ip",
            "value": "8.8.4.4",
            "port": 51234,
            "observed_at": "2026-03-01T10:00:00+01:00",
        }
    )
    assert result.usable and result.observed_at_utc == "2026-03-01T09:00:00+00:00"
    assert result.normalised == "8.8.4.4 port 51234" and result.warnings == []


def test_shared_ipv4_without_port_is_warned_cgnat_refused() -> None:
    base = {"observed_at": "2026-03-01T10:00:00", "timezone": "UTC"}
    assert check_identifier({"type": "ip", "value": "8.8.4.4", **base}).warnings
    assert not check_identifier({"type": "ip", "value": "100.64.12.1", **base}).usable
    assert check_identifier({"type": "ip", "value": "100.64.12.1:40000", **base}).usable


@pytest.mark.parametrize("value", ["10.1.2.3", "192.168.0.1", "127.0.0.1", "fe80::1", "banana"])
def test_private_or_invalid_addresses_are_refused(value: str) -> None:
    assert not check_identifier(
        {"type": "ip", "value": value, "observed_at": "2026-03-01T10:00:00", "timezone": "UTC"}
    ).usable


@pytest.mark.parametrize("value", ["203.0.113.7", "198.51.100.20", "192.0.2.1", "2001:db8::5"])
def test_documentation_addresses_are_refused_and_said_to_be_from_a_manual(value: str) -> None:
    result = check_identifier(
        {"type": "ip", "value": value, "observed_at": "2026-03-01T10:00:00", "timezone": "UTC"}
    )
    assert not result.usable
    assert any("documentation" in error for error in result.errors)


def test_identifier_types_are_read_in_any_case() -> None:
    from mla_tool.forms.forms import parse_identifiers

    (item,) = parse_identifiers("IP | 81.2.69.160 | 2026-11-20T14:03:00 | Europe/Paris")
    assert item["type"] == "ip" and item["value"] == "81.2.69.160"


def test_unknown_zone_is_refused() -> None:
    result = check_identifier(
        {
            "type": "ip",
            "value": "8.8.4.4",
            "observed_at": "2026-03-01T10:00",
            "timezone": "Mars/Olympus",
        }
    )
    assert not result.usable and "time zone" in result.errors[0]


def test_utc_offsets_are_understood() -> None:
    assert observed_at_in_utc("2026-01-01T00:00:00", "UTC+03:00").hour == 21
    assert observed_at_in_utc("2026-01-01T00:00:00", "-0500").hour == 5


def test_email_domain_is_lowercased() -> None:
    assert (
        check_identifier({"type": "email", "value": "Ahmed.K@Example.COM"}).normalised
        == "Ahmed.K@example.com"
    )
    assert not check_identifier({"type": "email", "value": "not an email"}).usable


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("+20 100 123 4567", "+201001234567"),
        ("0033 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_numbers_become_e164(value: str, normalised: str) -> None:
    assert check_identifier({"type": "phone", "value": value}).normalised == normalised


def test_local_phone_number_is_refused() -> None:
    assert not check_identifier({"type": "phone", "value": "0612345678"}).usable


def test_account_needs_platform_or_url() -> None:
    assert not check_identifier({"type": "account", "value": "darkseller99"}).usable
    assert (
        check_identifier(
            {"type": "account", "value": "darkseller99", "platform": "Telegram"}
        ).normalised
        == "Telegram:darkseller99"
    )
    assert (
        check_identifier(
            {"type": "account", "value": "https://Social.Example.com/darkseller99"}
        ).normalised
        == "https://social.example.com/darkseller99"
    )


def test_domains_are_idna_normalised() -> None:
    assert check_identifier({"type": "domain", "value": "مثال.مصر"}).normalised.startswith("xn--")
    assert (
        check_identifier({"type": "domain", "value": "Shop.Example.ORG."}).normalised
        == "shop.example.org"
    )
    assert not check_identifier({"type": "domain", "value": "-bad-.com"}).usable


def test_imei_check_digit() -> None:
    assert imei_check_digit_valid("490154203237518")
    assert not imei_check_digit_valid("490154203237519")
    assert (
        check_identifier({"type": "device", "value": "49-015420-323751-8"}).normalised
        == "IMEI 490154203237518"
    )
    assert not check_identifier({"type": "device", "value": "490154203237519"}).usable


def test_unknown_type_is_refused() -> None:
    assert not check_identifier({"type": "fax", "value": "123"}).usable
