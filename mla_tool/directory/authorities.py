"""Rules of the directory: search, versioned changes, staleness, languages and the legal basis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import has_request_context
from pydantic import ValidationError
from sqlalchemy import case, func, or_, select

from ..audit import service as audit
from ..auth.models import utcnow
from ..extensions import db
from ..i18n import N_
from ..transactions import compare_and_set
from .models import Authority, Declaration, DirectoryVersion, Instrument, Participation
from .reference import INSTRUMENT_KINDS, REGION_MEMBERS, REQUEST_KINDS
from .schemas import FUNCTIONS, AuthorityIn, DeclarationIn, ParticipationIn, errors_by_field
from .search import like_pattern, normalise, query_terms
from .states import name_order, state_by_iso3, state_name

STALE_AFTER_DAYS = 365

#: The fields of an entry that its versions snapshot (and that restore writes back).
AUTHORITY_FIELDS: tuple[str, ...] = (
    "external_id",
    "country_iso3",
    "functions",
    "name",
    "name_en",
    "name_ar",
    "parent_body",
    "languages",
    "channels",
    "urgent_by_email",
    "urgent_by_interpol",
    "address",
    "email",
    "phone",
    "fax",
    "website",
    "contact_persons",
    "office_hours",
    "timezone",
    "requirements",
    "notes",
    "legal_texts",
    "verified_on",
    "source",
    "public_key",
    "retired",
    "is_sample",
)
PARTICIPATION_FIELDS = (
    "state_iso3",
    "status",
    "signature_date",
    "consent_date",
    "consent_type",
    "source",
    "data_as_of",
    "origin",
)
DECLARATION_FIELDS = (
    "state_iso3",
    "central_authority",
    "languages_text",
    "languages",
    "legal_basis_extradition",
    "reservation_disputes",
    "source",
    "quote",
    "origin",
)
INSTRUMENT_FIELDS = (
    "code",
    "name_en",
    "name_ar",
    "name_fr",
    "short_name",
    "kind",
    "region",
    "priority",
    "articles",
    "scope",
    "adopted",
    "entry_into_force",
    "depositary",
    "source",
    "participation_known",
    "origin",
    "notes",
)
SNAPSHOT_FIELDS = {
    "authority": AUTHORITY_FIELDS,
    "participation": PARTICIPATION_FIELDS,
    "declaration": DECLARATION_FIELDS,
    "instrument": INSTRUMENT_FIELDS,
}


class DirectoryError(ValueError):
    """Bad input or an impossible change: nothing was written. `status` suits the API."""

    def __init__(
        self, message: str, fields: dict[str, str] | None = None, status: int = 422, code: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.status = status
        self.code = code or {404: "not_found", 409: "conflict"}.get(status, "validation_error")


# --------------------------------------------------------------------------- snapshots, versions


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def snapshot(object_type: str, record: Any) -> dict[str, Any]:
    """The JSON-ready state of a record: what a version keeps."""
    return {name: _plain(getattr(record, name)) for name in SNAPSHOT_FIELDS[object_type]}


def _last_version(object_type: str, object_id: int) -> DirectoryVersion | None:
    return db.session.execute(
        select(DirectoryVersion)
        .where(DirectoryVersion.object_type == object_type, DirectoryVersion.object_id == object_id)
        .order_by(DirectoryVersion.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def _add_version(
    object_type: str, record: Any, action: str, actor: Any = None, note: str = ""
) -> DirectoryVersion:
    data = snapshot(object_type, record)
    previous = _last_version(object_type, record.id) if record.version > 1 else None
    changed = (
        sorted(name for name in data if previous.snapshot.get(name) != data[name])
        if previous is not None
        else sorted(name for name, value in data.items() if value not in ("", None, [], {}))
    )
    version = DirectoryVersion(
        object_type=object_type,
        object_id=record.id,
        version=record.version,
        action=action,
        snapshot=data,
        changed_fields=changed,
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        note=note,
        at=utcnow(),
    )
    db.session.add(version)
    return version


def record_reference_version(object_type: str, record: Any, action: str) -> None:
    """A version for a row (re)loaded from the packaged reference data."""
    if record.id is None:
        db.session.flush()
    previous = _last_version(object_type, record.id)
    if previous is not None:
        record.version = previous.version + 1
    _add_version(object_type, record, action, note="packaged reference data")


def history(object_type: str, object_id: int) -> list[DirectoryVersion]:
    """Every version of a record, newest first."""
    return list(
        db.session.execute(
            select(DirectoryVersion)
            .where(
                DirectoryVersion.object_type == object_type,
                DirectoryVersion.object_id == object_id,
            )
            .order_by(DirectoryVersion.version.desc())
        ).scalars()
    )


def get_version(object_type: str, object_id: int, version: int) -> DirectoryVersion:
    found = db.session.execute(
        select(DirectoryVersion).where(
            DirectoryVersion.object_type == object_type,
            DirectoryVersion.object_id == object_id,
            DirectoryVersion.version == version,
        )
    ).scalar_one_or_none()
    if found is None:
        raise DirectoryError(f"no version {version}", status=404)
    return found


def compare_versions(
    object_type: str, object_id: int, older: int, newer: int
) -> list[dict[str, Any]]:
    """The fields that differ between two versions: [{field, old, new}]."""
    a = get_version(object_type, object_id, older).snapshot
    b = get_version(object_type, object_id, newer).snapshot
    return [
        {"field": name, "old": a.get(name), "new": b.get(name)}
        for name in SNAPSHOT_FIELDS[object_type]
        if a.get(name) != b.get(name)
    ]


# --------------------------------------------------------------------------- authorities


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
    state = state_by_iso3(authority.country_iso3)
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
        *(state.names.values() if state else []),
    ]
    return normalise(" ".join(part for part in parts if part))


def _apply(authority: Authority, values: dict[str, Any]) -> list[str]:
    changed = []
    for name in AUTHORITY_FIELDS:
        if name in values and _plain(getattr(authority, name)) != _plain(values[name]):
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
    _add_version("authority", authority, action, actor, note)
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
    if not any(_plain(getattr(authority, n)) != _plain(values[n]) for n in AUTHORITY_FIELDS):
        return []
    # compare-and-set in SQL, before anything else is written: of two simultaneous edits of
    # this version only one gets the next
    if not compare_and_set(authority, {"version": saved}, {"version": saved + 1}):
        raise _edited_meanwhile()
    changed = _apply(authority, values)
    authority.updated_at = utcnow()
    db.session.flush()
    _add_version("authority", authority, action, actor, note)
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
    today = today or date.today()
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
        cutoff = date.today() - timedelta(days=STALE_AFTER_DAYS)
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
    cutoff = date.today() - timedelta(days=STALE_AFTER_DAYS)
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
    `function_labels`, `created_at`, `updated_at`.
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
        created_at=a.created_at.isoformat(),
        updated_at=a.updated_at.isoformat(),
    )
    return data


def accepted_languages(iso3: str) -> list[str]:
    """ISO 639-1 codes in which `iso3` accepts requests: the union of the languages of its
    current authorities and of its treaty declarations (e.g. UNTOC art. 18(14)), sorted."""
    iso3 = (iso3 or "").upper()
    codes: set[str] = set()
    for languages in db.session.execute(
        select(Authority.languages).where(
            Authority.country_iso3 == iso3, Authority.retired.is_(False)
        )
    ).scalars():
        codes.update(languages or [])
    for languages in db.session.execute(
        select(Declaration.languages).where(Declaration.state_iso3 == iso3)
    ).scalars():
        codes.update(languages or [])
    return sorted(codes)


def stale_authorities(limit: int = 10) -> list[Authority]:
    return find_authorities(stale_only=True, limit=limit)


# --------------------------------------------------------------------------- instruments


def get_instrument(code: str) -> Instrument:
    instrument = db.session.execute(
        select(Instrument).where(Instrument.code == code)
    ).scalar_one_or_none()
    if instrument is None:
        raise DirectoryError(f"no instrument {code!r}", status=404)
    return instrument


def list_instruments() -> list[Instrument]:
    kind_rank = {kind: rank for rank, kind in enumerate(INSTRUMENT_KINDS)}
    items = list(db.session.execute(select(Instrument)).scalars())
    return sorted(items, key=lambda i: (kind_rank.get(i.kind, 9), i.priority, i.code))


def instrument_name(instrument: Instrument, language: str = "en") -> str:
    return {"ar": instrument.name_ar, "fr": instrument.name_fr}.get(language) or instrument.name_en


def instrument_as_dict(instrument: Instrument, language: str = "en") -> dict[str, Any]:
    """An instrument for the API and pages: code, names, kind, articles per request kind."""
    data = snapshot("instrument", instrument)
    data["id"] = instrument.id
    data["names"] = {
        "en": instrument.name_en,
        "ar": instrument.name_ar or None,
        "fr": instrument.name_fr or None,
    }
    data["name"] = instrument_name(instrument, language)
    data["parties"] = sum(1 for p in instrument.participations if p.status == "party")
    return data


@dataclass(frozen=True)
class BilateralTreaty:
    code: str
    name_en: str
    states: tuple[str, str]
    articles: dict[str, str]
    source: str
    in_force_since: date | None = None


def create_bilateral_instrument(treaty: BilateralTreaty, actor: Any = None) -> Instrument:
    """A user-added bilateral treaty: both states recorded as parties."""
    code = treaty.code.strip().upper()
    fields: dict[str, str] = {}
    if not code or len(code) > 60:
        fields["code"] = "1 to 60 characters"
    elif db.session.execute(select(Instrument.id).where(Instrument.code == code)).first():
        raise DirectoryError(f"instrument {code} exists", {"code": "already used"}, status=409)
    if not treaty.name_en.strip():
        fields["name_en"] = "required"
    states = [s.strip().upper() for s in treaty.states]
    for index, iso3 in enumerate(states):
        if state_by_iso3(iso3) is None:
            fields[f"states.{index}"] = "unknown ISO 3166-1 alpha-3 code"
    if len(set(states)) != 2:
        fields["states"] = "two different states"
    unknown_kinds = [k for k in treaty.articles if k not in REQUEST_KINDS]
    if unknown_kinds or not treaty.articles:
        fields["articles"] = f"request kinds: {', '.join(REQUEST_KINDS)}"
    if not treaty.source.strip():
        fields["source"] = "required"
    if fields:
        raise DirectoryError("the treaty is not valid", fields)
    instrument = Instrument(
        code=code,
        name_en=treaty.name_en.strip(),
        short_name=treaty.name_en.strip()[:120],
        kind="bilateral",
        priority=10,
        articles=dict(treaty.articles),
        source=treaty.source.strip(),
        entry_into_force=treaty.in_force_since,
        origin="user",
        version=1,
    )
    db.session.add(instrument)
    db.session.flush()
    _add_version("instrument", instrument, "create", actor)
    for iso3 in states:
        participation = Participation(
            instrument_id=instrument.id,
            state_iso3=iso3,
            status="party",
            consent_date=treaty.in_force_since,
            source=treaty.source.strip(),
            data_as_of=date.today(),
            origin="user",
            version=1,
        )
        db.session.add(participation)
        db.session.flush()
        _add_version("participation", participation, "create", actor)
    audit.record("directory.instrument.create", "instrument", instrument.id, {"code": code}, actor)
    return instrument


def set_participation(
    instrument: Instrument, iso3: str, data: dict[str, Any] | ParticipationIn, actor: Any = None
) -> Participation:
    """Add or correct a state's participation (a maintainer's correction, with history)."""
    try:
        clean = data if isinstance(data, ParticipationIn) else ParticipationIn.model_validate(data)
    except ValidationError as error:
        raise DirectoryError("the participation is not valid", errors_by_field(error)) from error
    iso3 = iso3.upper()
    if state_by_iso3(iso3) is None:
        raise DirectoryError("unknown state", {"state": "unknown ISO 3166-1 alpha-3 code"})
    record = db.session.execute(
        select(Participation).where(
            Participation.instrument_id == instrument.id, Participation.state_iso3 == iso3
        )
    ).scalar_one_or_none()
    values = clean.model_dump()
    values["data_as_of"] = values["data_as_of"] or date.today()
    if record is None:
        record = Participation(instrument_id=instrument.id, state_iso3=iso3, version=1)
        db.session.add(record)
        for key, value in values.items():
            setattr(record, key, value)
        record.origin = "user"
        db.session.flush()
        _add_version("participation", record, "create", actor)
    else:
        for key, value in values.items():
            setattr(record, key, value)
        record.origin = "user"
        record.version += 1
        record.updated_at = utcnow()
        db.session.flush()
        _add_version("participation", record, "update", actor)
    instrument.participation_known = True
    audit.record(
        "directory.participation.update",
        "participation",
        record.id,
        {"instrument": instrument.code, "state": iso3, "status": record.status},
        actor,
    )
    return record


def set_declaration(
    instrument: Instrument, iso3: str, data: dict[str, Any] | DeclarationIn, actor: Any = None
) -> Declaration:
    """Add or correct a state's declarations under an instrument (with history)."""
    try:
        clean = data if isinstance(data, DeclarationIn) else DeclarationIn.model_validate(data)
    except ValidationError as error:
        raise DirectoryError("the declaration is not valid", errors_by_field(error)) from error
    iso3 = iso3.upper()
    if state_by_iso3(iso3) is None:
        raise DirectoryError("unknown state", {"state": "unknown ISO 3166-1 alpha-3 code"})
    record = db.session.execute(
        select(Declaration).where(
            Declaration.instrument_id == instrument.id, Declaration.state_iso3 == iso3
        )
    ).scalar_one_or_none()
    action = "update"
    if record is None:
        record = Declaration(instrument_id=instrument.id, state_iso3=iso3, version=0)
        db.session.add(record)
        action = "create"
    for key, value in clean.model_dump().items():
        setattr(record, key, value)
    record.origin = "user"
    record.version += 1
    record.updated_at = utcnow()
    db.session.flush()
    _add_version("declaration", record, action, actor)
    audit.record(
        "directory.declaration.update",
        "declaration",
        record.id,
        {"instrument": instrument.code, "state": iso3},
        actor,
    )
    return record


