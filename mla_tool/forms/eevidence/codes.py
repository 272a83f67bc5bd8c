"""The codes of the e-evidence kinds, the directory functions that receive them, the periods."""

from __future__ import annotations

PRESERVATION = "preservation"
EMERGENCY = "emergency_disclosure"
EEVIDENCE_KINDS = frozenset({PRESERVATION, EMERGENCY})
CONTACT_24_7 = "cybercrime_24_7"
CENTRAL_MLA = "central_authority_mla"

#: Budapest art. 29(7): preservation lasts at least 60 days.
PRESERVATION_DAYS = 60
#: Days before expiry the caseworker is reminded (config MLA_PRESERVATION_REMIND_DAYS).
PRESERVATION_REMIND_DAYS: tuple[int, ...] = (14, 3)
