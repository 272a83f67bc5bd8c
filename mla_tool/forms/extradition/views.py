"""Pages of provisional arrest on a case: the panel, recording the arrest, the conversion into
the formal request and the start of a provisional arrest from the formal request."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField
from wtforms.validators import DataRequired

from ...auth.login import permission_required
from ...cases.access import get_case_for
from ...cases.errors import CaseError
from ...cases.models import Case
from ...extensions import db
from ..access import get_request_for
from ..errors import RequestError
from ..request_page import error_text
from . import actions

bp = Blueprint("extradition", __name__)


class ArrestForm(FlaskForm):
    arrested_on = DateField(_l("Date of the arrest"), validators=[DataRequired()])


class ConvertForm(FlaskForm):
    """CSRF only."""


def extradition_case_panel(case: Case) -> dict[str, Any] | None:
    """The case page's provisional-arrest panel as plain data, with its forms."""
    panel = actions.case_panel(case)
    if panel is None:
        return None
    if "time_limit_source" in panel:
        panel["time_limit_source"] = _(panel["time_limit_source"])
    panel["arrest_form"] = ArrestForm()
    panel["convert_form"] = ConvertForm()
    panel["can_record"] = current_user.may("case.write")
    panel["can_convert"] = current_user.may("request.draft")
    return panel


@bp.route("/cases/<int:case_id>/arrest", methods=["POST"])
@permission_required("case.read")
def record_arrest(case_id: int) -> Response:
    case = get_case_for(current_user, case_id)
    if not current_user.may("case.write"):
        abort(403)
    form = ArrestForm()
    target = url_for("cases.show", case_id=case.id) + "#extradition"
    if not form.validate_on_submit():
        flash(_("Give the date of the arrest (YYYY-MM-DD)."), "error")
        return redirect(target)
    try:
        deadline = actions.record_arrest(case, form.arrested_on.data, current_user)
    except CaseError as error:
        db.session.rollback()
        flash(error_text(error), "error")
        return redirect(target)
    db.session.commit()
    flash(
        _("Arrest recorded: the formal request is due by %(date)s.", date=deadline.due_on),
        "success",
    )
    return redirect(target)


def _make_from(request_id: int, make: Any, made: str, step: str) -> Response:
    """Make a request from another (`make(request, user)`), then open it at `step`; on refusal
    back to the case (or the request) with the reason."""
    try:
        item = get_request_for(current_user, request_id)
    except RequestError:
        abort(404)
    if not ConvertForm().validate_on_submit():
        abort(400)
    back = (
        url_for("cases.show", case_id=item.case_id) + "#extradition"
        if item.case_id
        else url_for("requests.step", request_id=item.id, step_code="review")
    )
    try:
        new = make(item, current_user)
    except RequestError as error:
        db.session.rollback()
        flash(error_text(error), "error")
        return redirect(back)
    db.session.commit()
    flash(made, "success")
    return redirect(url_for("requests.step", request_id=new.id, step_code=step))


@bp.route("/requests/<int:request_id>/convert", methods=["POST"])
@permission_required("request.draft")
def convert(request_id: int) -> Response:
    return _make_from(
        request_id,
        actions.convert_to_extradition,
        _("The formal extradition request was prepared from the provisional-arrest request."),
        "assurances",
    )


@bp.route("/requests/<int:request_id>/provisional-arrest", methods=["POST"])
@permission_required("request.draft")
def start_provisional_arrest(request_id: int) -> Response:
    """Start a provisional-arrest request from the formal request, in the same case."""
    return _make_from(
        request_id,
        actions.start_provisional_arrest,
        _("A provisional-arrest request was prepared from the formal extradition request."),
        "provisional",
    )
