"""Actions on a request from its pages: submit, review, duplicate, restore a version, dismiss a
finding."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from ..auth.login import permission_required
from ..cases.errors import TransitionError
from ..cases.review import comments_from_rows
from ..extensions import db
from . import dismissals
from .drafting import duplicate_request
from .errors import RequestError
from .fieldspec import N_
from .forms import ActionForm
from .kinds import request_kind
from .listing import requests_of_case
from .request_blueprint import bp
from .request_page import error_text, load_request, request_title
from .request_review import (
    REQUEST_REVIEW,
    REQUEST_REVIEWERS,
    awaits_own_review,
    field_choices,
    review_request,
)
from .return_notice import returned_version
from .review_page import review_step
from .submission import submit_request
from .versions import restore_version


@bp.route("/<int:request_id>/submit", methods=["POST"])
@permission_required("request.draft")
def submit(request_id: int) -> Any:
    item = load_request(request_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        submit_request(item, current_user, note=request.form.get("note") or None)
    except RequestError as error:
        db.session.rollback()
        flash(error_text(error), "error")
        # the review page again, with the note as typed: a redirect would lose it
        kind = request_kind(item.kind)
        review = next(step for step in kind.steps if step.layout == "review")
        return review_step(item, kind, review, request.form.get("note") or "", error.status)
    db.session.commit()
    flash(_("Submitted to the central authority for review."), "success")
    return redirect(url_for("requests.step", request_id=item.id, step_code="review"))


@bp.route("/<int:request_id>/review", methods=["POST"])
@permission_required("request.read")
def review(request_id: int) -> Response:
    """The central authority's decision on a request filed in a case that is past review."""
    item = load_request(request_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    decision = request.form.get("decision", "")
    if decision == "transmitted":  # sending is recorded by the case page's transmission form
        return redirect(transmission_form_url(item))
    try:
        comments = comments_from_rows(request.form) if decision == "return" else {}
        review_request(item, current_user, decision, request.form.get("note"), comments)
    except (RequestError, TransitionError, StaleDataError) as error:
        # a lost race (someone decided or moved the case first) comes back to the page with
        # what happened, never as a bare 409; the API answers 409
        db.session.rollback()
        if getattr(error, "status", None) == 403:
            abort(403)
        flash(review_refusal(error), "error")
    else:
        db.session.commit()
        flash(_(REVIEW_DONE[decision]), "success")
    return redirect(url_for("cases.show", case_id=item.case_id) + "#case-requests")


def transmission_form_url(item: Any) -> str:
    """The case page's transmission form with this request (alone) chosen to go."""
    return url_for("cases.show", case_id=item.case_id, transmit=item.id) + "#move-transmitted"


#: What the case page says after a decision on a request.
REVIEW_DONE = {
    "approve": N_("Request approved."),
    "return": N_("Request returned to its author for correction."),
}
#: What it says when the request or its case changed between the page and the decision.
REVIEW_LOST_RACE = N_(
    "Someone else decided on this request or moved its case while you were reading it; "
    "nothing was saved. Here it is as it stands now."
)


def review_refusal(error: Exception) -> str:
    """A refused decision in the reader's words: a lost race, or the refusal with its fields."""
    if isinstance(error, StaleDataError) or (
        isinstance(error, RequestError) and error.status == 409
    ):
        return _(REVIEW_LOST_RACE)
    return error_text(error)  # type: ignore[arg-type]


def case_requests(case: Any) -> list[dict[str, Any]]:
    """The requests filed in a case, with the decisions the signed-in user may give on each."""
    if case is None or not current_user.is_authenticated:
        return []
    reviewer = current_user.role in REQUEST_REVIEWERS
    rows = []
    for item in requests_of_case(case.id):
        own_review = awaits_own_review(item, case)
        decisions = []
        if reviewer and own_review:
            decisions = [
                code for code, (source, _t, _r) in REQUEST_REVIEW.items() if source == item.status
            ]
        rows.append(
            {
                "id": item.id,
                "title": request_title(item),
                "kind": request_kind(item.kind).label,
                "status": item.status,
                "own_review": own_review,
                "decisions": decisions,
                # a return may comment on fields; what changed since the last return
                "fields": field_choices(item.kind) if "return" in decisions else [],
                "returned_version": returned_version(item),
                "transmit_url": transmission_form_url(item) if "transmitted" in decisions else None,
            }
        )
    return rows


@bp.route("/<int:request_id>/duplicate", methods=["POST"])
@permission_required("request.draft")
def duplicate(request_id: int) -> Response:
    item = load_request(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    target = (request.form.get("requested_state") or "").strip().upper() or None
    try:
        copy = duplicate_request(item, current_user, target)
    except RequestError as error:
        db.session.rollback()
        flash(error_text(error), "error")
        return redirect(url_for("requests.step", request_id=item.id, step_code="review"))
    db.session.commit()
    flash(_("A copy was made: choose the requested state and its authority."), "success")
    return redirect(url_for("requests.step", request_id=copy.id, step_code="requested"))


@bp.route("/<int:request_id>/versions/<int:number>/restore", methods=["POST"])
@permission_required("request.draft")
def restore(request_id: int, number: int) -> Response:
    item = load_request(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        restore_version(item, number, current_user)
    except RequestError as error:
        db.session.rollback()
        flash(error_text(error), "error")
        return redirect(url_for("requests.versions", request_id=item.id))
    db.session.commit()
    flash(_("Version %(number)s restored as a new version.", number=number), "success")
    return redirect(url_for("requests.step", request_id=item.id, step_code="review"))


#: The review step's buttons on a finding: dismiss it for its field, or undo that.
FINDING_ACTIONS = {
    "dismiss": (dismissals.dismiss_finding, N_("Dismissed for this field.")),
    "restore": (dismissals.restore_finding, N_("Reported again.")),
}


@bp.route("/<int:request_id>/findings", methods=["POST"])
@permission_required("request.draft")
def finding(request_id: int) -> Response:
    item = load_request(request_id)
    # named "change": an input named "action" would hide the form's own action in the browser
    action = FINDING_ACTIONS.get(request.form.get("change", ""))
    if not ActionForm().validate_on_submit() or action is None:
        abort(400)
    change, done = action
    try:
        change(item, request.form.get("rule", ""), request.form.get("field", ""), current_user)
    except RequestError as error:
        db.session.rollback()
        flash(error_text(error), "error")
    else:
        db.session.commit()
        flash(_(done), "success")
    return redirect(url_for("requests.step", request_id=item.id, step_code="review"))
