"""The blueprint of the request pages (`/requests`): each request page module adds its own."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("requests", __name__, url_prefix="/requests")
