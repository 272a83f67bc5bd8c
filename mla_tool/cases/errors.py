"""Errors of case operations: bad input, a refused status change, a no-op assignment."""

from __future__ import annotations

from ..errors import DomainError


class CaseError(DomainError, ValueError):
    """Bad input for a case operation (422); `fields` maps field names to messages."""

    def __init__(
        self,
        message: str,
        fields: dict[str, str] | None = None,
        status: int = 422,
        code: str = "validation_error",
    ) -> None:
        super().__init__(status, code, message, fields)


class TransitionError(CaseError):
    """A status change the workflow refuses (409); `code` says why (illegal, role, reason)."""

    def __init__(
        self,
        code: str,
        message: str,
        fields: dict[str, str] | None = None,
        from_status: str | None = None,
        to_status: str | None = None,
    ) -> None:
        super().__init__(message, fields, 409, code)
        self.from_status = from_status
        self.to_status = to_status


class AlreadyAssigned(CaseError):
    """The case already has the assignee chosen (or nobody, when unassigning): nothing to do."""
