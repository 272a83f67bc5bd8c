"""The administrator's Users page: every user's live sessions (end them) and API tokens
(revoke them)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..audit import service as audit_service
from ..extensions import db
from . import sessions, tokens
from .login import permission_required
from .models import User

bp = Blueprint("users", __name__, url_prefix="/account/users")


@bp.route("")
@permission_required("users.manage")
def index() -> str:
    people = list(db.session.execute(select(User).order_by(User.email)).scalars())
    return render_template(
        "auth/users.html",
        people=[
            (
                person,
                len(sessions.live_sessions_of(person)),
                [(token, tokens.token_state(token)) for token in tokens.tokens_of(person)],
            )
            for person in people
        ],
    )


@bp.route("/<int:user_id>/end-sessions", methods=["POST"])
@permission_required("users.manage")
def end_sessions(user_id: int) -> Response:
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    keep = session.get(sessions.SESSION_ID_KEY) if person.id == current_user.id else None
    ended = sessions.end_sessions_of(person, keep=keep)
    audit_service.record("user.sessions_ended", "user", person.id, {"count": ended})
    db.session.commit()
    flash(_("Sessions ended: %(count)s.", count=ended), "success")
    return redirect(url_for("users.index"))
