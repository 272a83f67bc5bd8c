"""Who may see and change a request: its author, and the people who may see its case."""

from __future__ import annotations

from ..auth.models import User
from ..cases.access import can_access
from ..cases.models import Case
from ..extensions import db
from ..i18n import N_
from .errors import RequestError
from .models import MlaRequest

#: The statuses in which a request can still be changed (by its author, or a case member).
EDITABLE_STATUSES = frozenset({"draft", "returned"})


def case_of(request: MlaRequest) -> Case | None:
    """The case the request is filed in, if any."""
    if request.case_id is None:
        return None
    return db.session.get(Case, request.case_id)


def can_read(user: User | None, request: MlaRequest | None) -> bool:
    """The owner, and the people who may see the case the request is filed in."""
    if user is None or request is None or not user.may("request.read"):
        return False
    if request.owner_id == user.id:
        return True
    case = case_of(request)
    if case is None:
        return False
    return can_access(user, case)


def can_edit(user: User, request: MlaRequest) -> bool:
    return user.may("request.draft") and can_read(user, request)


def get_request_for(user: User, request_id: int) -> MlaRequest:
    """The request if the user may see it; RequestError 404 otherwise (never 403)."""
    request = db.session.get(MlaRequest, request_id)
    if request is None or not can_read(user, request):
        raise RequestError(N_("request not found"), status=404)
    return request
