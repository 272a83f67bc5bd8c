"""Stored translations of a request's fields: read them, save an import, and count per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ...auth.models import User, utcnow
from ...errors import ConflictError
from ...extensions import db
from ...i18n import N_
from ..translation_models import RequestTranslation
from .fields import TextField, source_hash, text_language, translatable_fields


@dataclass(frozen=True)
class LanguageStatus:
    """How far the translation into one language is: n of m fields translated, k stale."""

    language: str
    total: int
    translated: int
    stale: int

    @property
    def missing(self) -> int:
        return self.total - self.translated


def translations_of(request_id: int, language: str) -> dict[str, RequestTranslation]:
    rows = db.session.execute(
        select(RequestTranslation).where(
            RequestTranslation.request_id == request_id, RequestTranslation.language == language
        )
    ).scalars()
    return {row.path: row for row in rows}


def languages_of(request_id: int) -> list[str]:
    """The languages the request has any translation into."""
    rows = db.session.execute(
        select(RequestTranslation.language)
        .where(RequestTranslation.request_id == request_id)
        .distinct()
    ).scalars()
    return sorted(rows)


def current_texts(request_id: int, language: str, fields: list[TextField]) -> dict[str, str]:
    """The translations whose source is still the field's text, by path (stale ones left out)."""
    stored = translations_of(request_id, language)
    return {
        field.path: stored[field.path].text
        for field in fields
        if field.path in stored and stored[field.path].source_hash == source_hash(field.text)
    }


def language_status(request_id: int, document: dict[str, Any], language: str) -> LanguageStatus:
    fields = translatable_fields(document)
    stored = translations_of(request_id, language)
    current = current_texts(request_id, language, fields)
    stale = sum(1 for field in fields if field.path in stored and field.path not in current)
    return LanguageStatus(language, len(fields), len(current), stale)


def all_status(
    request_id: int, document: dict[str, Any], languages: tuple[str, ...]
) -> list[LanguageStatus]:
    """The status of each language other than the text's own."""
    source = text_language(document)
    return [language_status(request_id, document, code) for code in languages if code != source]


class TranslationConflict(ConflictError):
    """Someone imported into the same fields meanwhile: nothing of this import is kept (409)."""


def save_translations(
    request_id: int, language: str, texts: dict[str, tuple[str, str]], actor: User | None
) -> None:
    """Store {path: (translated text, hash of its source)} as one write; the caller commits.

    An existing row is updated under its version (the ORM's compare-and-set); two imports that
    insert the same field at once meet the unique constraint. Either way: TranslationConflict."""
    stored = translations_of(request_id, language)
    now = utcnow()
    for path, (text, hashed) in texts.items():
        row = stored.get(path)
        if row is None:
            row = RequestTranslation(request_id=request_id, language=language, path=path)
            db.session.add(row)
        row.text, row.source_hash = text, hashed
        row.imported_by, row.imported_at = (actor.id if actor else None), now
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError) as error:
        raise TranslationConflict(
            N_("Someone imported a translation at the same moment; try again.")
        ) from error
