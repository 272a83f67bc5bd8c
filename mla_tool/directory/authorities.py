"""Competent authorities: validation, versioned create/update/retire/restore, search,
staleness, the dict that templates and the API read, and the languages a state accepts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import has_request_context
from pydantic import ValidationError
from sqlalchemy import case, func, or_, select

from .. import clock
from ..audit import service as audit
from ..auth.models import utcnow
from ..extensions import db
from ..i18n import N_
from ..text_folding import like_pattern, normalise, query_terms
from ..transactions import compare_and_set
from .errors import DirectoryError
from .models import Authority
from .reference_authority_files import reference_basis
from .schemas import FUNCTIONS, AuthorityIn, errors_by_field
from .states import name_order, search_names, state_name
from .versions import AUTHORITY_FIELDS, add_version, get_version, plain, snapshot

STALE_AFTER_DAYS = 365


def validate_authority(data: dict[str, Any] | AuthorityIn) -> AuthorityIn:
    """Validate an entry (API body, form or import row); DirectoryError lists the bad fields."""
    if isinstance(data, AuthorityIn):
        return data
    try:
        return AuthorityIn.model_validate(data)
    except ValidationError as error:
        raise DirectoryError("the entry is not valid", errors_by_field(error)) from error


def authority_input(authority: Authority) -> dict[str, Any]:
    """The entry in AuthorityIn's shape (country, not country_iso3), JSON-ready."""
    data = snapshot("authority", authority)
    return {"country": data.pop("country_iso3"), **data}


def _values(entry: AuthorityIn) -> dict[str, Any]:
    values = entry.model_dump(mode="python")
    values["country_iso3"] = values.pop("country")
    values["legal_texts"] = [dict(item) for item in values["legal_texts"]]
    return values


def search_text_for(authority: Authority) -> str:
    """The normalised text that free-text search matches: names, body, contacts, state names."""
    parts = [
        authority.name,
        authority.name_en,
        authority.name_ar,
        authority.parent_body,
        authority.address,
        authority.contact_persons,
        authority.email,
        authority.website,
        authority.country_iso3,
        " ".join(authority.functions or []),
        *search_names(authority.country_iso3),
    ]
    return normalise(" ".join(part for part in parts if part))


def _apply(authority: Authority, values: dict[str, Any]) -> list[str]:
    changed = []
    for name in AUTHORITY_FIELDS:
        if name in values and plain(getattr(authority, name)) != plain(values[name]):
            setattr(authority, name, values[name])
            changed.append(name)
    authority.search_text = search_text_for(authority)
    authority.functions_key = "|" + "|".join(authority.functions or []) + "|"
    authority.languages_key = "|" + "|".join(authority.languages or []) + "|"
    return changed


def _check_external_id(external_id: str | None, own_id: int | None) -> None:
    if not external_id:
        return
    other = db.session.execute(
        select(Authority.id).where(Authority.external_id == external_id)
    ).scalar_one_or_none()
    if other is not None and other != own_id:
        raise DirectoryError(
            f"external_id {external_id!r} is already used by entry {other}",
            {"external_id": "already used"},
            status=409,
        )


def get_authority(authority_id: int) -> Authority:
    """The entry with that id (retired ones too); DirectoryError 404 if there is none."""
    authority = db.session.get(Authority, authority_id)
    if authority is None:
        raise DirectoryError(f"no directory entry {authority_id}", status=404)
    return authority


def create_authority(
    data: dict[str, Any] | AuthorityIn, actor: Any = None, action: str = "create", note: str = ""
) -> Authority:
    """Add an entry (version 1) and audit it; DirectoryError when the data is not valid."""
    entry = validate_authority(data)
    _check_external_id(entry.external_id, None)
    authority = Authority(version=1, created_at=utcnow(), updated_at=utcnow())
    _apply(authority, _values(entry))
    db.session.add(authority)
    db.session.flush()
    add_version("authority", authority, action, actor, note)
    audit.record(
        f"directory.authority.{action}",
        "authority",
        authority.id,
        {"country": authority.country_iso3, "name": authority.name},
        actor=actor,
    )
    return authority


def update_authority(
    authority: Authority,
    data: dict[str, Any] | AuthorityIn,
    actor: Any = None,
    action: str = "update",
    note: str = "",
    expected_version: int | None = None,
) -> list[str]:
    """Replace the entry's fields with `data` (a full entry); a new version when anything
    changed. Returns the changed field names ([] = nothing written). With `expected_version`
    (the version the editor saw) a version saved meanwhile by someone else is a 409."""
    saved = authority.version
    if expected_version is not None and expected_version != saved:
        raise _edited_meanwhile()
    entry = validate_authority(data)
    _check_external_id(entry.external_id, authority.id)
    values = _values(entry)
    if not any(plain(getattr(authority, n)) != plain(values[n]) for n in AUTHORITY_FIELDS):
        return []
    # compare-and-set in SQL, before anything else is written: of two simultaneous edits of
    # this version only one gets the next
    if not compare_and_set(authority, {"version": saved}, {"version": saved + 1}):
        raise _edited_meanwhile()
    changed = _apply(authority, values)
    authority.origin = "user"  # a maintainer's edit: the reference loader leaves it alone now
    authority.updated_at = utcnow()
    db.session.flush()
    add_version("authority", authority, action, actor, note)
    audit.record(
        f"directory.authority.{action}",
        "authority",
        authority.id,
        {"version": authority.version, "changed": changed, "note": note},
        actor=actor,
    )
    return changed