def participation_as_dict(p: Participation | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "state": p.state_iso3,
        "status": p.status,
        "signature_date": _plain(p.signature_date),
        "consent_date": _plain(p.consent_date),
        "consent_type": p.consent_type or None,
        "source": p.source,
        "data_as_of": _plain(p.data_as_of),
        "origin": p.origin,
    }


def declaration_as_dict(d: Declaration) -> dict[str, Any]:
    data = snapshot("declaration", d)
    data.update(id=d.id, instrument=d.instrument.code)
    return data


# --------------------------------------------------------------------------- legal basis


@dataclass(frozen=True)
class DeclarationRule:
    """How a declaration of the requested state changes the route for some kinds of request."""

    instruments: frozenset[str]
    kinds: frozenset[str]
    field: str
    #: the declared value that triggers the rule; "*" = any non-empty text
    value: str
    effect: str  # not_a_legal_basis | confirms | unknown | route
    articles: dict[str, str]
    message: str


_EXTRADITION = frozenset({"extradition", "provisional_arrest"})
_ASSISTANCE = frozenset({"mla", "preservation", "emergency_disclosure"})
_LEGAL_BASIS_ARTICLES = {"UNTOC": "art. 16(5)", "UNCAC": "art. 44(6)"}
_CA_ARTICLES = {"UNTOC": "art. 18(13)", "UNCAC": "art. 46(13)"}
_LANGUAGE_ARTICLES = {"UNTOC": "art. 18(14)", "UNCAC": "art. 46(14)"}

