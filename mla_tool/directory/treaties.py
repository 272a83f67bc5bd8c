"""Instruments (treaties) and who is party to them: bilateral treaties a user adds, each
state's participation and declarations (versioned), and how old the participation data is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select

from .. import clock
from ..audit import service as audit
from ..auth.models import utcnow
from ..extensions import db
from ..i18n import N_
from .errors import DirectoryError
from .instrument_data import INSTRUMENT_KINDS, REQUEST_KINDS
from .models import Declaration, Instrument, Participation
from .schemas import DeclarationIn, ParticipationIn, errors_by_field
from .states import state_by_iso3
from .versions import add_version, plain, snapshot

#: Order of instrument kinds on pages and in the legal-basis answer: bilateral, regional, global.
INSTRUMENT_KIND_RANK = {kind: rank for rank, kind in enumerate(INSTRUMENT_KINDS)}


def get_instrument(code: str) -> Instrument:
    instrument = db.session.execute(
        select(Instrument).where(Instrument.code == code)
    ).scalar_one_or_none()
    if instrument is None:
        raise DirectoryError(f"no instrument {code!r}", status=404)
    return instrument


def list_instruments() -> list[Instrument]:
    items = list(db.session.execute(select(Instrument)).scalars())
    return sorted(items, key=lambda i: (INSTRUMENT_KIND_RANK.get(i.kind, 9), i.priority, i.code))


def instrument_name(instrument: Instrument, language: str = "en") -> str:
    return instrument.own_name(language) or instrument.name_en


def instrument_label(instrument: Instrument, language: str = "en") -> str:
    """How a list names an instrument: its name in the reader's language where the data has
    one, else its short name ("Budapest Convention (2001)"), else its code."""
    return instrument.own_name(language) or instrument.short_name or instrument.code


def instrument_as_dict(instrument: Instrument, language: str = "en") -> dict[str, Any]:
    """An instrument for the API and pages: code, names, kind, articles per request kind."""
    data = snapshot("instrument", instrument)
    data["id"] = instrument.id
    data["names"] = {
        "en": instrument.name_en,
        "ar": instrument.name_ar or None,
        "fr": instrument.name_fr or None,
        "es": instrument.name_es or None,
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
        raise DirectoryError(f"instrument {code} exists", {"code": N_("already used")}, status=409)
    if not treaty.name_en.strip():
        fields["name_en"] = N_("required")
    states = [s.strip().upper() for s in treaty.states]
    for index, iso3 in enumerate(states):
        if state_by_iso3(iso3) is None:
            fields[f"states.{index}"] = N_("unknown ISO 3166-1 alpha-3 code")
    if len(set(states)) != 2:
        fields["states"] = N_("two different states")
    unknown_kinds = [k for k in treaty.articles if k not in REQUEST_KINDS]
    if unknown_kinds:
        fields["articles"] = f"request kinds: {', '.join(REQUEST_KINDS)}"
    elif not treaty.articles:
        fields["articles"] = N_("give the article to cite for at least one kind of request")
    if not treaty.source.strip():
        fields["source"] = N_("required")
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
    add_version("instrument", instrument, "create", actor)
    for iso3 in states:
        participation = Participation(
            instrument_id=instrument.id,
            state_iso3=iso3,
            status="party",
            consent_date=treaty.in_force_since,
            source=treaty.source.strip(),
            data_as_of=clock.today(),
            origin="user",
            version=1,
        )
        db.session.add(participation)
        db.session.flush()
        add_version("participation", participation, "create", actor)
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
    values["data_as_of"] = values["data_as_of"] or clock.today()
    if record is None:
        record = Participation(instrument_id=instrument.id, state_iso3=iso3, version=1)
        db.session.add(record)
        for key, value in values.items():
            setattr(record, key, value)
        record.origin = "user"
        db.session.flush()
        add_version("participation", record, "create", actor)
    else:
        for key, value in values.items():
            setattr(record, key, value)
        record.origin = "user"
        record.version += 1
        record.updated_at = utcnow()
        db.session.flush()
        add_version("participation", record, "update", actor)
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
    add_version("declaration", record, action, actor)
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
        "signature_date": plain(p.signature_date),
        "consent_date": plain(p.consent_date),
        "consent_type": p.consent_type or None,
        "source": p.source,
        "data_as_of": plain(p.data_as_of),
        "origin": p.origin,
    }


def declaration_as_dict(d: Declaration) -> dict[str, Any]:
    data = snapshot("declaration", d)
    data.update(id=d.id, instrument=d.instrument.code)
    return data


def data_age(iso3: str | None = None) -> dict[str, Any]:
    """How old the participation data is: the oldest and newest `data_as_of` (for a state)."""
    statement = select(func.min(Participation.data_as_of), func.max(Participation.data_as_of))
    if iso3:
        statement = statement.where(Participation.state_iso3 == iso3.upper())
    oldest, newest = db.session.execute(statement).one()
    return {"oldest": plain(oldest), "newest": plain(newest)}


def participation_of(code: str, iso3: str) -> Participation | None:
    """The state's participation in the instrument `code` (None: no such instrument or none)."""
    try:
        instrument = get_instrument(code)
    except DirectoryError:
        return None
    return next((p for p in instrument.participations if p.state_iso3 == iso3), None)


def declaration_of(code: str, iso3: str) -> Declaration | None:
    """The state's declarations under the instrument `code` (None: no such instrument or none)."""
    try:
        instrument = get_instrument(code)
    except DirectoryError:
        return None
    return next((d for d in instrument.declarations if d.state_iso3 == iso3), None)
