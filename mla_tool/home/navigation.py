"""The main menu: domains add entries, each shown to the roles holding its permission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.routing import BuildError


@dataclass(frozen=True)
class NavItem:
    label: Any
    endpoint: str
    permission: str
    order: int = 50


NAV_ITEMS: list[NavItem] = []
#: Counters shown as a badge next to a menu entry (by endpoint), e.g. unread notifications.
NAV_BADGES: dict[str, Callable[[Any], int]] = {}

ROLE_LABELS = {
    "prosecutor": _l("Prosecutor"),
    "caseworker": _l("Central-authority caseworker"),
    "maintainer": _l("Directory maintainer"),
    "admin": _l("Administrator"),
    "auditor": _l("Auditor"),
}


def add_nav_item(item: NavItem) -> None:
    if all(existing.endpoint != item.endpoint for existing in NAV_ITEMS):
        NAV_ITEMS.append(item)


def add_nav_badge(endpoint: str, counter: Callable[[Any], int]) -> None:
    NAV_BADGES[endpoint] = counter


def _badge(endpoint: str) -> int:
    counter = NAV_BADGES.get(endpoint)
    if counter is None:
        return 0
    try:
        return counter(current_user)
    except SQLAlchemyError:
        return 0  # an error page rendered after a database failure still needs its menu


def init_navigation(app: Flask) -> None:
    @app.context_processor
    def navigation_context() -> dict[str, Any]:
        items = []
        if current_user and current_user.is_authenticated:
            for item in sorted(NAV_ITEMS, key=lambda entry: entry.order):
                if not current_user.may(item.permission):
                    continue
                try:
                    url = url_for(item.endpoint)
                except BuildError:
                    continue
                items.append(
                    {
                        "label": item.label,
                        "url": url,
                        "blueprint": item.endpoint.split(".")[0],
                        "badge": _badge(item.endpoint),
                    }
                )
        return {"nav_items": items, "role_label": lambda role: ROLE_LABELS.get(role, role)}