def _edited_meanwhile() -> DirectoryError:
    return DirectoryError(
        N_("someone else saved this entry meanwhile; nothing was saved"),
        {"version": N_("changed by someone else")},
        status=409,
    )


def patch_authority(
    authority: Authority,
    changes: dict[str, Any],
    actor: Any = None,
    note: str = "",
    expected_version: int | None = None,
) -> list[str]:
    """Change only the fields given (None for a field means: leave it)."""
    merged = authority_input(authority)
    merged.update({key: value for key, value in changes.items() if value is not None})
    return update_authority(authority, merged, actor, note=note, expected_version=expected_version)


def retire_authority(authority: Authority, actor: Any = None, note: str = "") -> bool:
    """Mark the entry retired (never deleted): it leaves searches, keeps its history."""
    data = authority_input(authority)
    data["retired"] = True
    return bool(update_authority(authority, data, actor, action="retire", note=note))


def restore_authority_version(authority: Authority, version: int, actor: Any = None) -> list[str]:
    """Write an old version's content back as a new version (its history stays complete)."""
    old = get_version("authority", authority.id, version).snapshot
    data = dict(old)
    data["country"] = data.pop("country_iso3")
    return update_authority(
        authority, data, actor, action="restore", note=f"restored version {version}"
    )


def is_stale(authority: Authority, today: date | None = None) -> bool:
    """Not verified within the last 12 months (or never)."""
    today = today or clock.today()
    verified = authority.verified_on
    return verified is None or verified < today - timedelta(days=STALE_AFTER_DAYS)


def find_authorities(
    country: str | None = None,
    function: str | None = None,
    language: str | None = None,
    q: str | None = None,
    include_retired: bool = False,
    *,
    stale_only: bool = False,
    states_named_in: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Authority]:
    """Directory entries matching every filter given, ordered by state and name.

    States come in ISO code order, or in the order of their names in `states_named_in` (the
    interface language of a page that shows those names).

    `country` ISO3, `function` a function slug, `language` an ISO 639-1 code the authority
    accepts, `q` free text in any language: each word must occur in the names, parent body,
    address, contacts or state names, compared after `search.normalise` (Arabic without
    diacritics/tatweel and with one hamza form; Latin without case or accents).
    """
    statement = select(Authority)
    if not include_retired:
        statement = statement.where(Authority.retired.is_(False))
    if country:
        statement = statement.where(Authority.country_iso3 == country.strip().upper())
    if function:
        statement = statement.where(
            Authority.functions_key.like(like_pattern(f"|{function.strip()}|"), escape="\\")
        )
    if language:
        statement = statement.where(
            Authority.languages_key.like(like_pattern(f"|{language.strip().lower()}|"), escape="\\")
        )
    for term in query_terms(q):
        statement = statement.where(Authority.search_text.like(like_pattern(term), escape="\\"))
    if stale_only:
        cutoff = clock.today() - timedelta(days=STALE_AFTER_DAYS)
        statement = statement.where(
            or_(Authority.verified_on.is_(None), Authority.verified_on < cutoff)
        )
    state_order: Any = Authority.country_iso3
    if states_named_in:
        positions = name_order(states_named_in)
        state_order = case(positions, value=Authority.country_iso3, else_=len(positions))
    statement = statement.order_by(
        state_order, Authority.country_iso3, Authority.name, Authority.id
    )
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    return list(db.session.execute(statement).scalars())


def count_stale(include_sample: bool = True) -> int:
    cutoff = clock.today() - timedelta(days=STALE_AFTER_DAYS)
    statement = select(func.count(Authority.id)).where(
        Authority.retired.is_(False),
        or_(Authority.verified_on.is_(None), Authority.verified_on < cutoff),
    )
    return int(db.session.execute(statement).scalar_one())


def function_label(function: str) -> str:
    """The function's label, translated inside a request and in English outside one."""
    label = FUNCTIONS.get(function)
    if label is None:
        return function.replace("_", " ")
    if has_request_context():
        return str(label)
    return str(getattr(label, "_args", (label,))[0])


def authority_as_dict(a: Authority, language: str = "en") -> dict[str, Any]:
    """A plain, JSON-ready dict of an entry for templates, PDFs and the API.

    Keys are AuthorityIn's (`country`, `functions`, `name`, `name_en`, `name_ar`, `languages`,
    `channels`, contacts, `verified_on` ISO date, ...) plus `id`, `version`, `stale`,
    `country_name` (in `language`), `display_name` (the name in `language` where known),
    `function_labels`, `origin` (reference | user), `source_date`, `quote`, `reference` (the
    instrument and articles a reference entry was declared under, else None), `created_at`,
    `updated_at`.
    """
    data = authority_input(a)
    display = {"ar": a.name_ar, "en": a.name_en}.get(language) or a.name
    data.update(
        id=a.id,
        version=a.version,
        stale=is_stale(a),
        country_name=state_name(a.country_iso3, language),
        display_name=display,
        function_labels=[function_label(f) for f in a.functions],
        origin=a.origin,
        source_date=plain(a.source_date),
        quote=a.quote,
        reference=reference_basis(a.external_id) if a.origin == "reference" else None,
        created_at=a.created_at.isoformat(),
        updated_at=a.updated_at.isoformat(),
    )
    return data


def stale_authorities(limit: int = 10) -> list[Authority]:
    return find_authorities(stale_only=True, limit=limit)
