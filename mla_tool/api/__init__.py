"""The JSON API blueprint (`/api/v1`): endpoints of every domain and the OpenAPI document."""

from __future__ import annotations

from .errors import ApiError
from .routing import api_bp, api_route

__all__ = ["ApiError", "api_bp", "api_route"]

# Domains register their endpoints on import; the order is the order of the OpenAPI document.
from ..audit import api as _audit_api  # noqa: E402,F401
from ..auth import api as _auth_api  # noqa: E402,F401
from ..cases import api as _cases_api  # noqa: E402,F401
from ..directory import api as _directory_api  # noqa: E402,F401
from ..exchange import api as _exchange_api  # noqa: E402,F401
from ..forms import api as _requests_api  # noqa: E402,F401
from ..vault import api as _vault_api  # noqa: E402,F401
from . import core  # noqa: E402,F401
