"""The codes of the e-evidence kinds, the directory functions that receive them, the periods."""

from __future__ import annotations

# the codes themselves are rows of the kind table (mla_tool/request_kinds.py)
from ...request_kinds import CENTRAL_MLA as CENTRAL_MLA
from ...request_kinds import CONTACT_24_7 as CONTACT_24_7
from ...request_kinds import EMERGENCY_DISCLOSURE as EMERGENCY
from ...request_kinds import PRESERVATION as PRESERVATION

EEVIDENCE_KINDS = frozenset({PRESERVATION, EMERGENCY})

#: Budapest art. 29(7): preservation lasts at least 60 days.
PRESERVATION_DAYS = 60
#: Days before expiry the caseworker is reminded (config MLA_PRESERVATION_REMIND_DAYS).
PRESERVATION_REMIND_DAYS: tuple[int, ...] = (14, 3)
