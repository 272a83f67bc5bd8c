"""The request wizard: request kinds, measures, completeness rules and documents."""

from . import eevidence as _eevidence  # noqa: E402  (kinds registered as data on import)

_eevidence.register()
from . import extradition as _extradition  # noqa: E402,F401  (registers its kinds on import)
