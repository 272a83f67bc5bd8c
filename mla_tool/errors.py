"""The one error hierarchy of the services: a status, a code, a fixed message, messages by field.

Services raise these and never an HTTP library's exceptions; the message is a fixed English
string (marked with `N_`) or a `Phrase`, translated where it is shown: once for the pages and once
for the API, by the handlers `wiring` registers. Nothing here looks up a locale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .i18n import Phrase


class DomainError(Exception):
    """A refused operation: HTTP `status`, a `code` a program can test, a message for people and
    messages by field. Nothing was written."""

    def __init__(
        self,
        status: int,
        code: str,
        message: Phrase | str = "",
        fields: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}

    def shown(self, translate: Callable[[str], str], with_fields: bool = False) -> str:
        """The message in the reader's language ("" when there is none: the status says it),
        `with_fields`: followed by the messages by field, in brackets."""
        text = _translated(self.message, translate)
        details = joined_messages(_translated(str(v), translate) for v in self.fields.values())
        return text + (f" ({details})" if with_fields and details else "")


#: What ends a sentence in the languages of the interface and the documents.
SENTENCE_ENDS = (".", "!", "?", "\u061f", "\u3002")


def joined_messages(messages: Iterable[str]) -> str:
    """Messages one after another: a sentence is followed by a space, anything else by "; "
    ("Choose the state. Describe the facts.", never "Choose the state.; Describe the facts.")."""
    out = ""
    for message in filter(None, messages):
        if out:
            out += " " if out.endswith(SENTENCE_ENDS) else "; "
        out += message
    return out


def _translated(message: Phrase | str, translate: Callable[[str], str]) -> str:
    if isinstance(message, Phrase):
        return message.translated(translate)
    return translate(message) if message else ""


class FixedStatusError(DomainError):
    """A DomainError whose class fixes its status and usual code: raise it with a message."""

    STATUS = 422
    CODE = "validation_error"

    def __init__(
        self, message: Phrase | str = "", fields: dict[str, Any] | None = None, code: str = ""
    ) -> None:
        super().__init__(self.STATUS, code or self.CODE, message, fields)


class InvalidError(FixedStatusError):
    """Bad input: 422."""


class NotFoundError(FixedStatusError):
    """No such thing, or not one this user may see: 404 (the two are not told apart)."""

    STATUS, CODE = 404, "not_found"


class ForbiddenError(FixedStatusError):
    """The user's role may not do this: 403."""

    STATUS, CODE = 403, "forbidden"


class ConflictError(FixedStatusError):
    """The thing is not in a state that allows this: 409."""

    STATUS, CODE = 409, "conflict"


#: The code of a status when a refusal names none (the API's codes for these statuses).
CODE_OF_STATUS: dict[int, str] = {404: "not_found", 409: "conflict"}


def code_for(status: int, code: str = "") -> str:
    """`code`, or the usual code of `status` ("validation_error" for any other)."""
    return code or CODE_OF_STATUS.get(status, "validation_error")
