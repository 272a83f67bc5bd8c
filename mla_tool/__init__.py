"""mla_tool: draft, check, send and track requests for cooperation in criminal matters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from .config import Settings
from .extensions import babel, csrf, db, limiter, login_manager, migrate

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """A top-level resource folder (templates, migrations): in the wheel, or beside the package."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def create_app(config: dict[str, Any] | None = None, settings: Settings | None = None) -> Flask:
    """Assemble the application: settings, extensions, blueprints, CLI-facing hooks."""
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(PACKAGE_DIR / "static"),
    )
    settings = settings or Settings.from_environment()
    app.config.update(settings.flask_config())
    app.config["MLA_SETTINGS"] = settings
    if config:
        app.config.update(config)

    if app.config.get("MLA_BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    from .sqlite_file import secure_sqlite_file

    secure_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])  # 0600 before SQLite creates it
    from . import models  # noqa: F401  (registers every table)

    db.init_app(app)
    from .transactions import init_transactions

    init_transactions(app)  # SQLite: WAL, busy timeout, BEGIN IMMEDIATE for writers; 409 on races
    migrate.init_app(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)

    from . import i18n, web
    from .auth import init_login

    init_login(app, login_manager)
    i18n.init_babel(app, babel)
    web.init_web(app)
    from .home.navigation import init_navigation

    init_navigation(app)

    from .api import api_bp
    from .audit.views import bp as audit_bp
    from .auth.users_views import bp as users_bp
    from .auth.views import bp as auth_bp
    from .cases.notifications_views import bp as notifications_bp
    from .cases.views import bp as cases_bp
    from .directory.views import bp as directory_bp
    from .exchange.views import bp as exchange_bp
    from .forms.eevidence_views import bp as eevidence_bp
    from .forms.extradition.views import bp as extradition_bp
    from .forms.views import bp as requests_bp
    from .home.views import bp as home_bp
    from .vault.views import bp as attachments_bp

    page_blueprints = (
        home_bp,
        auth_bp,
        users_bp,
        directory_bp,
        requests_bp,
        eevidence_bp,
        extradition_bp,
        cases_bp,
        notifications_bp,
        attachments_bp,
        exchange_bp,
        audit_bp,
    )
    for blueprint in page_blueprints:
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # the API takes bearer tokens only, never cookies
    app.register_blueprint(api_bp)
    return app
