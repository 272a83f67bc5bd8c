"""Test data builders and fixtures shared by several test modules (extradition requests)."""

from __future__ import annotations

from typing import Any

from mla_tool.forms.samples import extradition_request


def provisional_request() -> dict[str, Any]:
    document = extradition_request(kind="provisional_arrest")
    for key in ("assurances", "supporting_documents"):
        document.pop(key)
    document["extradition"] = {
        "channel": "interpol",
        "interpol_notice": "A-1234/5-2026",
        "formal_request_undertaking": True,
        "time_limit_days": 60,
    }
    document["urgent"] = {"is_urgent": False, "reason": "He flies to a third state on Friday."}
    return document
