"""What a case page says after a form: refusals in the reader's words, form errors, back.

Also the case itself for a page, 404 unless the user may see it."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ...i18n import Phrase
from ..access import get_case_for
from ..errors import CaseError
from .blueprint import status_label

#: Why the workflow refused a status change, in words a user reads (the API keeps its codes).
TRANSITION_REFUSALS = {
    "illegal_transition": _l("This case cannot go from “%(from)s” to “%(to)s”."),
    "role_not_allowed": _l("Your role may not move this case from “%(from)s” to “%(to)s”."),
    "reason_required": _l("Moving the case to “%(to)s” needs a reason: write it in the note."),
}
#: Names of the fields the case service reports on, where no form label is at hand.
FIELD_LABELS = {
    "title": _l("Title"),
    "reference": _l("Reference"),
    "counterpart_state": _l("Other state"),
    "on": _l("Date"),
    "respond_by": _l("Reply expected by"),
    "due_on": _l("Due date"),
    "summary": _l("Summary"),
    "note": _l("Note"),
    "label": _l("Label"),
    "remind_days": _l("Remind days before (comma-separated)"),
    "assigned_to": _l("Assign to"),
    "user_id": _l("User"),
}


def _said(text: Any) -> str:
    """A message of the service in the interface language (a Phrase with its parameters)."""
    return text.translated(_) if isinstance(text, Phrase) else _(str(text))


def flash_errors(error: CaseError) -> None:
    """Flash a refusal of the case services: a refused move by its statuses, else the message
    followed by the messages by field."""
    refusal = TRANSITION_REFUSALS.get(getattr(error, "code", ""))
    if refusal is not None and getattr(error, "to_status", None):
        flash(
            str(refusal)
            % {"from": status_label(error.from_status), "to": status_label(error.to_status)},
            "error",
        )
        return
    detail = "; ".join(f"{FIELD_LABELS.get(k, k)}: {_said(v)}" for k, v in error.fields.items())
    flash(_said(error.message) + (f" ({detail})" if detail else ""), "error")


def flash_form_errors(form: Any) -> None:
    for name, messages in form.errors.items():
        label = getattr(getattr(form, name, None), "label", None)
        flash(f"{label.text if label else name}: {'; '.join(map(str, messages))}", "error")


def back(case_id: int, anchor: str = "") -> BaseResponse:
    return redirect(url_for("cases.show", case_id=case_id) + (f"#{anchor}" if anchor else ""))


def case_or_404(case_id: int) -> Any:
    return get_case_for(current_user, case_id)


def require(permission: str) -> None:
    if not current_user.may(permission):
        abort(403)
