"""What a document prints of the time limit for compliance and of the issuing authority."""

from __future__ import annotations

from typing import Any

from .code_labels import choice_label
from .compliance_fields import ISSUER_TYPES, TIME_LIMIT_REASONS, VALIDATOR_TYPES
from .document_values import date_text


def compliance_values(data: dict[str, Any], language: str, gettext: Any) -> dict[str, Any]:
    """`time_limit` (date, reason and details as printed) and `issuer` (its type and the
    validating authority) for the document's template; empty dicts when nothing is given."""
    limit = data.get("time_limit") or {}
    issuing = data.get("issuing_authority") or {}
    validating = data.get("validating_authority") or {}
    time_limit = {
        "date_text": date_text(limit.get("date"), language),
        "reason_label": choice_label(TIME_LIMIT_REASONS, limit.get("reason"), gettext),
        "details": limit.get("details") or "",
    }
    issuer = {
        "type_label": choice_label(ISSUER_TYPES, issuing.get("type"), gettext),
        "validator_name": validating.get("name") or "",
        "validator_type_label": choice_label(VALIDATOR_TYPES, validating.get("type"), gettext),
        "validated_on_text": date_text(validating.get("validated_on"), language),
    }
    return {
        "time_limit": time_limit if any(time_limit.values()) else {},
        "issuer": issuer if any(issuer.values()) else {},
    }
