"""The dashboard each role lands on after signing in."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from werkzeug.wrappers import Response

from ..extensions import db
from .panels import panels_for

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    return redirect(url_for("auth.login"))


@bp.route("/dashboard")
@login_required
def dashboard() -> str:
    return render_template("home/dashboard.html", panels=panels_for(current_user))


@bp.route("/healthz")
def healthz() -> dict[str, str]:
    """Liveness for load balancers, and the trivial baseline the benchmarks compare against."""
    return {"status": "ok"}


@bp.route("/readyz")
def readyz() -> tuple[dict[str, str], int]:
    """Readiness: answers 200 only when the database answers (a 503 page otherwise)."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}, 200
