"""Keyset pagination: the keys a list is ordered by, the cursor after a row, and the condition
for the rows after a cursor (no OFFSET: the next page costs what the first one costs)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, false, or_

from .errors import InvalidError

T = TypeVar("T")

#: How a key's value is written in a cursor and read back.
DECODERS: dict[str, Callable[[Any], Any]] = {
    "int": int,
    "str": str,
    "date": date.fromisoformat,
    "datetime": datetime.fromisoformat,
}


class CursorError(InvalidError):
    """A cursor that was not made by `cursor_after` for this order (altered, or another list's):
    bad input, 422."""


@dataclass(frozen=True)
class OrderKey:
    """One ORDER BY term: the SQL expression, its direction, and how to read it off a row."""

    expr: Any
    value: Callable[[Any], Any]
    kind: str = "int"
    descending: bool = False
    nulls_last: bool = False

    def order_by(self) -> Any:
        term = self.expr.desc() if self.descending else self.expr.asc()
        return term.nulls_last() if self.nulls_last else term

    def beyond(self, value: Any) -> ColumnElement[bool]:
        """Rows strictly after `value` on this key (NULLs come last both ways)."""
        if value is None:
            return false()
        after = self.expr < value if self.descending else self.expr > value
        return or_(after, self.expr.is_(None)) if self.nulls_last else after

    def same(self, value: Any) -> ColumnElement[bool]:
        return self.expr.is_(None) if value is None else self.expr == value


def order_by(keys: Sequence[OrderKey]) -> list[Any]:
    return [key.order_by() for key in keys]


def cursor_after(tag: str, keys: Sequence[OrderKey], row: Any) -> str:
    """An opaque cursor for the rows after `row` in this order (`tag` names the order)."""
    values = [key.value(row) for key in keys]
    written = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    raw = json.dumps([tag, written], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def page_of(
    tag: str, keys: Sequence[OrderKey], rows: list[T], per_page: int
) -> tuple[list[T], str | None]:
    """The page of `rows` (read with one row more than a page, to know whether another
    follows) and the cursor of the next page (None on the last)."""
    items = rows[:per_page]
    return items, cursor_after(tag, keys, items[-1]) if len(rows) > per_page else None


def read_cursor(tag: str, keys: Sequence[OrderKey], cursor: str) -> list[Any]:
    """The key values a cursor holds; CursorError if it is not one of this order's cursors."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found_tag, written = json.loads(raw)
        if found_tag != tag or len(written) != len(keys):
            raise CursorError("a cursor of another order", {"cursor": "of another order"})
        return [
            None if value is None else DECODERS[key.kind](value)
            for key, value in zip(keys, written, strict=True)
        ]
    except (binascii.Error, ValueError, TypeError, KeyError) as error:
        raise CursorError("not a cursor", {"cursor": "not a cursor"}) from error


def rows_after(keys: Sequence[OrderKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """The condition for the rows after the one holding `values`, in the order of `keys`.

    It reads (k1 after v1) OR (k1 = v1 AND ((k2 after v2) OR …)), and adds the first key's own
    bound (k1 >= v1, or <= when descending) so that an index on k1 is entered at the cursor.
    """
    condition: ColumnElement[bool] = keys[-1].beyond(values[-1])
    for key, value in zip(reversed(keys[:-1]), reversed(values[:-1]), strict=True):
        condition = or_(key.beyond(value), and_(key.same(value), condition))
    first, value = keys[0], values[0]
    if value is not None and not first.nulls_last:
        bound = first.expr <= value if first.descending else first.expr >= value
        condition = and_(bound, condition)
    return condition
