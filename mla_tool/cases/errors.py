"""Errors of case operations: bad input, a refused status change, a no-op assignment."""

from __future__ import annotations


class CaseError(ValueError):
    """Bad input for a case operation; `fields` maps field names to messages."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class TransitionError(CaseError):
    """A status change the workflow refuses; `code` says why (illegal, role, reason)."""

    def __init__(
        self,
        code: str,
        message: str,
        fields: dict[str, str] | None = None,
        from_status: str | None = None,
        to_status: str | None = None,
    ) -> None:
        super().__init__(message, fields)
        self.code = code
        self.from_status = from_status
        self.to_status = to_status


class AlreadyAssigned(CaseError):
    """The case already has the assignee chosen (or nobody, when unassigning): nothing to do."""
