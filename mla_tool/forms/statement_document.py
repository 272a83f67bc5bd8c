"""What a document prints of the statements the official forms ask for and of earlier requests."""

from __future__ import annotations

from typing import Any

from .document_values import date_text


def statement_values(data: dict[str, Any], language: str, gettext: Any) -> dict[str, Any]:
    """`statements` for the document's template (the necessity and proportionality statement,
    whether the domestic-case test is certified, the dual criminality statement) and
    `related_requests` (each earlier request's date as the language writes it, authority and
    reference)."""
    related = [
        {
            "date_text": date_text(item.get("date"), language),
            "authority": item.get("authority") or "",
            "reference": item.get("reference") or "",
        }
        for item in data.get("related_requests") or []
        if isinstance(item, dict)
    ]
    return {
        "statements": {
            "proportionality": data.get("proportionality") or "",
            "similar_domestic_case": data.get("similar_domestic_case") is True,
            "dual_criminality": data.get("dual_criminality") or "",
        },
        "related_requests": [item for item in related if any(item.values())],
    }
