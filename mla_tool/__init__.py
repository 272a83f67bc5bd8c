"""mla_tool: draft, check, send and track requests for cooperation in criminal matters."""

from __future__ import annotations

from typing import Any

from flask import Flask

from .config import Settings
from .resources import PACKAGE_DIR, resource_dir

__all__ = ["PACKAGE_DIR", "create_app", "resource_dir"]


def create_app(
    config: dict[str, Any] | None = None, settings: Settings | None = None, *, pages: bool = True
) -> Flask:
    """Assemble the application: settings, extensions, the domains' kinds, reactions and sample
    data (`domain_wiring`), then the pages and API (`wiring`). `pages=False` makes the app of a
    command, which needs no page, API, menu or panel: it imports none of their modules.
    The domains are imported here, not with the package, so that a command line that only
    lists its commands does not load them."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from . import (
        i18n,
        models,  # noqa: F401  (every domain's tables, for the metadata)
        web,
    )
    from .auth.login import init_login
    from .domain_wiring import wire_domains
    from .extensions import babel, csrf, db, limiter, login_manager
    from .migration_settings import MigrationSettings
    from .sqlite_file import secure_sqlite_file
    from .transactions import init_transactions
    from .url_rules import LazyBuilderRule

    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(PACKAGE_DIR / "static"),
    )
    settings = settings or Settings.from_environment()
    app.config.update(settings.flask_config())
    app.url_rule_class = LazyBuilderRule  # URL builders compiled when first used
    app.config["MLA_SETTINGS"] = settings
    if config:
        app.config.update(config)

    if app.config.get("MLA_BEHIND_PROXY"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    secure_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])  # 0600 before SQLite creates it
    db.init_app(app)
    init_transactions(app)  # SQLite: WAL, busy timeout, BEGIN IMMEDIATE for writers; 409 on races
    # Flask-Migrate's settings; it and Alembic are imported when a migration runs
    app.extensions["migrate"] = MigrationSettings(
        db, str(resource_dir("migrations")), render_as_batch=True
    )
    csrf.init_app(app)
    if pages:  # the app of a command answers no request to limit
        limiter.init_app(app)

    init_login(app, login_manager)
    i18n.init_babel(app, babel)
    web.init_web(app)
    wire_domains(app)  # request kinds, reactions, hooks, sample data
    if pages:
        from .wiring import wire

        wire(app)  # pages, API, menu, dashboard panels, template helpers
    return app
