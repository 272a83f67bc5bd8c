"""The one error of the directory's services: bad input or an impossible change."""

from __future__ import annotations

from ..errors import DomainError, code_for


class DirectoryError(DomainError, ValueError):
    """Bad input or an impossible change: nothing was written. `status` suits the API."""

    def __init__(
        self, message: str, fields: dict[str, str] | None = None, status: int = 422, code: str = ""
    ) -> None:
        super().__init__(status, code_for(status, code), message, fields)
