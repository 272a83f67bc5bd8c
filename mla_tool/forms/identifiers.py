"""Electronic-evidence identifiers: validation that saves requests, and normalisation.

An identifier that cannot identify anyone (an IP address without date, time and time zone, a
private address, an IMEI with a wrong check digit) is refused; one that may fail to identify
(a shared IPv4 address without a source port) is warned about. Every check is a row of
IDENTIFIER_CHECKS, read by `check_identifier`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..i18n import N_, Phrase

IDENTIFIER_TYPES = ("ip", "email", "phone", "account", "url", "domain", "device")
CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")
#: Ranges reserved for documentation and examples: an address from them came from a manual.
DOCUMENTATION_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
#: How far ahead of this server's clock a time seen may be (clock skew, a zone mistyped by a day).
FUTURE_TOLERANCE = timedelta(days=1)
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@dataclass
class IdentifierResult:
    """What the checks found: the normalised value, the UTC time, errors and warnings."""

    type: str
    value: str
    normalised: str = ""
    observed_at_utc: str | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.errors


def parse_timezone(name: str) -> Any:
    """An IANA zone ('Africa/Cairo') or a fixed offset ('UTC+02:00', '+0200', 'UTC')."""
    text = (name or "").strip()
    if text.upper() in {"UTC", "GMT", "Z"}:
        return UTC
    match = _OFFSET.match(text)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes >= 60:
            raise ValueError(Phrase(N_("time zone offset '%(zone)s' is out of range"), zone=text))
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(Phrase(N_("unknown time zone '%(zone)s'"), zone=text)) from error


def observed_at_in_utc(observed_at: str, timezone_name: str) -> datetime:
    """Read a local date-time in its zone and give it in UTC; a clear ValueError otherwise."""
    moment = datetime.fromisoformat(observed_at.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=parse_timezone(timezone_name))
    return moment.astimezone(UTC)


def imei_check_digit_valid(digits: str) -> bool:
    """Luhn check over the 15 digits of an IMEI."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def _check_time(result: IdentifierResult, item: dict[str, Any], required: bool) -> None:
    observed_at = str(item.get("observed_at") or "").strip()
    zone = str(item.get("timezone") or "").strip()
    if not observed_at:
        if required:
            result.errors.append(
                Phrase(N_("an IP address identifies no one without the date and time seen"))
            )
        return
    try:
        local = datetime.fromisoformat(observed_at)
    except ValueError:
        result.errors.append(
            Phrase(N_("'%(value)s' is not an ISO 8601 date and time"), value=observed_at)
        )
        return
    has_offset = local.tzinfo is not None
    if not zone and not has_offset:
        if required:
            result.errors.append(
                Phrase(N_("give the time zone of the time seen (e.g. UTC or Europe/Paris)"))
            )
        else:
            result.warnings.append(Phrase(N_("give the time zone of the time seen")))
        return
    try:
        moment = observed_at_in_utc(observed_at, zone or "UTC")
    except ValueError as error:
        problem = error.args[0] if error.args else ""
        result.errors.append(problem if isinstance(problem, Phrase) else Phrase(str(error)))
        return
    result.observed_at_utc = moment.isoformat()
    if not has_offset:
        _check_clock_change(result, local, observed_at, zone, required)
    if moment > datetime.now(UTC) + FUTURE_TOLERANCE:
        result.errors.append(
            Phrase(
                N_("%(value)s is in the future: give the date and time the identifier was seen"),
                value=observed_at,
            )
        )


def clock_change(local: datetime, zone: Any) -> str | None:
    """ "gap" when the wall-clock time `local` never happened in `zone` (clocks went forward),
    "fold" when it happened twice (clocks went back), None otherwise."""
    if not isinstance(zone, ZoneInfo):
        return None
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return "gap" if back != local.replace(tzinfo=None) else "fold"


def _check_clock_change(
    result: IdentifierResult, local: datetime, observed_at: str, zone_name: str, required: bool
) -> None:
    zone = parse_timezone(zone_name)
    change = clock_change(local, zone)
    if change == "gap":
        result.errors.append(
            Phrase(
                N_(
                    "%(value)s does not exist in %(zone)s: the clocks went forward at that "
                    "hour; check the time and the zone"
                ),
                value=observed_at,
                zone=zone_name,
            )
        )
    elif change == "fold":
        offsets = " / ".join(
            local.replace(tzinfo=zone, fold=fold).isoformat(timespec="minutes") for fold in (0, 1)
        )
        problem = Phrase(
            N_(
                "%(value)s happened twice in %(zone)s (the clocks went back): give the time "
                "with its UTC offset, %(choices)s"
            ),
            value=observed_at,
            zone=zone_name,
            choices=offsets,
        )
        (result.errors if required else result.warnings).append(problem)


