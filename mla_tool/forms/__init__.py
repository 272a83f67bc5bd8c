"""The request wizard: request kinds, measures, completeness rules and documents."""

from . import eevidence as _eevidence  # noqa: E402  (kinds registered as data on import)

_eevidence.register()
from .extradition.registration import register as _register_extradition  # noqa: E402

_register_extradition()
