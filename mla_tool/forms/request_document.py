"""The request document as stored: validated whole, changes merged in, read back as a copy."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from ..directory.models import Authority
from ..extensions import db
from ..i18n import N_
from .errors import RequestError
from .models import MlaRequest
from .schemas import RequestDocument

#: Objects whose given keys merge into the stored ones on a change (one level deep).
MERGED_OBJECTS = frozenset(
    {
        "requesting_authority",
        "urgent",
        "confidential",
        "proceedings",
        "signatory",
        "warrant",
        "judgment",
        "person_description",
        "preservation",
        "extradition",
    }
)


def _fields_from(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "body"
        message = item["msg"].removeprefix("Value error, ")
        fields.setdefault(location, message)
    return fields


def validate_document(raw: dict[str, Any]) -> dict[str, Any]:
    """The document in its stored JSON form, or RequestError naming every bad field."""
    try:
        document = RequestDocument.model_validate(raw)
    except ValidationError as error:
        raise RequestError(N_("the request has invalid fields"), _fields_from(error)) from error
    data = document.model_dump(mode="json", exclude_none=True)
    _check_authority(data)
    return data


def _check_authority(data: dict[str, Any]) -> None:
    authority_id = data.get("requested_authority")
    if authority_id is None:
        return
    if db.session.get(Authority, authority_id) is None:
        raise RequestError(
            N_("the request has invalid fields"),
            {"requested_authority": "no directory entry has this id"},
        )


def merge_changes(document: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Apply the given fields: objects merge one level, lists and values replace, None clears."""
    merged = copy.deepcopy(document)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        elif key in MERGED_OBJECTS and isinstance(value, dict):
            base = merged.get(key) if isinstance(merged.get(key), dict) else {}
            combined = {**base, **value}
            merged[key] = {k: v for k, v in combined.items() if v is not None}
        else:
            merged[key] = value
    return merged


def document_of(request: MlaRequest) -> dict[str, Any]:
    return {**copy.deepcopy(request.data or {}), "kind": request.kind}