#: The rules, as data: which declarations change which routes.
DECLARATION_RULES: tuple[DeclarationRule, ...] = (
    DeclarationRule(
        frozenset(_LEGAL_BASIS_ARTICLES),
        _EXTRADITION,
        "legal_basis_extradition",
        "no",
        "not_a_legal_basis",
        _LEGAL_BASIS_ARTICLES,
        N_(
            "{state} does not take {code} as the legal basis for extradition ({article}): "
            "use a bilateral treaty, another convention or its domestic law."
        ),
    ),
    DeclarationRule(
        frozenset(_LEGAL_BASIS_ARTICLES),
        _EXTRADITION,
        "legal_basis_extradition",
        "yes",
        "confirms",
        _LEGAL_BASIS_ARTICLES,
        N_("{state} takes {code} as the legal basis for extradition ({article})."),
    ),
    DeclarationRule(
        frozenset(_LEGAL_BASIS_ARTICLES),
        _EXTRADITION,
        "legal_basis_extradition",
        "unknown",
        "unknown",
        _LEGAL_BASIS_ARTICLES,
        N_(
            "Not known whether {state} takes {code} as the legal basis for extradition "
            "({article}): check before relying on it."
        ),
    ),
    DeclarationRule(
        frozenset(_CA_ARTICLES),
        _ASSISTANCE,
        "central_authority",
        "*",
        "route",
        _CA_ARTICLES,
        N_("Central authority designated by {state} ({article}): {value}"),
    ),
    DeclarationRule(
        frozenset(_LANGUAGE_ARTICLES),
        _ASSISTANCE,
        "languages_text",
        "*",
        "route",
        _LANGUAGE_ARTICLES,
        N_("Languages accepted by {state} ({article}): {value}"),
    ),
)

