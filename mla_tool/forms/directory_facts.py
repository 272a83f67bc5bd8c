"""The directory as the wizard, its rules and documents see it: authorities, languages, bases."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..directory.authorities import authority_as_dict
from ..directory.fact_age import authority_as_of
from ..directory.language_facts import language_fact as directory_language_fact
from ..directory.legal_basis import legal_basis as find_legal_basis
from ..directory.models import Authority
from ..extensions import db
from ..i18n import N_
from ..request_kinds import MLA, kind_facts
from .models import MlaRequest

#: The legal basis that needs no treaty: the requested state's own law and comity.
RECIPROCITY = "reciprocity"


def authority_dict(authority_id: int | None) -> dict[str, Any] | None:
    """A directory entry as a plain dict (templates and rules never see database objects)."""
    if not authority_id:
        return None
    authority = db.session.get(Authority, authority_id)
    if authority is None:
        return None
    out = dict(authority_as_dict(authority))
    out.update(
        {
            "id": authority.id,
            "country": authority.country_iso3,
            "functions": list(authority.functions or []),
            "name": authority.name,
            "name_en": authority.name_en,
            "name_ar": authority.name_ar,
            "address": authority.address,
            "email": authority.email,
            "phone": authority.phone,
            "languages": list(authority.languages or []),
            "channels": list(authority.channels or []),
            "requirements": authority.requirements or "",
            "as_of": _iso(authority_as_of(authority.verified_on, authority.source_date)),
        }
    )
    return out


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def requirement_lines(text: str | None) -> list[str]:
    lines = [line.strip().lstrip("-•*·").strip() for line in (text or "").splitlines()]
    return [line for line in lines if line]


def accepted_languages(
    iso3: str | None, authority: dict[str, Any] | None, kind: str | None = None
) -> list[str] | None:
    """Languages the requested state accepts for this kind of request (`language_fact`); None
    when only its official language is known, or nothing."""
    fact = language_fact(iso3, authority, kind)
    if fact is None or fact["basis"] == "official":
        return None
    return list(fact["languages"])


def language_fact(
    iso3: str | None, authority: dict[str, Any] | None, kind: str | None = None
) -> dict[str, Any] | None:
    """Where the requested state's languages for this kind come from (`directory.language_facts`):
    the profile, the entry that receives the kind (the chosen one if it does), declarations, or
    only the official language."""
    fact = directory_language_fact(iso3, kind or MLA, (authority or {}).get("id"))
    given = authority or {}
    known = fact is not None and fact["basis"] != "official"
    if known or not (iso3 and given.get("country") == iso3 and given.get("languages")):
        return fact
    # an entry given as it stands, not (yet) in the directory
    return {
        "basis": "entry",
        "languages": list(given["languages"]),
        "authority_id": given.get("id"),
        "source": given.get("source") or None,
        "as_of": given.get("as_of"),
    }


def shared_legal_bases(
    data: dict[str, Any],
) -> tuple[list[dict[str, Any]] | None, list[str] | None]:
    """The legal-basis finder's answer (list of dicts) and the instrument codes in it."""
    requesting, requested = data.get("requesting_state"), data.get("requested_state")
    if not (requesting and requested):
        return None, None
    try:
        answer = find_legal_basis(requesting, requested, data.get("kind") or MLA)
    except (ValueError, LookupError):
        return None, None
    # an instrument a state only signed ("not_bound") is explained on the finder page, never
    # offered here as if it could serve
    items = [dict(item) for item in answer or [] if item.get("status") != "not_bound"]
    codes = [
        str(item.get("code") or "")
        for item in items
        if item.get("status") in ("applies", "check", None)
    ]
    codes = [code for code in codes if code and code != RECIPROCITY]
    # no instrument recorded for either state: the directory does not know, say nothing
    return items, codes or None


def offered_legal_bases(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The legal bases the wizard offers: the finder's instruments except those a declaration
    rules out, reciprocity (which needs no treaty), and any basis already chosen; each as
    (code, label to translate), the label None where the code is all there is to show."""
    finder, _codes = shared_legal_bases(data)
    offered: list[tuple[str, str | None]] = []
    for entry in finder or []:
        code = entry.get("code")
        if code and entry.get("status") != "not_a_legal_basis":
            offered.append((code, str(entry.get("short_name") or entry.get("name") or code)))
    if all(code != RECIPROCITY for code, _label in offered):
        offered.append((RECIPROCITY, N_("Reciprocity")))
    for code in data.get("legal_basis") or []:
        if all(code != existing for existing, _label in offered):
            offered.append((code, None))
    return offered


def proposed_authorities(iso3: str | None, kind: str = MLA) -> list[dict[str, Any]]:
    """Authorities of the requested state, those that receive this kind first (the kind table's
    `receivers`, best first: the central authority, or the 24/7 contact for e-evidence)."""
    if not iso3:
        return []
    rows = db.session.execute(
        select(Authority).where(Authority.country_iso3 == iso3, Authority.retired.is_(False))
    ).scalars()
    out = [authority_dict(row.id) for row in rows]
    found = [item for item in out if item]
    order = kind_facts(kind).receivers

    def rank(authority: dict[str, Any]) -> int:
        functions = authority["functions"]
        return next((i for i, name in enumerate(order) if name in functions), len(order))

    return sorted(found, key=lambda a: (rank(a), a["name"]))


def authority_uses() -> dict[int, int]:
    """How many requests name each directory entry as their requested authority (the directory
    health page's "most used first")."""
    rows = db.session.execute(
        select(MlaRequest.requested_authority_id, func.count(MlaRequest.id))
        .where(MlaRequest.requested_authority_id.is_not(None))
        .group_by(MlaRequest.requested_authority_id)
    ).all()
    return {int(authority_id): int(count) for authority_id, count in rows}
