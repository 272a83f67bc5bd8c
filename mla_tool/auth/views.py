"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..audit import service as audit_service
from ..extensions import db, limiter
from . import service
from .forms import LanguageForm, LoginForm
from .models import utcnow
from .sessions import SESSION_ID_KEY, end_session, start_session

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("home.dashboard")


def _login_limit() -> str:
    return str(current_app.config["MLA_LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data or "", form.password.data or "")
        if (
            user is not None
            and user.totp_secret
            and not service.consume_totp_code(user, form.totp.data or "")
        ):
            user = None
        if user is None:
            audit_service.record("auth.login_failed", "user", None, {"email": form.email.data})
            db.session.commit()
            flash(_("Email or password is not right."), "error")
            return render_template("auth/login.html", form=form), 401
        session.clear()
        session.permanent = True
        session[SESSION_ID_KEY] = start_session(user)
        login_user(user)
        user.last_login_at = utcnow()
        audit_service.record("auth.login", "user", user.id, {}, actor=user)
        db.session.commit()
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    audit_service.record("auth.logout", "user", current_user.id, {})
    end_session(session.get(SESSION_ID_KEY))
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            service.set_locale(current_user, form.lang.data or "en")
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))
