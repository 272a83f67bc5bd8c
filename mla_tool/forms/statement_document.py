"""What a document prints of the statements the official forms ask for (statement_fields)."""

from __future__ import annotations

from typing import Any


def statement_values(data: dict[str, Any], language: str, gettext: Any) -> dict[str, Any]:
    """`statements` for the document's template: the necessity and proportionality statement,
    whether the domestic-case test is certified, and the dual criminality statement."""
    return {
        "statements": {
            "proportionality": data.get("proportionality") or "",
            "similar_domestic_case": data.get("similar_domestic_case") is True,
            "dual_criminality": data.get("dual_criminality") or "",
        }
    }