_KIND_RANK = {kind: rank for rank, kind in enumerate(INSTRUMENT_KINDS)}
_STATUS_LABELS = {
    "applies": N_("Both states are parties."),
    "check": N_("Participation is not recorded in the tool: check that both states are bound."),
    "not_a_legal_basis": N_("Both states are parties, but a declaration rules this route out."),
    "fallback": N_(
        "Fallback: no treaty; assistance on the basis of reciprocity (comity), "
        "if the requested state's law allows it."
    ),
}


def _declaration_effects(
    instrument: Instrument, requested: str, kind: str, declaration: Declaration | None
) -> list[dict[str, Any]]:
    effects = []
    for rule in DECLARATION_RULES:
        if instrument.code not in rule.instruments or kind not in rule.kinds:
            continue
        value = getattr(declaration, rule.field, "") if declaration else ""
        if rule.field == "legal_basis_extradition":
            value = value or "unknown"
        if not (value == rule.value or (rule.value == "*" and value)):
            continue
        article = rule.articles[instrument.code]
        params = {
            "state": state_name(requested),
            "code": instrument.short_name or instrument.code,
            "article": article,
            "value": value,
        }
        effects.append(
            {
                "state": requested,
                "field": rule.field,
                "value": value,
                "effect": rule.effect,
                "article": article,
                "message": rule.message.format(**params),
                # the pages translate the template and fill it with the same values
                "message_template": rule.message,
                "params": params,
                "source": declaration.source if declaration else None,
                "quote": declaration.quote if declaration else None,
            }
        )
    return effects


