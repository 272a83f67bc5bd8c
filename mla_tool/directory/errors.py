"""The one error of the directory's services: bad input or an impossible change."""

from __future__ import annotations


class DirectoryError(ValueError):
    """Bad input or an impossible change: nothing was written. `status` suits the API."""

    def __init__(
        self, message: str, fields: dict[str, str] | None = None, status: int = 422, code: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.status = status
        self.code = code or {404: "not_found", 409: "conflict"}.get(status, "validation_error")
