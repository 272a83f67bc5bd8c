"""Saving a step's input: the version the page was filled from, a refusal, where to go next."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..extensions import db
from .drafting import update_request
from .errors import RequestError
from .fieldspec import N_
from .kinds import RequestKind, Step
from .models import MlaRequest
from .request_page import error_text
from .step_context import next_step

#: A save over a version someone else saved meanwhile (the user's input stays in the form).
SAVED_MEANWHILE = N_(
    "Someone else saved this request while you were editing it: nothing of yours was saved. "
    "Your input is still in the form: check the request and save again."
)


def seen_version(item: MlaRequest) -> int:
    """The version the page was filled from (the form sends it back), else the stored one."""
    posted = request.form.get("version", "") if request.method == "POST" else ""
    return int(posted) if posted.isdigit() else item.version


def save_step(item: MlaRequest, changes: dict[str, Any], step: Step) -> RequestError | None:
    """Save the step's changes and commit; the refusal (rolled back) if the service refused."""
    try:
        # the version read here is the one update_request compares-and-sets in SQL
        if seen_version(item) != item.version:
            raise RequestError(SAVED_MEANWHILE, {"version": SAVED_MEANWHILE}, 409)
        update_request(item, changes, current_user, step=step.code)
    except RequestError as error:
        db.session.rollback()
        return error
    db.session.commit()
    return None


def flash_refusal(error: RequestError) -> int:
    """Flash why a save was refused; the page's status: 409 for a conflict, else 422."""
    if error.status == 409 and "version" in error.fields:
        flash(_(SAVED_MEANWHILE), "error")
    else:
        flash(error_text(error), "error")
    return 409 if error.status == 409 else 422


def after_save(item: MlaRequest, kind: RequestKind, step: Step) -> Response:
    """Saved: stay on the step, or go to the next one or the one the user chose."""
    target = step
    if request.form.get("go") == "next":
        target = next_step(kind, step) or step
    elif request.form.get("go", "").startswith("step:"):
        target = kind.step(request.form["go"][5:]) or step
    flash(_("Saved."), "success")
    return redirect(url_for("requests.step", request_id=item.id, step_code=target.code))


def render_step(context: dict[str, Any], status: int = 200) -> tuple[str, int]:
    return render_template("requests/step.html", **context), status
