"""Reading a translated XLIFF file back: checked whole before anything is stored, or refused."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from lxml import etree

from ...auth.models import User
from ...errors import DomainError
from ...i18n import Phrase
from ..fieldspec import N_
from .export import ORIGINAL, Xliff12File
from .fields import source_hash, text_language, translatable_fields
from .schema import first_violation
from .store import save_translations

#: Largest XLIFF file accepted (a request's typed text is far smaller).
MAX_XLIFF_BYTES = 2 * 1024 * 1024
#: The root element of an XLIFF 1.1 or 1.2 file.
XLIFF_ROOT = re.compile(r"\{urn:oasis:names:tc:xliff:document:1\.[12]\}xliff")


class TranslationRefused(DomainError):
    """A file that is not taken (nothing is stored): `status` and `code` say why; the message is
    a message id with its parameters, a `Phrase` (English as str, translated by `shown`)."""

    def __init__(self, status: int, code: str, message: str, **params: Any) -> None:
        super().__init__(status, code, Phrase(message, **params))


@dataclass
class ImportResult:
    imported: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)


def _check_schema(root: Any) -> None:
    """The whole file against the OASIS XLIFF 1.2 strict schema, before any of it is read."""
    violation = first_violation(root)
    if violation:
        raise TranslationRefused(
            422,
            "invalid_xliff",
            N_("The file does not follow the XLIFF 1.2 schema, at %(where)s: %(why)s"),
            where=violation[0],
            why=violation[1],
        )


def _parsed(raw: bytes) -> Xliff12File:
    if len(raw) > MAX_XLIFF_BYTES:
        raise TranslationRefused(
            413,
            "payload_too_large",
            N_("The file is too large (at most %(limit)s bytes)."),
            limit=MAX_XLIFF_BYTES,
        )
    try:  # no DTD, no entity, no external reference: a bomb is refused before it expands
        root = safe_fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        if not XLIFF_ROOT.fullmatch(root.tag):
            raise ValueError("not an XLIFF 1.x document")
        _check_schema(root)
        return Xliff12File.parsestring(raw)
    except DefusedXmlException as error:
        raise TranslationRefused(
            400, "unsafe_xml", N_("The file declares a DTD or entities; it is not read.")
        ) from error
    except (etree.XMLSyntaxError, ValueError, AssertionError, SyntaxError, StopIteration) as error:
        raise TranslationRefused(400, "malformed_xliff", N_("The file is not XLIFF.")) from error


def _check_header(store: Xliff12File, request_id: int, target: str) -> None:
    if store.getfilenames() != [ORIGINAL.format(id=request_id)]:
        raise TranslationRefused(
            422,
            "other_request",
            N_("This file belongs to another request, not to #%(id)s."),
            id=request_id,
        )
    if (store.gettargetlanguage() or "") != target:
        raise TranslationRefused(
            422,
            "wrong_language",
            N_("This file is a translation into %(found)s, not %(wanted)s."),
            found=store.gettargetlanguage() or "?",
            wanted=target,
        )


def read_units(raw: bytes, request_id: int, target: str) -> dict[str, tuple[str, str]]:
    """{unit id: (source as exported, target)} of a file for this request and language."""
    store = _parsed(raw)
    _check_header(store, request_id, target)
    units: dict[str, tuple[str, str]] = {}
    for unit in store.units:
        unit_id = unit.xmlelement.get("id") or ""
        if unit_id in units:
            raise TranslationRefused(
                422, "duplicate_unit", N_("The file has the unit %(id)s twice."), id=unit_id
            )
        units[unit_id] = (str(unit.source or ""), str(unit.target or ""))
    return units


def import_xliff(
    request_id: int, document: dict[str, Any], target: str, raw: bytes, actor: User | None
) -> ImportResult:
    """Store each unit's target as its field's translation; stale and empty units are skipped."""
    if target == text_language(document):
        raise TranslationRefused(
            422, "wrong_language", N_("The request is already written in this language.")
        )
    units = read_units(raw, request_id, target)
    current = {field.path: field.text for field in translatable_fields(document)}
    unknown = sorted(set(units) - set(current))
    if unknown:
        raise TranslationRefused(
            422,
            "unknown_units",
            N_("The file has units this request does not have: %(ids)s."),
            ids=", ".join(unknown[:10]),
        )
    result, texts = ImportResult(), {}
    for path, (source, translated) in units.items():
        if not translated.strip():
            result.empty.append(path)
        elif source_hash(source) != source_hash(current[path]):
            result.stale.append(path)
        else:
            texts[path] = (translated, source_hash(source))
            result.imported.append(path)
    save_translations(request_id, target, texts, actor)
    return result
