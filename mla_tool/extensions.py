"""Flask extensions, created unbound here and bound to the app in create_app.

Flask-Migrate's are `migration_settings`'s, so that only a command that migrates imports Alembic;
Flask-Limiter's is made when first used (the app of a command limits no request).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


class DeferredLimiter:
    """Flask-Limiter's `Limiter`, made (and Flask-Limiter, `limits` and asyncio imported) when an
    attribute is first read: by a page's `@limiter.limit` or the web app's `init_app`."""

    @cached_property
    def limiter(self) -> Any:
        from flask_limiter import Limiter
        from flask_limiter.util import get_remote_address

        return Limiter(key_func=get_remote_address, default_limits=[])

    def __getattr__(self, name: str) -> Any:
        return getattr(self.limiter, name)


limiter = DeferredLimiter()