def legal_basis(requesting: str, requested: str, kind: str) -> list[dict[str, Any]]:
    """The legal bases for a request of `kind` from `requesting` to `requested` (ISO3), best
    first, ending with reciprocity as the labelled fallback.

    Each item: `basis` ("instrument" | "reciprocity"), `code`, `name`, `short_name`,
    `instrument_kind` (bilateral | regional | global), `article` to cite for that kind (None
    when the tool records none), `status` (applies | check | not_a_legal_basis | fallback),
    `label`, `requesting` / `requested` participation (status, dates, `source`,
    `data_as_of`), `declarations` of the requested state that change the route, `scope`,
    `notes`. Order: usable before ruled out; bilateral, regional, global; recorded before
    "check". DirectoryError (422) for unknown states or kinds.
    """
    fields: dict[str, str] = {}
    requesting = (requesting or "").strip().upper()
    requested = (requested or "").strip().upper()
    if state_by_iso3(requesting) is None:
        fields["requesting"] = N_("unknown ISO 3166-1 alpha-3 code")
    if state_by_iso3(requested) is None:
        fields["requested"] = N_("unknown ISO 3166-1 alpha-3 code")
    if kind not in REQUEST_KINDS:
        fields["kind"] = f"one of {', '.join(REQUEST_KINDS)}"
    if not fields and requesting == requested:
        fields["requested"] = N_("must differ from the requesting state")
    if fields:
        raise DirectoryError("the question is not valid", fields)

    participations: dict[tuple[int, str], Participation] = {
        (p.instrument_id, p.state_iso3): p
        for p in db.session.execute(
            select(Participation).where(Participation.state_iso3.in_([requesting, requested]))
        ).scalars()
    }
    declarations: dict[int, Declaration] = {
        d.instrument_id: d
        for d in db.session.execute(
            select(Declaration).where(Declaration.state_iso3 == requested)
        ).scalars()
    }
    results: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    for instrument in db.session.execute(select(Instrument)).scalars():
        if kind not in (instrument.articles or {}):
            continue
        mine = participations.get((instrument.id, requesting))
        theirs = participations.get((instrument.id, requested))
        notes: list[str] = []
        if mine is not None and theirs is not None:
            if mine.status != "party" or theirs.status != "party":
                continue
            status = "applies"
        elif not instrument.participation_known and mine is None and theirs is None:
            members = REGION_MEMBERS.get(instrument.region)
            if members is not None and not (requesting in members and requested in members):
                continue
            status = "check"
        else:
            continue
        effects = _declaration_effects(instrument, requested, kind, declarations.get(instrument.id))
        if any(effect["effect"] == "not_a_legal_basis" for effect in effects):
            status = "not_a_legal_basis"
        if instrument.notes:
            notes.append(instrument.notes)
        article = instrument.articles.get(kind) or None
        if article is None:
            notes.append(N_("No article is recorded for this kind of request: cite from the text."))
        entry = {
            "basis": "instrument",
            "code": instrument.code,
            "name": instrument.name_en,
            "names": {"en": instrument.name_en, "ar": instrument.name_ar, "fr": instrument.name_fr},
            "short_name": instrument.short_name or instrument.code,
            "instrument_kind": instrument.kind,
            "article": article,
            "status": status,
            "label": _STATUS_LABELS[status],
            "requesting": participation_as_dict(mine),
            "requested": participation_as_dict(theirs),
            "declarations": effects,
            "scope": instrument.scope,
            "notes": notes,
        }
        key = (
            1 if status == "not_a_legal_basis" else 0,
            # an instrument both states are recorded as bound by comes before one whose
            # participation nobody has recorded, whatever its kind
            1 if status == "check" else 0,
            _KIND_RANK.get(instrument.kind, 9),
            instrument.priority,
        )
        results.append((key, entry))
    ordered = [entry for _, entry in sorted(results, key=lambda item: (item[0], item[1]["code"]))]
    ordered.append(
        {
            "basis": "reciprocity",
            "code": "reciprocity",
            "name": N_("Reciprocity (no treaty)"),
            "names": {"en": "Reciprocity (no treaty)"},
            "short_name": N_("Reciprocity"),
            "instrument_kind": None,
            "article": None,
            "status": "fallback",
            "label": _STATUS_LABELS["fallback"],
            "requesting": None,
            "requested": None,
            "declarations": [],
            "scope": "",
            "notes": [
                N_(
                    "Ask the requested state's central authority whether it assists on "
                    "reciprocity and what undertaking it needs."
                )
            ],
        }
    )
    for rank, entry in enumerate(ordered, start=1):
        entry["rank"] = rank
    return ordered


