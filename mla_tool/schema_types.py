"""Shared value types of the API and forms: their JSON schema lists exactly what they accept."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue

from .directory.states import all_states


@cache
def state_codes() -> tuple[str, ...]:
    """Every ISO 3166-1 alpha-3 code, plus the treaty-only parties (EUU)."""
    return tuple(sorted(state.iso3 for state in all_states()))


@cache
def language_codes() -> tuple[str, ...]:
    """Every ISO 639-1 code, lower case."""
    return tuple(
        sorted(lang.alpha_2 for lang in pycountry.languages if getattr(lang, "alpha_2", None))
    )


def _known_state(value: str) -> str:
    """Upper-case the code (a caller's "fra" means FRA) and refuse what ISO 3166-1 lacks."""
    code = value.upper()
    if code not in state_codes():
        raise ValueError("must be an ISO 3166-1 alpha-3 state code")
    return code


def _known_language(value: str) -> str:
    code = value.lower()
    if code not in language_codes():
        raise ValueError("must be an ISO 639-1 language code")
    return code


@dataclass(frozen=True)
class CodeListSchema:
    """The JSON schema of a code, a string among `codes()`: as pydantic's `WithJsonSchema`, but
    the list is read when a schema is first asked for, not when the module is imported (reading
    ISO 3166 and ISO 639 then cost every command's start-up)."""

    codes: Callable[[], tuple[str, ...]]
    description: str

    def __get_pydantic_json_schema__(
        self, _core_schema: Any, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "enum": list(self.codes()), "description": self.description}


StateCode = Annotated[
    str, AfterValidator(_known_state), CodeListSchema(state_codes, "ISO 3166-1 alpha-3")
]
LanguageCode = Annotated[
    str, AfterValidator(_known_language), CodeListSchema(language_codes, "ISO 639-1")
]


def _iso_date_text(value: object) -> object:
    """Text must read YYYY-MM-DD: read laxly, "0" would otherwise pass as 1970-01-01."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A date; the API reads JSON strictly, so only YYYY-MM-DD text is a date there.
IsoDate = date
#: A date in a query parameter, which pydantic reads laxly: only YYYY-MM-DD text.
QueryDate = Annotated[date, BeforeValidator(_iso_date_text)]


def _as_utc(value: datetime) -> datetime:
    """Stored times are naive UTC; say so, so that they are RFC 3339 date-times."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


#: A row id: what a PostgreSQL integer column holds.
RowId = Annotated[int, Field(ge=1, le=2_147_483_647)]
#: A time in UTC, written with its offset.
UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]


def utc_text(value: datetime) -> str:
    """A stored (naive UTC) time as RFC 3339 text with its offset."""
    return _as_utc(value).isoformat()
