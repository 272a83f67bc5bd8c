"""What a new draft knows of its requesting side: the author's state and authority, and the
contact and signatory of their last request from that same state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from .directory_facts import authority_dict
from .models import MlaRequest
from .schemas import EMAIL

#: How many of the author's latest requests are looked through for their contact details.
RECENT_REQUESTS = 20
#: Fields of the requesting authority that describe the office (from the directory entry);
#: the others describe the person (contact name, their e-mail and telephone).
OFFICE_FIELDS = ("name", "address")


def _filled(values: Any) -> dict[str, Any]:
    return {k: v for k, v in (values or {}).items() if v}


def _last_request_side(user: User, state: str | None) -> dict[str, Any]:
    """The requesting side and signatory of the author's latest request made from `state`:
    never another country's."""
    query = select(MlaRequest).where(
        MlaRequest.owner_id == user.id, MlaRequest.is_sample.is_(False)
    )
    if state:
        query = query.where(MlaRequest.requesting_state == state)
    latest = db.session.execute(
        query.order_by(MlaRequest.updated_at.desc(), MlaRequest.id.desc()).limit(RECENT_REQUESTS)
    ).scalars()
    for request in latest:
        side = _filled(request.data.get("requesting_authority"))
        if not side.get("name"):
            continue
        found: dict[str, Any] = {"requesting_authority": side}
        signatory = _filled(request.data.get("signatory"))
        if signatory:
            found["signatory"] = signatory
        return found
    return {}


def requesting_side_defaults(user: User) -> dict[str, Any]:
    """The requesting state (the author's), the requesting authority (the author's directory
    entry: its name and address), and the contact and signatory of their last request from
    that state, else the author's own name and e-mail."""
    authority = authority_dict(user.authority_id) or {}
    state = user.country_iso3 or authority.get("country")
    defaults: dict[str, Any] = {"requesting_state": state} if state else {}
    last = _last_request_side(user, state)
    earlier = last.get("requesting_authority", {})
    if authority:  # the office is the directory's; only the person's details are reused
        office = {field: authority.get(field) for field in OFFICE_FIELDS}
        earlier = {k: v for k, v in earlier.items() if k not in OFFICE_FIELDS}
    else:
        office = {}
    side = {
        "contact_name": user.display_name or None,
        # an account name the document's rules would refuse is left for the author to give
        "email": user.email if EMAIL.match(user.email or "") else None,
        **earlier,
        **office,
    }
    defaults["requesting_authority"] = _filled(side)
    if last.get("signatory"):
        defaults["signatory"] = last["signatory"]
    return defaults
