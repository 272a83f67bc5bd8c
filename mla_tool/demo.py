"""Sample data for trying the tool: one user per role, then each domain's sample records."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select

from .auth import service as auth_service
from .auth.models import User
from .auth.roles import ROLES
from .extensions import db

DEMO_EMAIL_DOMAIN = "demo.mla-tool.example"
DEMO_COUNTRY = "FRA"

#: A domain's loader runs after the users exist; it takes the demo users by role and returns
#: a summary line.
DemoLoader = Callable[[dict[str, User]], str]

#: Where an app keeps its loaders, in the order the wiring lists them.
APP_KEY = "mla_demo_loaders"


def init_demo(app: Flask, loaders: Iterable[DemoLoader]) -> None:
    app.extensions[APP_KEY] = tuple(loaders)


def demo_email(role: str) -> str:
    return f"{role}@{DEMO_EMAIL_DOMAIN}"


def load_demo() -> dict[str, Any]:
    """Create sample users (new passwords for new users only) and the domains' sample data."""
    created: dict[str, str] = {}
    users: dict[str, User] = {}
    for role in ROLES:
        user = auth_service.find_user_by_email(demo_email(role))
        if user is None:
            password = secrets.token_urlsafe(12)
            user = auth_service.create_user(
                demo_email(role),
                password,
                role,
                country_iso3=DEMO_COUNTRY,
                display_name=f"Sample {role}",
                is_sample=True,
            )
            created[role] = password
        users[role] = user
    db.session.flush()
    summaries = [loader(users) for loader in current_app.extensions[APP_KEY]]
    db.session.commit()
    return {"passwords": created, "summaries": [s for s in summaries if s]}


def sample_users() -> list[User]:
    return list(db.session.execute(select(User).where(User.is_sample.is_(True))).scalars())
