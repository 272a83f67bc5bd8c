"""The request wizard: request kinds, measures, completeness rules and documents."""

from .eevidence.registration import register as _register_eevidence  # noqa: E402

_register_eevidence()
from .extradition.registration import register as _register_extradition  # noqa: E402

_register_extradition()
