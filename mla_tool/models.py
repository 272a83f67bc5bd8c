"""Imports every domain's tables so that the metadata (and Alembic) sees the whole schema."""

from .audit import models as audit_models  # noqa: F401
from .auth import models as auth_models  # noqa: F401
from .cases import models as case_models  # noqa: F401
from .cases import (
    search_models,  # noqa: F401
    stats_aggregates,  # noqa: F401
)
from .cases import transmission_models as transmission_models_  # noqa: F401
from .directory import models as directory_models  # noqa: F401
from .exchange import models as exchange_models  # noqa: F401
from .forms import models as request_models  # noqa: F401
from .forms import translation_models  # noqa: F401
from .forms import version_models as version_marks_models  # noqa: F401
from .vault import models as vault_models  # noqa: F401
