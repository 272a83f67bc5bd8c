"""Tables of the directory: authorities, instruments, participation, declarations, versions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import utcnow
from ..extensions import db
from .profiles.models import ProfileValue  # noqa: F401  (maintainers' profile edits)


class Authority(db.Model):
    """A competent national authority for one or more functions (one directory entry)."""

    __tablename__ = "directory_authorities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True, nullable=True)
    country_iso3: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    functions: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    name: Mapped[str] = mapped_column(String(400), nullable=False)
    name_en: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    name_ar: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    parent_body: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    address: Mapped[str] = mapped_column(Text, nullable=False, default="")
    contact_persons: Mapped[str] = mapped_column(Text, nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    fax: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(320), nullable=False, default="")
    website: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    office_hours: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    languages: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    channels: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    #: None = not known
    urgent_by_email: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    urgent_by_interpol: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    requirements: Mapped[str] = mapped_column(Text, nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: [{"title": ..., "url": ...}] links to legal texts and model forms
    legal_texts: Mapped[list[dict[str, str]]] = mapped_column(JSON, nullable=False, default=list)
    verified_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: reference (loaded from the packaged data, untouched since) | user (a maintainer's entry,
    #: or a reference entry a maintainer edited: the loader leaves it alone from then on)
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default="user")
    #: the date of the source a reference entry was loaded from (None = the source gives none)
    source_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: the source's own words for a reference entry (verbatim, in the source's language)
    quote: Mapped[str] = mapped_column(Text, nullable=False, default="")
    public_key: Mapped[str] = mapped_column(Text, nullable=False, default="")
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, index=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    #: normalised text of names, body, address, contacts and state names (search.normalise)
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: "|f1|f2|" and "|en|fr|": filterable with LIKE on every database
    functions_key: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    languages_key: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return f"<Authority {self.id} {self.country_iso3} {self.name!r}>"


class DirectoryVersion(db.Model):
    """A full snapshot of a directory record after one change: who, when, what changed."""

    __tablename__ = "directory_versions"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: authority | participation | declaration | instrument
    object_type: Mapped[str] = mapped_column(String(30), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: create | update | retire | restore | import | reference
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    changed_fields: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


#: The history of authorities is the DirectoryVersion rows with object_type "authority".
AuthorityVersion = DirectoryVersion


class Instrument(db.Model):
    """A treaty or other legal basis, with the article to cite for each kind of request."""

    __tablename__ = "directory_instruments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    name_en: Mapped[str] = mapped_column(Text, nullable=False)
    name_ar: Mapped[str] = mapped_column(Text, nullable=False, default="")
    name_fr: Mapped[str] = mapped_column(Text, nullable=False, default="")
    name_es: Mapped[str] = mapped_column(Text, nullable=False, default="")
    short_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    #: global | regional | bilateral
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    #: the organisation whose members may join a regional instrument (e.g. "LAS", "COE", "OAS")
    region: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    #: lower comes first among instruments of the same kind
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=50)
    #: {request kind: article to cite, or "" when the instrument covers it but no article is
    #: recorded}
    articles: Mapped[dict[str, str]] = mapped_column(JSON, nullable=False, default=dict)
    scope: Mapped[str] = mapped_column(Text, nullable=False, default="")
    adopted: Mapped[date | None] = mapped_column(Date, nullable=True)
    entry_into_force: Mapped[date | None] = mapped_column(Date, nullable=True)
    depositary: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    source: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: False when the tool holds no participation data for it (shown as "not known")
    participation_known: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    #: True when the recorded participation is known to be incomplete: a state without a row
    #: is "not recorded", not "not a party"
    participation_partial: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: {request kind: {"text": the articles as the data describes them, "verified": bool}}
    article_sources: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: reference (loaded from the packaged data) | user
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default="reference")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    participations: Mapped[list[Participation]] = relationship(
        back_populates="instrument", cascade="all, delete-orphan"
    )
    declarations: Mapped[list[Declaration]] = relationship(
        back_populates="instrument", cascade="all, delete-orphan"
    )

    def own_name(self, language: str) -> str:
        """The name in `language` where the data has one (Arabic, French, Spanish), else ""."""
        return {"ar": self.name_ar, "fr": self.name_fr, "es": self.name_es}.get(language) or ""


class Participation(db.Model):
    """A state's signature of, or consent to be bound by, an instrument."""

    __tablename__ = "directory_participation"
    __table_args__ = (UniqueConstraint("instrument_id", "state_iso3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("directory_instruments.id"), nullable=False, index=True
    )
    state_iso3: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    state_name_source: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    signature_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    consent_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: ratification | accession | acceptance | approval | succession | formal confirmation | ""
    consent_type: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    #: what the source says about the consent beyond its type (decree, deposit, "party by 2015")
    consent_detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: a date as the source states it when it is not a full date ("2014-08", "2013", "yes")
    signature_as_stated: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    consent_as_stated: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    #: party | signatory | withdrawn
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False, default="")
    quote: Mapped[str] = mapped_column(Text, nullable=False, default="")
    data_as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default="reference")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    instrument: Mapped[Instrument] = relationship(back_populates="participations")


class Declaration(db.Model):
    """What a state declared under an instrument: central authority, languages, legal basis."""

    __tablename__ = "directory_declarations"
    __table_args__ = (UniqueConstraint("instrument_id", "state_iso3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("directory_instruments.id"), nullable=False, index=True
    )
    state_iso3: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    central_authority: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: as declared (free text) and as ISO 639-1 codes
    languages_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    languages: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    #: yes | no | unknown: does the state take the instrument as legal basis for extradition
    legal_basis_extradition: Mapped[str] = mapped_column(
        String(10), nullable=False, default="unknown"
    )
    #: yes | no | unknown: reservation to the dispute-settlement clause
    reservation_disputes: Mapped[str] = mapped_column(String(10), nullable=False, default="unknown")
    source: Mapped[str] = mapped_column(Text, nullable=False, default="")
    quote: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: the date of the source (None = the source gives none)
    data_as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default="reference")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    instrument: Mapped[Instrument] = relationship(back_populates="declarations")
