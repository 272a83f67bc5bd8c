"""What every request page needs: the request the reader may see, its title, their language."""

from __future__ import annotations

from flask import abort
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..directory.states import state_name
from ..errors import DomainError
from ..i18n import reading_arrow
from .access import EDITABLE_STATUSES, can_edit, get_request_for
from .errors import RequestError
from .kinds import request_kind
from .models import MlaRequest
from .typed_text import shortened


def ui_language() -> str:
    return str(get_locale() or "en").split("_")[0]


def request_title(item: MlaRequest) -> str:
    subject = (item.data.get("subject") or "").strip().splitlines()
    # a request without a subject (an emergency disclosure has none) is named by its kind
    head = shortened(subject[0], 80, "…") if subject else _(request_kind(item.kind).label)
    language = ui_language()
    target = state_name(item.requested_state, language) if item.requested_state else "…"
    # the subject is the author's text, in any direction: isolated (FSI … PDI), so that an Arabic
    # subject on a French page, or a Latin one on an Arabic page, keeps its own order and does
    # not pull the number, the arrow or the state into it; plain text, so <title> shows it too
    return f"#{item.id} \u2068{head}\u2069 {reading_arrow(language)} {target}"


def load_request(request_id: int) -> MlaRequest:
    """The request if the signed-in user may see it; 404 otherwise, whether or not it exists."""
    try:
        return get_request_for(current_user, request_id)
    except RequestError:
        abort(404)


def editable(item: MlaRequest) -> bool:
    """Whether the signed-in user may change the request as it stands."""
    return item.status in EDITABLE_STATUSES and can_edit(current_user, item)


def error_text(error: DomainError) -> str:
    """A refusal (RequestError, CaseError) in the interface language, with its field details."""
    return error.shown(_, with_fields=True)
