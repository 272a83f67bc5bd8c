"""Pages of the request list: the list, a new request, resuming one; the My drafts panel."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.login import permission_required
from ..extensions import db
from ..home.panels import Panel
from .access import EDITABLE_STATUSES
from .drafting import create_request
from .errors import RequestError
from .forms import NewRequestForm
from .kinds import KINDS, request_kind
from .listing import drafts_of, requests_page
from .request_blueprint import bp
from .request_page import error_text, load_request, request_title
from .requesting_side import requesting_side_defaults


def drafts_panel(user: Any) -> list[Panel]:
    if not user.may("request.draft"):
        return []
    rows = [
        {
            "label": request_title(item),
            "url": url_for("requests.resume", request_id=item.id),
            "note": _("returned for correction") if item.status == "returned" else "",
        }
        for item in drafts_of(user)
    ]
    return [
        Panel(
            title=_("My drafts"),
            rows=rows,
            empty_text=_("No draft requests."),
            action_label=_("New request"),
            action_url=url_for("requests.index"),
            order=10,
        )
    ]


@bp.route("/")
@permission_required("request.read")
def index() -> str:
    kind = request.args.get("kind") or None
    status = request.args.get("status") or None
    page = requests_page(
        current_user, kind if kind in KINDS else None, status, request.args.get("cursor")
    )
    args = {k: v for k, v in request.args.items() if k != "cursor" and v}
    return render_template(
        "requests/index.html",
        items=page.items,
        more_url=url_for("requests.index", **args, cursor=page.next_cursor)
        if page.next_cursor
        else None,
        title_of=request_title,
        form=NewRequestForm(),
    )


@bp.route("/new", methods=["POST"])
@permission_required("request.draft")
def new() -> Response:
    form = NewRequestForm()
    if not form.validate_on_submit():
        abort(400)
    fields: dict[str, Any] = {"kind": form.kind.data}
    # the author's state and authority, and the contact of their last request from them
    fields.update(requesting_side_defaults(current_user))
    try:
        created = create_request(current_user, fields, step=request_kind(None).steps[0].code)
    except RequestError as error:
        flash(error_text(error), "error")
        return redirect(url_for("requests.index"))
    db.session.commit()
    first = request_kind(created.kind).steps[0]
    return redirect(url_for("requests.step", request_id=created.id, step_code=first.code))


@bp.route("/<int:request_id>")
@permission_required("request.read")
def resume(request_id: int) -> Response:
    item = load_request(request_id)
    kind = request_kind(item.kind)
    code = item.last_step if item.last_step and kind.step(item.last_step) else kind.steps[0].code
    if item.status not in EDITABLE_STATUSES:
        code = kind.steps[-1].code
    return redirect(url_for("requests.step", request_id=item.id, step_code=code))
