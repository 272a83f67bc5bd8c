"""What the page and the API both do: export a request's text, import a file, with the checks."""

from __future__ import annotations

from typing import Any

from ...audit.service import record as audit_record
from ...auth.models import User
from ..access import can_edit
from ..fieldspec import N_
from ..models import MlaRequest
from ..request_document import document_of
from ..schemas import DocumentLanguage
from .export import export_xliff
from .fields import text_language
from .receive import ImportResult, TranslationRefused, import_xliff
from .store import TranslationConflict


def target_languages() -> tuple[str, ...]:
    """The languages a document can be printed in, hence translated into."""
    return tuple(DocumentLanguage.__args__)  # type: ignore[attr-defined]


def checked_target(request: MlaRequest, language: str) -> str:
    if language not in target_languages():
        raise TranslationRefused(
            404, "unknown_language", N_("There is no document in this language.")
        )
    if language == text_language(document_of(request)):
        raise TranslationRefused(
            422, "wrong_language", N_("The request is already written in this language.")
        )
    return language


def export_file(request: MlaRequest, language: str) -> tuple[bytes, str]:
    """The XLIFF file of the request's typed text for `language`, and its file name."""
    document = document_of(request)
    target = checked_target(request, language)
    body = export_xliff(request.id, request.reference, document, text_language(document), target)
    return body, f"request-{request.id}-{text_language(document)}-{target}.xliff"


def import_file(request: MlaRequest, language: str, raw: bytes, actor: User) -> ImportResult:
    """Store the translations of a file; refused (and nothing stored) when anything is wrong."""
    if not can_edit(actor, request):
        raise TranslationRefused(404, "not_found", N_("request not found"))
    target = checked_target(request, language)
    try:
        result = import_xliff(request.id, document_of(request), target, raw, actor)
    except TranslationConflict as error:
        raise TranslationRefused(
            409, "conflict", N_("Someone imported a translation at the same moment; try again.")
        ) from error
    audit_record(
        "request.translation_import",
        "request",
        request.id,
        {"lang": target, "imported": len(result.imported), "stale": result.stale},
        actor=actor,
    )
    return result


def result_dict(result: ImportResult) -> dict[str, Any]:
    return {"imported": result.imported, "stale": result.stale, "empty": result.empty}
