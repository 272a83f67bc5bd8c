"""The e-evidence sample data: one preservation draft for the sample prosecutor."""

from __future__ import annotations

from sqlalchemy import select

from ...auth.models import User
from ...extensions import db
from ..drafting import create_request
from ..models import MlaRequest
from ..requesting_side import requesting_side_defaults
from .codes import PRESERVATION
from .routing import route_for
from .samples import sample_preservation


def load_sample_preservation(users: dict[str, User]) -> str:
    """A sample preservation draft of the sample prosecutor, from their own state and authority,
    to the 24/7 contact (idempotent)."""
    owner = users.get("prosecutor")
    if owner is None:
        return ""
    existing = db.session.execute(
        select(MlaRequest.id).where(
            MlaRequest.owner_id == owner.id,
            MlaRequest.is_sample,
            MlaRequest.kind == PRESERVATION,
        )
    ).first()
    if existing is not None:
        return "e-evidence: sample preservation already present"
    document = sample_preservation(requested_state="EGY")
    document.pop("signatory", None)
    document.update(requesting_side_defaults(owner))  # the author's state and authority
    document["measures"][0]["details"]["provider"] = {"name": "Example Telecom", "country": "EGY"}
    route = route_for("EGY")
    if route:
        document["requested_authority"] = route[0]["id"]
    create_request(owner, document, is_sample=True, step="review")
    return "e-evidence: 1 sample preservation draft"
