"""Wizard validators of the field limits, their numbers written in the reader's locale (20,000)."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, gettext
from wtforms import Field
from wtforms.validators import ValidationError

from .limits import MAX_ENTRIES, MAX_LINE


class TextLength:
    """At most `limit` characters; the message gives limit and length as the locale writes them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.field_flags = {"maxlength": limit}

    def __call__(self, form: Any, field: Field) -> None:
        length = len(field.data or "")
        if length > self.limit:
            raise ValidationError(
                gettext(
                    "At most %(max)s characters (this text has %(length)s).",
                    max=format_decimal(self.limit),
                    length=format_decimal(length),
                )
            )


def lines_within_limits(form: Any, field: Field) -> None:
    """A list written one item a line: at most MAX_ENTRIES lines of at most MAX_LINE characters."""
    lines = [line for line in (field.data or "").splitlines() if line.strip()]
    if len(lines) > MAX_ENTRIES:
        raise ValidationError(
            gettext(
                "At most %(max)s lines (this list has %(count)s).",
                max=format_decimal(MAX_ENTRIES),
                count=format_decimal(len(lines)),
            )
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            raise ValidationError(
                gettext(
                    "Line %(number)s: at most %(max)s characters.",
                    number=format_decimal(number),
                    max=format_decimal(MAX_LINE),
                )
            )
