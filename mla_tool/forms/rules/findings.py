"""What a rule reports: severities, a miss, a label inside a message and the finding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Where a rule is not met: (field path, message parameters).
Miss = tuple[str, dict[str, Any]]

ERROR = "error"
WARNING = "warning"


class Label(str):
    """A label from a data table used in a rule's message: translated with the message."""

    __slots__ = ()


@dataclass(frozen=True)
class Finding:
    field: str
    severity: str
    code: str
    message: str
    reference: str
    #: The author may dismiss it for this field (Rule.dismissible).
    dismissible: bool = False

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "reference": self.reference,
        }
