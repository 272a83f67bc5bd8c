"""Test data builders and fixtures shared by several test modules (eevidence documents)."""

from __future__ import annotations

from typing import Any

from mla_tool.forms.eevidence.samples import sample_preservation


def emergency(
    authority: int,
    reason: str = "A hostage is threatened with death.",
    purpose: str = "The hostage may be killed within hours.",
) -> dict[str, Any]:
    """The sample preservation as an emergency disclosure of subscriber information."""
    document = sample_preservation(requested_authority=authority, kind="emergency_disclosure")
    document.pop("preservation")
    document["measures"][0]["type"] = "subscriber_information"
    document["urgent"] = {"is_urgent": True, "reason": reason, "respond_by": "2031-05-06"}
    document["purpose"] = purpose
    return document
