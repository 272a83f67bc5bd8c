"""The main menu: the entries the app's wiring gives it, each shown to the roles holding its
permission, with an optional counter (badge) beside it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, url_for
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


@dataclass(frozen=True)
class Navigation:
    """One app's menu: its entries in menu order and the badge counters by endpoint."""

    items: tuple[NavItem, ...]
    #: Counters shown as a badge next to a menu entry (by endpoint), e.g. unread notifications.
    badges: Mapping[str, Callable[[Any], int]] = field(default_factory=dict)


#: Where an app keeps its `Navigation`.
APP_KEY = "mla_navigation"

ROLE_LABELS = {
    "prosecutor": _l("Prosecutor"),
    "caseworker": _l("Central-authority caseworker"),
    "maintainer": _l("Directory maintainer"),
    "admin": _l("Administrator"),
    "auditor": _l("Auditor"),
}


def app_navigation(app: Flask) -> Navigation:
    return app.extensions[APP_KEY]  # type: ignore[no-any-return]


def _badge(endpoint: str) -> int:
    counter = app_navigation(current_app).badges.get(endpoint)
    if counter is None:
        return 0
    try:
        return counter(current_user)
    except SQLAlchemyError:
        return 0  # an error page rendered after a database failure still needs its menu


def init_navigation(
    app: Flask, entries: Iterable[NavItem], badges: Mapping[str, Callable[[Any], int]]
) -> None:
    """Give the app its menu and the `nav_items` of every page."""
    ordered = sorted(entries, key=lambda entry: entry.order)
    app.extensions[APP_KEY] = Navigation(tuple(ordered), dict(badges))

    @app.context_processor
    def navigation_context() -> dict[str, Any]:
        items = []
        if current_user and current_user.is_authenticated:
            for item in app_navigation(current_app).items:
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
