"""What a rule reports: severities, a miss, a label inside a message and the finding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

#: Where a rule is not met: (field path, message parameters).
Miss = tuple[str, dict[str, Any]]

ERROR = "error"
WARNING = "warning"


class Label(str):
    """A label from a data table used in a rule's message: translated with the message."""

    __slots__ = ()


@dataclass(frozen=True)
class ProfileBasis:
    """A value of the requested state's requirement profile a finding rests on: the field, the
    value (None: not recorded), its source and the date it was verified (None: never)."""

    field: str
    label: str
    value: Any
    source: str
    verified_on: date | None
    #: The value as people read it, in the reader's language.
    shown: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "source": self.source or None,
            "verified_on": self.verified_on.isoformat() if self.verified_on else None,
        }


@dataclass(frozen=True)
class Finding:
    field: str
    severity: str
    code: str
    message: str
    reference: str
    #: The author may dismiss it for this field (Rule.dismissible).
    dismissible: bool = False
    #: The requested state's profile values the rule read (Rule.profile_fields).
    profile: tuple[ProfileBasis, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "field": self.field,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "reference": self.reference,
        }
        if self.profile:
            out["profile"] = [basis.as_dict() for basis in self.profile]
        return out
