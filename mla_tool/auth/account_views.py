"""The Account page: one's own sign-in sessions, API tokens and password change."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..audit import service as audit_service
from ..extensions import db
from . import service, sessions, tokens
from .forms import PasswordChangeForm
from .login import permission_required
from .models import ApiToken, UserSession, utcnow
from .views import bp


def _account_page(form: PasswordChangeForm, status: int = 200) -> tuple[str, int]:
    current_id = session.get(sessions.SESSION_ID_KEY)
    return (
        render_template(
            "auth/account.html",
            form=form,
            sessions=[
                (row, sessions.is_current(row, current_id))
                for row in sessions.live_sessions_of(current_user)
            ],
            tokens=[(token, tokens.token_state(token)) for token in tokens.tokens_of(current_user)],
        ),
        status,
    )


@bp.route("/account")
@permission_required("account.own")
def account() -> tuple[str, int]:
    return _account_page(PasswordChangeForm())


@bp.route("/account/password", methods=["POST"])
@permission_required("account.own")
def change_password() -> Response | tuple[str, int]:
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return _account_page(form, 422)
    try:
        ended = service.change_own_password(
            current_user,
            form.current.data or "",
            form.new.data or "",
            keep_session=session.get(sessions.SESSION_ID_KEY),
        )
    except service.UserError:
        db.session.rollback()
        form.current.errors = [_("The current password is not right, or the new one is the same.")]
        return _account_page(form, 422)
    # this browser goes on under a new session id, so a copy of its cookie stops working too
    sessions.end_session(session.get(sessions.SESSION_ID_KEY))
    session[sessions.SESSION_ID_KEY] = sessions.start_session(current_user)
    db.session.commit()
    flash(_("Password changed. Sessions signed out elsewhere: %(count)s.", count=ended), "success")
    return redirect(url_for("auth.account"))


def _own_session(session_id: int) -> UserSession:
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    return row


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@permission_required("account.own")
def end_session(session_id: int) -> Response:
    row = _own_session(session_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit_service.record("user.session_ended", "user", current_user.id, {"session": row.id})
    db.session.commit()
    flash(_("The session was ended."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@permission_required("account.own")
def end_other_sessions() -> Response:
    ended = sessions.end_sessions_of(current_user, keep=session.get(sessions.SESSION_ID_KEY))
    audit_service.record("user.sessions_ended", "user", current_user.id, {"count": ended})
    db.session.commit()
    flash(_("Sessions signed out elsewhere: %(count)s.", count=ended), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@permission_required("account.own")
def revoke_token(token_id: int) -> Response:
    token = db.session.get(ApiToken, token_id)
    if token is None or not tokens.may_manage_token(current_user, token):
        abort(404)
    tokens.revoke_token(token, actor=current_user)
    db.session.commit()
    flash(_("The token was revoked."), "success")
    if token.user_id != current_user.id:
        return redirect(url_for("users.index"))
    return redirect(url_for("auth.account"))
