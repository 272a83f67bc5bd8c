"""Signing in to pages: Flask-Login's setup (a cookie counts only with its server-side session)
and the `permission_required` guard of every page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, session
from flask_babel import lazy_gettext
from flask_login import LoginManager, current_user

from ..extensions import login_manager as app_login_manager
from .models import User
from .sessions import SESSION_ID_KEY, user_for_session

F = TypeVar("F", bound=Callable[..., Any])


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = lazy_gettext("Please sign in to open this page.")

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The signed cookie alone is not enough: its session must still hold on the server
        # (not signed out, not ended by a password change or an administrator, not expired).
        if not user_id.isdigit():
            return None
        return user_for_session(session.get(SESSION_ID_KEY), int(user_id))


def permission_required(permission: str) -> Callable[[F], F]:
    """Pages: sign-in required, then the role must hold `permission` (403 otherwise)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return app_login_manager.unauthorized()
            if not current_user.may(permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
