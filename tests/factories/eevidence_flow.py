"""Test data builders and fixtures shared by several test modules (eevidence flow)."""

from __future__ import annotations

from typing import Any

from mla_tool.directory.profiles.store import set_profile
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.submission import submit_request
from tests.factories.authorities import make_authority


def directory() -> tuple[int, int]:
    """Ireland's 24/7 contact and central authority, and its preservation period (90 days) as a
    structured value of its requirement profile (the entry's free text is no longer read)."""
    set_profile(
        "IRL",
        {"preservation_days": {"value": 90, "source": "test: the state's preservation law"}},
    )
    contact = make_authority(
        "IRL",
        ["cybercrime_24_7"],
        name="An Garda Síochána, 24/7 contact point",
        name_en="Garda 24/7 contact point",
        languages=["en"],
        notes="Preservation period: 90 days, renewable.",
    )
    central = make_authority(
        "IRL",
        ["central_authority_mla"],
        name="Department of Justice",
        name_en="Department of Justice",
    )
    return contact, central


def submitted_preservation(user: Any, authority: int, **changes: Any) -> MlaRequest:
    request = create_request(user, sample_preservation(requested_authority=authority, **changes))
    submit_request(request, user)
    db.session.commit()
    return request
