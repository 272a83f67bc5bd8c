"""Imports every domain's tables so that the metadata (and Alembic) sees the whole schema."""

from .audit import models as audit_models  # noqa: F401
from .auth import models as auth_models  # noqa: F401
