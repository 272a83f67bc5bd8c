"""Demo loader: sample requests, each written from its author's own state and authority: drafts
at several steps, and one submitted, so that a central authority has a request to review."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..directory.models import Authority
from ..extensions import db
from .drafting import create_request
from .models import MlaRequest
from .requesting_side import requesting_side_defaults
from .samples import complete_request, extradition_request
from .submission import submit_request


def _central_authority(iso3: str, function: str = "central_authority_mla") -> int | None:
    for authority in db.session.execute(
        select(Authority).where(Authority.country_iso3 == iso3, Authority.retired.is_(False))
    ).scalars():
        if function in (authority.functions or []):
            return authority.id
    return None


def load_sample_requests(users: dict[str, Any]) -> str:
    """Sample requests (idempotent): the partner's prosecutor's complete MLA request in English
    and extradition request (the samples are French requests), the home prosecutor's Arabic
    request half done and English one submitted for review (a case of the home authority under
    review, its request waiting for the central authority), their requesting side the author's
    own."""
    home = users.get("prosecutor")
    partner = users.get("fr-prosecutor") or home
    if home is None:
        return ""
    existing = db.session.execute(
        select(MlaRequest.id).where(
            MlaRequest.owner_id.in_({home.id, partner.id}),
            MlaRequest.is_sample,
            MlaRequest.kind.in_(("mla", "extradition")),
        )
    ).first()
    if existing is not None:
        return "requests: sample drafts already present"
    authority = _central_authority("ARE")
    english = complete_request()
    if authority:
        english["requested_authority"] = authority
    create_request(partner, english, is_sample=True, step="review")
    arabic = complete_request("ar")
    for key in ("purpose", "measures", "legal_basis", "signatory"):
        arabic.pop(key, None)
    arabic.update(requesting_side_defaults(home))
    if authority:
        arabic["requested_authority"] = authority
    create_request(home, arabic, is_sample=True, step="measures")
    extradition = extradition_request()
    extradition["requested_authority"] = _central_authority(
        "ARE", "central_authority_extradition"
    ) or _central_authority("ARE")
    if extradition["requested_authority"] is None:
        extradition.pop("requested_authority")
    create_request(partner, extradition, is_sample=True, step="review")
    submitted = complete_request()
    submitted.update(requesting_side_defaults(home))
    if authority:
        submitted["requested_authority"] = authority
    submit_request(create_request(home, submitted, is_sample=True, step="review"), home)
    return (
        "requests: 3 sample drafts (MLA in English and Arabic, extradition) "
        "and 1 submitted for review"
    )
