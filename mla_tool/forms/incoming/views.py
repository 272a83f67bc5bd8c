"""The page registering an incoming request with its documents (the body is parsed into
encrypted parts before anything else reads it: no clear copy of a document reaches the disk)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import ValidationError, validate_csrf
from werkzeug.wrappers import Response

from ...auth.login import permission_required
from ...extensions import db
from ...request_kinds import KIND_LABELS
from ...vault.upload_parsing import parse_files
from ...vault.uploads import UploadError
from ..errors import RequestError
from ..request_blueprint import bp
from ..request_page import error_text, ui_language
from .due_dates import INCOMING_DUE_DAYS, due_days
from .forms import IncomingForm
from .registration import parse_registration, register_incoming

TEMPLATE = "requests/incoming_new.html"


def _page(form: IncomingForm, status: int = 200) -> tuple[str, int]:
    hint = ", ".join(
        _("%(kind)s: %(days)s days", kind=_(KIND_LABELS[code]), days=due_days(code))
        for code in INCOMING_DUE_DAYS
        if code in KIND_LABELS
    )
    return render_template(TEMPLATE, form=form, due_hint=hint), status


@bp.route("/incoming/new", methods=["GET"])
@permission_required("case.register_incoming")
def incoming_new() -> tuple[str, int]:
    form = IncomingForm()
    form.fill_choices(current_user, ui_language())
    return _page(form)


# exempt from the global CSRF check (wiring.CSRF_EXEMPT_VIEWS): the check would parse the body
# into a clear temporary file; the token is checked on the parsed form instead
@bp.route("/incoming/new", methods=["POST"])
@permission_required("case.register_incoming")
def incoming_register() -> Response | tuple[str, int]:
    try:
        parsed = parse_files(
            request.stream, request.mimetype, request.content_length, request.mimetype_params
        )
    except UploadError as error:
        if error.status == 413:
            abort(413, error.message)
        form = IncomingForm()
        form.fill_choices(current_user, ui_language())
        flash(
            _("The documents could not be received: %(reason)s", reason=_(error.message)), "error"
        )
        return _page(form, error.status)
    try:
        validate_csrf(parsed.form.get("csrf_token"))
    except ValidationError:
        parsed.discard()
        abort(400, _("The form has expired; reload the page and try again."))
    form = IncomingForm(formdata=parsed.form)
    form.fill_choices(current_user, ui_language())
    if not form.validate():
        parsed.discard()
        return _page(form, 422)
    try:
        registered = register_incoming(
            current_user, parse_registration(form.registration()), parsed.files
        )
        db.session.commit()
    except RequestError as error:
        db.session.rollback()
        parsed.discard()
        flash(error_text(error), "error")
        return _page(form, error.status if error.status != 409 else 422)
    except BaseException:
        db.session.rollback()
        parsed.discard()
        raise
    for incoming in parsed.files:
        incoming.close()
    flash(
        ngettext(
            "Incoming request registered with %(num)d document, encrypted.",
            "Incoming request registered with %(num)d documents, encrypted.",
            len(registered.attachments),
        ),
        "success",
    )
    return redirect(url_for("cases.show", case_id=registered.case.id))
