"""Case-page forms that write to the timeline: status change, note, letter, deadline…

Also a consultation, a request for information, and a deadline met."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ...auth.login import permission_required
from ...extensions import db
from .. import correspondence, deadlines, timeline, transitions
from ..errors import CaseError, TransitionError
from ..forms import (
    ConsultationForm,
    CorrespondenceForm,
    DeadlineForm,
    EmptyForm,
    InfoRequestForm,
    NoteForm,
    TransitionForm,
)
from ..review import comments_from_rows, comments_from_text
from ..transmission import MOVES_WITH_OWN_FORM
from .blueprint import bp, status_label
from .case_page import TYPED_FORMS, case_page
from .outcome import back, case_or_404, flash_errors, flash_form_errors, require


def post_action(
    case_id: int,
    permission: str,
    form_class: type,
    action: Callable[[Any, Any], Any],
    success: str,
    anchor: str,
) -> BaseResponse:
    """Shared shape of the case-page forms: 404 unless visible, 403 unless allowed, validate,
    call the service, commit or roll back and flash the outcome."""
    case = case_or_404(case_id)
    require(permission)
    form = form_class()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _refused(case.id, form, anchor, 422)
    try:
        action(case, form)
    except CaseError as error:
        db.session.rollback()
        flash_errors(error)
        return _refused(case.id, form, anchor, error.status)
    db.session.commit()
    flash(success, "success")
    return back(case.id, anchor)


def _refused(case_id: int, form: Any, anchor: str, status: int) -> Any:
    """A refused form that holds typed text: the page again, the form as sent (nothing typed is
    lost); any other (a button, a choice): back to the page."""
    if type(form) in TYPED_FORMS:
        return case_page(case_id, typed=form), status
    return back(case_id, anchor)


class StatusChanged(Exception):
    """The case's status is no longer the one the page showed."""


@bp.route("/<int:case_id>/transition", methods=["POST"])
@permission_required("case.read")
def transition(case_id: int) -> Any:
    if request.form.get("to") in MOVES_WITH_OWN_FORM:  # asks for what it records: its own form
        case_or_404(case_id)
        flash(
            _(
                "A transmission is recorded with its date, channel and reference: "
                "use the form below."
            ),
            "error",
        )
        return back(case_id, "transmission")

    def act(case: Any, form: TransitionForm) -> None:
        comments = {
            **comments_from_text(form.field_comments.data),
            **comments_from_rows(request.form),
        }
        details: dict[str, Any] = {"field_comments": comments} if comments else {}
        if request.form.get("refusal_ground"):
            details["refusal_ground"] = request.form["refusal_ground"]
        # the status the page showed: a move made meanwhile by someone else is not built upon
        seen = request.form.get("from_status") or None
        try:
            transitions.transition(
                case,
                form.to.data,
                current_user,
                note=form.note.data,
                details=details or None,
                expected_status=seen,
            )
        except TransitionError as error:
            if error.code == "status_changed":
                raise StatusChanged() from error
            raise

    try:
        return post_action(
            case_id, "case.read", TransitionForm, act, _("Status changed."), "timeline"
        )
    except StatusChanged:
        db.session.rollback()
        case = case_or_404(case_id)
        flash(
            _(
                "While you had this page open, someone else moved the case to “%(now)s”: "
                "nothing was changed. Check its current status below and choose again.",
                now=status_label(case.status),
            ),
            "error",
        )
        return case_page(case_id, typed=TransitionForm()), 409


@bp.route("/<int:case_id>/notes", methods=["POST"])
@permission_required("case.read")
def add_note(case_id: int) -> BaseResponse:
    return post_action(
        case_id,
        "case.write",
        NoteForm,
        lambda case, form: timeline.add_event(case, "note", current_user, note=form.note.data),
        _("Note added."),
        "timeline",
    )


@bp.route("/<int:case_id>/correspondence", methods=["POST"])
@permission_required("case.read")
def add_correspondence(case_id: int) -> BaseResponse:
    return post_action(
        case_id,
        "case.write",
        CorrespondenceForm,
        lambda case, form: correspondence.record_correspondence(
            case,
            current_user,
            way=form.way.data,
            channel=form.channel.data,
            on=form.on.data,
            summary=form.summary.data,
        ),
        _("Correspondence recorded."),
        "timeline",
    )


@bp.route("/<int:case_id>/consultations", methods=["POST"])
@permission_required("case.read")
def add_consultation(case_id: int) -> BaseResponse:
    return post_action(
        case_id,
        "case.write",
        ConsultationForm,
        lambda case, form: correspondence.record_consultation(
            case,
            current_user,
            basis=form.basis.data,
            with_whom=form.with_whom.data,
            on=form.on.data,
            summary=form.summary.data,
        ),
        _("Consultation recorded."),
        "timeline",
    )


@bp.route("/<int:case_id>/info-requests", methods=["POST"])
@permission_required("case.read")
def add_info_request(case_id: int) -> BaseResponse:
    return post_action(
        case_id,
        "case.write",
        InfoRequestForm,
        lambda case, form: correspondence.record_info_request(
            case,
            current_user,
            way=form.way.data,
            on=form.on.data,
            summary=form.summary.data,
            respond_by=form.respond_by.data,
        ),
        _("Request for information recorded."),
        "timeline",
    )


def _remind_days(text: str | None) -> list[int]:
    return [int(part) for part in (text or "").replace(" ", "").split(",") if part]


@bp.route("/<int:case_id>/deadlines", methods=["POST"])
@permission_required("case.read")
def add_deadline(case_id: int) -> BaseResponse:
    return post_action(
        case_id,
        "case.write",
        DeadlineForm,
        lambda case, form: deadlines.add_deadline(
            case,
            kind=form.kind.data,
            due_on=form.due_on.data,
            label=form.label.data or "",
            remind_days=_remind_days(form.remind_days.data),
            actor=current_user,
        ),
        _("Deadline added."),
        "deadlines",
    )


@bp.route("/<int:case_id>/deadlines/<int:deadline_id>/done", methods=["POST"])
@permission_required("case.read")
def complete_deadline(case_id: int, deadline_id: int) -> BaseResponse:
    return post_action(
        case_id,
        "case.write",
        EmptyForm,
        lambda case, form: deadlines.complete_deadline(
            deadlines.deadline_of(case, deadline_id), current_user
        ),
        _("Deadline met."),
        "deadlines",
    )
