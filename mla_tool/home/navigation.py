"""The main menu: the entries the app's wiring gives it, each shown to the roles holding its
permission, with an optional counter (badge) beside it, counted at most every BADGE_TTL per user."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.routing import BuildError

from ..clock import utcnow

#: How long a menu counter is shown as counted before it is counted again; the user's own
#: changes (any request but GET, HEAD, OPTIONS) count it anew at once. Others' changes, and
#: those made in another process, show within this time.
BADGE_TTL = timedelta(seconds=30)
#: Past this many users' counters, the expired ones are dropped.
BADGE_CACHE_SIZE = 10_000
#: Requests that change nothing, so do not recount the menu.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
    #: The counts last taken, by user id: (when they expire, count by endpoint).
    counted: dict[int, tuple[datetime, dict[str, int]]] = field(default_factory=dict)


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


def _count(counter: Callable[[Any], int]) -> int:
    try:
        return counter(current_user)
    except SQLAlchemyError:
        return 0  # an error page rendered after a database failure still needs its menu


def badge_counts(navigation: Navigation, user_id: int) -> dict[str, int]:
    """The menu's counters for the signed-in user, counted at most every BADGE_TTL."""
    now = utcnow()
    kept = navigation.counted.get(user_id)
    if kept is not None and kept[0] > now:
        return kept[1]
    counts = {endpoint: _count(counter) for endpoint, counter in navigation.badges.items()}
    if len(navigation.counted) >= BADGE_CACHE_SIZE:
        for key, (expires, _counts) in list(navigation.counted.items()):
            if expires <= now:
                navigation.counted.pop(key, None)
    navigation.counted[user_id] = (now + BADGE_TTL, counts)
    return counts


def forget_badges(app: Flask, user_id: int) -> None:
    """Count the user's menu anew on their next page (their own change may have moved it)."""
    app_navigation(app).counted.pop(user_id, None)


def init_navigation(
    app: Flask, entries: Iterable[NavItem], badges: Mapping[str, Callable[[Any], int]]
) -> None:
    """Give the app its menu and the `nav_items` of every page."""
    ordered = sorted(entries, key=lambda entry: entry.order)
    app.extensions[APP_KEY] = Navigation(tuple(ordered), dict(badges))

    @app.after_request
    def recount_after_a_change(response: Any) -> Any:
        if request.method not in READ_ONLY_METHODS and current_user.is_authenticated:
            forget_badges(app, current_user.id)
        return response

    @app.context_processor
    def navigation_context() -> dict[str, Any]:
        items = []
        if current_user and current_user.is_authenticated:
            navigation = app_navigation(current_app)
            counts = badge_counts(navigation, current_user.id) if navigation.badges else {}
            for item in navigation.items:
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
                        "endpoint": item.endpoint,
                        "blueprint": item.endpoint.split(".")[0],
                        "badge": counts.get(item.endpoint, 0),
                    }
                )
        mark_current(items, request.endpoint or "", request.blueprint)
        return {"nav_items": items, "role_label": lambda role: ROLE_LABELS.get(role, role)}


def mark_current(items: list[dict[str, Any]], endpoint: str, blueprint: str | None) -> None:
    """One entry is the current page: the one whose page this is, else the first of its
    blueprint (a case's page is under Cases, not also under Statistics, which shares it)."""
    exact = any(item["endpoint"] == endpoint for item in items)
    found = False
    for item in items:
        if exact:
            item["current"] = item["endpoint"] == endpoint
        else:
            item["current"] = not found and item["blueprint"] == blueprint
        found = found or item["current"]