def data_age(iso3: str | None = None) -> dict[str, Any]:
    """How old the participation data is: the oldest and newest `data_as_of` (for a state)."""
    statement = select(func.min(Participation.data_as_of), func.max(Participation.data_as_of))
    if iso3:
        statement = statement.where(Participation.state_iso3 == iso3.upper())
    oldest, newest = db.session.execute(statement).one()
    return {"oldest": _plain(oldest), "newest": _plain(newest)}


def state_overview(iso3: str) -> dict[str, Any]:
    """A state's page: its authorities, its participation and declarations, the data age."""
    iso3 = iso3.upper()
    if state_by_iso3(iso3) is None:
        raise DirectoryError(f"unknown state {iso3}", status=404)
    participations = list(
        db.session.execute(select(Participation).where(Participation.state_iso3 == iso3)).scalars()
    )
    kind_rank = _KIND_RANK
    participations.sort(key=lambda p: (kind_rank.get(p.instrument.kind, 9), p.instrument.priority))
    declarations = list(
        db.session.execute(select(Declaration).where(Declaration.state_iso3 == iso3)).scalars()
    )
    return {
        "iso3": iso3,
        "authorities": find_authorities(country=iso3),
        "retired": [a for a in find_authorities(country=iso3, include_retired=True) if a.retired],
        "participations": participations,
        "declarations": declarations,
        "languages": accepted_languages(iso3),
        "data_age": data_age(iso3),
    }
