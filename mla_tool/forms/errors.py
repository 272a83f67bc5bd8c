"""The one error of the request services: bad input or a refused action, with its status."""

from __future__ import annotations

from ..errors import DomainError, code_for


class RequestError(DomainError, ValueError):
    """Bad input or a refused action: status (404, 409, 422), a code and messages by field."""

    def __init__(
        self, message: str, fields: dict[str, str] | None = None, status: int = 422, code: str = ""
    ) -> None:
        super().__init__(status, code_for(status, code), message, fields)