def _check_ip(result: IdentifierResult, item: dict[str, Any]) -> None:
    text = result.value.strip()
    port = item.get("port")
    if text.count(":") == 1 and "." in text:  # 203.0.113.5:443
        text, port = text.split(":")
    elif text.startswith("[") and "]:" in text:  # [2001:db8::1]:443
        text, port = text[1:].split("]:")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        result.errors.append(
            Phrase(N_("'%(value)s' is not an IPv4 or IPv6 address"), value=result.value)
        )
        return
    result.normalised = address.compressed
    if port not in (None, ""):
        if not str(port).isdigit() or not 0 < int(port) < 65536:
            result.errors.append(
                Phrase(N_("source port '%(port)s' is not a port number"), port=port)
            )
        else:
            result.normalised += f" port {int(port)}"
    if any(address in network for network in DOCUMENTATION_NETWORKS):
        result.errors.append(
            Phrase(
                N_(
                    "%(address)s is reserved for documentation and examples (RFC 5737, "
                    "RFC 3849): no real connection uses it, check the address"
                ),
                address=str(address),
            )
        )
    elif address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
        result.errors.append(
            Phrase(
                N_(
                    "%(address)s is a private or reserved address: it identifies no one "
                    "outside its network"
                ),
                address=str(address),
            )
        )
    elif address.version == 4 and address in CARRIER_GRADE_NAT and port in (None, ""):
        result.errors.append(
            Phrase(
                N_("%(address)s is carrier-grade NAT: the source port is needed"),
                address=str(address),
            )
        )
    elif address.version == 4 and port in (None, ""):
        result.warnings.append(
            Phrase(N_("IPv4 addresses are often shared (NAT): give the source port if known"))
        )
    _check_time(result, item, required=True)


def _check_email(result: IdentifierResult, item: dict[str, Any]) -> None:
    value = result.value.strip()
    if not _EMAIL.match(value):
        result.errors.append(Phrase(N_("'%(value)s' is not an email address"), value=value))
        return
    local, _, domain = value.rpartition("@")
    result.normalised = f"{local}@{domain.lower()}"


def _check_phone(result: IdentifierResult, item: dict[str, Any]) -> None:
    digits = re.sub(r"[\s().-]", "", result.value.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+[1-9]\d{6,14}", digits):
        result.errors.append(
            Phrase(
                N_("'%(value)s' is not an international number (E.164: + country code, number)"),
                value=result.value,
            )
        )
        return
    result.normalised = digits


def _check_domain_value(value: str) -> str | None:
    host = value.strip().rstrip(".").lower()
    try:
        ascii_host = host.encode("idna").decode()
    except UnicodeError:
        return None
    labels = ascii_host.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None
    return ascii_host


def _check_domain(result: IdentifierResult, item: dict[str, Any]) -> None:
    normalised = _check_domain_value(result.value)
    if normalised is None:
        result.errors.append(Phrase(N_("'%(value)s' is not a domain name"), value=result.value))
        return
    result.normalised = normalised


def _check_url(result: IdentifierResult, item: dict[str, Any]) -> None:
    parts = urlsplit(result.value.strip())
    host = _check_domain_value(parts.hostname or "") if parts.hostname else None
    if parts.scheme not in {"http", "https"} or host is None:
        result.errors.append(
            Phrase(N_("'%(value)s' is not a full web address (https://…)"), value=result.value)
        )
        return
    result.normalised = parts._replace(
        netloc=host + (f":{parts.port}" if parts.port else "")
    ).geturl()


def _check_account(result: IdentifierResult, item: dict[str, Any]) -> None:
    value = result.value.strip()
    if value.startswith(("http://", "https://")):
        _check_url(result, item)
        return
    platform = str(item.get("platform") or "").strip()
    if not platform:
        result.errors.append(
            Phrase(N_("a username needs its platform (or give the exact profile URL)"))
        )
        return
    if not value or any(char.isspace() for char in value):
        result.errors.append(Phrase(N_("'%(value)s' is not a username"), value=value))
        return
    result.normalised = f"{platform}:{value}"


def _check_device(result: IdentifierResult, item: dict[str, Any]) -> None:
    digits = re.sub(r"[\s/-]", "", result.value.strip())
    if re.fullmatch(r"\d{15}", digits):
        if not imei_check_digit_valid(digits):
            result.errors.append(
                Phrase(N_("IMEI %(digits)s has a wrong check digit"), digits=digits)
            )
            return
        result.normalised = f"IMEI {digits}"
    elif re.fullmatch(r"\d{14}", digits):
        result.warnings.append(Phrase(N_("14 digits: an IMEI without its check digit, or an MEID")))
        result.normalised = digits
    elif re.fullmatch(r"(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}", result.value.strip()):
        result.normalised = "MAC " + result.value.strip().upper().replace("-", ":")
    else:
        result.normalised = result.value.strip()
        result.warnings.append(
            Phrase(N_("not an IMEI or MAC address: say what kind of device identifier"))
        )


#: type -> its check. Adding an identifier type is adding a row.
IDENTIFIER_CHECKS: dict[str, Callable[[IdentifierResult, dict[str, Any]], None]] = {
    "ip": _check_ip,
    "email": _check_email,
    "phone": _check_phone,
    "account": _check_account,
    "url": _check_url,
    "domain": _check_domain,
    "device": _check_device,
}


def check_identifier(item: dict[str, Any]) -> IdentifierResult:
    """Validate and normalise one `details.identifiers` entry of CONTRACT.md."""
    kind = str(item.get("type") or "").strip().lower()
    result = IdentifierResult(type=kind, value=str(item.get("value") or ""))
    if kind not in IDENTIFIER_CHECKS:
        result.errors.append(
            Phrase(
                N_("identifier type must be one of: %(types)s"), types=", ".join(IDENTIFIER_TYPES)
            )
        )
        return result
    if not result.value.strip():
        result.errors.append(Phrase(N_("the identifier has no value")))
        return result
    IDENTIFIER_CHECKS[kind](result, item)
    if kind != "ip" and (item.get("observed_at") or item.get("timezone")):
        _check_time(result, item, required=False)
    return result
