"""Opening a case: an outgoing request being drafted or an incoming one registered."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ...auth.login import permission_required
from ...extensions import db
from ..correspondence import record_correspondence
from ..dates import today
from ..errors import CaseError
from ..forms import CaseForm
from ..membership import assign, colleague_or_refuse, colleagues_to_assign
from ..models import DIRECTIONS
from ..opening import open_case
from .blueprint import bp
from .outcome import back, flash_errors, flash_form_errors, require


@bp.route("/new", methods=["GET", "POST"])
@permission_required("case.create")
def new() -> str | BaseResponse:
    direction = request.values.get("direction", "outgoing")
    if direction not in DIRECTIONS:
        abort(404)
    if direction == "incoming":
        require("case.register_incoming")
    form = CaseForm(direction=direction)
    form.fill_choices(str(get_locale() or "en"))
    people = colleagues_to_assign(current_user)
    form.assigned_to.choices = [("", _("— not yet —"))] + [
        (str(u.id), u.display_name or u.email) for u in people
    ]
    if form.validate_on_submit():
        try:
            case = open_case(
                direction=direction,
                kind=form.kind.data,
                counterpart_state=form.counterpart_state.data,
                title=form.title.data,
                actor=current_user,
                reference=form.reference.data,
                due_date=form.due_date.data,
                confidential=form.confidential.data,
            )
            if direction == "incoming":
                record_correspondence(
                    case,
                    current_user,
                    way="received",
                    channel=form.channel.data or "central_authority",
                    on=form.received_on.data or today(),
                    summary=_("Request received and registered."),
                )
            if form.assigned_to.data:
                assign(
                    case,
                    colleague_or_refuse(case, form.assigned_to.data, "assigned_to"),
                    current_user,
                )
        except CaseError as error:
            db.session.rollback()
            flash_errors(error)
        else:
            db.session.commit()
            flash(_("Case opened."), "success")
            return back(case.id)
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template("cases/new.html", form=form, direction=direction)
