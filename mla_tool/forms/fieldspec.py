"""Field specifications: one description of a field drives form, validation and document."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from ..directory.states import state_by_iso3
from .limits import MAX_ENTRIES, MAX_LINE, MAX_TEXT
from .related_requests import check_related_requests


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class FieldSpec:
    """One field: `name` is a dotted path in the request document (or in a measure's details)."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    #: (other field, value): the field is required only when the other field has that value.
    required_when: tuple[str, Any] | None = None
    #: False for free text that is printed as written in every language (a postal address):
    #: it is not given to the translator and never marked untranslated.
    translate: bool = True

    def __post_init__(self) -> None:
        if self.type not in VALUE_CHECKS:
            raise ValueError(f"unknown field type {self.type!r} for {self.name}")

    @property
    def html_id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)

    def is_required(self, values: dict[str, Any]) -> bool:
        if self.required:
            return True
        if self.required_when is not None:
            other, expected = self.required_when
            return values.get(other) == expected
        return False


def adapted_fields(
    fields: tuple[FieldSpec, ...],
    changes: Mapping[str, Mapping[str, Any]],
    added_after: Mapping[str, tuple[FieldSpec, ...]] | None = None,
) -> tuple[FieldSpec, ...]:
    """A group of fields as another kind words it: `changes` replaces attributes of the named
    fields (a label, the choices), `added_after` adds fields after the one it names."""
    unknown = (set(changes) | set(added_after or {})) - {spec.name for spec in fields}
    if unknown:
        raise ValueError(f"no such fields to adapt: {sorted(unknown)}")
    adapted: list[FieldSpec] = []
    for spec in fields:
        adapted.append(replace(spec, **changes[spec.name]) if spec.name in changes else spec)
        if added_after and spec.name in added_after:
            adapted.extend(added_after[spec.name])
    return tuple(adapted)


IDENTIFIER_TYPES = ("ip", "email", "phone", "account", "url", "domain", "device")
#: How each identifier type is named in documents and pages.
IDENTIFIER_TYPE_LABELS = {
    "ip": N_("IP address"),
    "email": N_("Email address"),
    "phone": N_("Phone number"),
    "account": N_("Account"),
    "url": N_("URL"),
    "domain": N_("Domain name"),
    "device": N_("Device identifier"),
}
#: Data categories, from the least protected to the most; "identification": traffic data asked
#: for the sole purpose of identifying the user (Regulation (EU) 2023/1543 art. 3(10)).
DATA_CATEGORIES = ("subscriber", "identification", "traffic", "content")
#: Keys an identifier may carry: source port (shared IPv4), platform (usernames), categories.
IDENTIFIER_KEYS = frozenset(
    {"type", "value", "observed_at", "timezone", "port", "platform", "data_categories"}
)


def _check_date(value: Any) -> None:
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 date (YYYY-MM-DD)")
    try:
        date.fromisoformat(value)
    except ValueError as error:
        raise ValueError("must be an ISO 8601 date (YYYY-MM-DD)") from error


def _check_text(value: Any, limit: int = MAX_TEXT) -> None:
    if not isinstance(value, str):
        raise ValueError("must be text")
    if len(value) > limit:
        raise ValueError(f"may have at most {limit} characters (this one has {len(value)})")


def _check_entries(value: list[Any]) -> None:
    if len(value) > MAX_ENTRIES:
        raise ValueError(f"may have at most {MAX_ENTRIES} entries (this one has {len(value)})")


def _check_identifiers(value: Any) -> None:
    if not isinstance(value, list):
        raise ValueError("must be a list of identifiers")
    _check_entries(value)
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise ValueError(f"item {index} must be an object")
        unknown = set(item) - IDENTIFIER_KEYS
        if unknown:
            raise ValueError(f"item {index} has unknown keys: {', '.join(sorted(unknown))}")
        if item.get("type") not in IDENTIFIER_TYPES:
            raise ValueError(f"item {index}: type must be one of {', '.join(IDENTIFIER_TYPES)}")
        try:
            _check_text(item.get("value", ""), MAX_LINE)
        except ValueError as error:
            raise ValueError(f"item {index}: value {error}") from error
        observed = item.get("observed_at")
        if observed not in (None, ""):
            try:
                datetime.fromisoformat(str(observed))
            except ValueError as error:
                raise ValueError(f"item {index}: observed_at must be ISO 8601") from error
        for key in ("timezone", "port", "platform"):
            if item.get(key) is not None:
                _check_text(item[key], MAX_LINE)
        categories = item.get("data_categories")
        if categories is not None and (
            not isinstance(categories, list) or any(c not in DATA_CATEGORIES for c in categories)
        ):
            raise ValueError(
                f"item {index}: data_categories must be a list of {', '.join(DATA_CATEGORIES)}"
            )


def _check_provider(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("must be an object {name, country}")
    unknown = set(value) - {"name", "country"}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    if value.get("name") is not None:
        _check_text(value["name"])
    country = value.get("country")
    if country not in (None, "") and state_by_iso3(str(country)) is None:
        raise ValueError("country must be an ISO 3166-1 alpha-3 code")


def _check_date_range(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("must be an object {from, to}")
    unknown = set(value) - {"from", "to"}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    for key in ("from", "to"):
        if value.get(key) not in (None, ""):
            _check_date(value[key])
    if value.get("from") and value.get("to") and value["from"] > value["to"]:
        raise ValueError("'from' must not be after 'to'")


def _check_date_field(spec: FieldSpec, value: Any) -> None:
    if value != "":
        _check_date(value)


def _check_bool(spec: FieldSpec, value: Any) -> None:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")


def _check_choice(spec: FieldSpec, value: Any) -> None:
    if value not in spec.choice_values and value != "":
        raise ValueError(f"must be one of {', '.join(spec.choice_values)}")


def _check_multichoice(spec: FieldSpec, value: Any) -> None:
    if not isinstance(value, list) or any(item not in spec.choice_values for item in value):
        raise ValueError(f"must be a list of {', '.join(spec.choice_values)}")


def _check_lines(spec: FieldSpec, value: Any) -> None:
    if not isinstance(value, list):
        raise ValueError("must be a list of texts")
    _check_entries(value)
    for index, item in enumerate(value):
        try:
            _check_text(item, MAX_LINE)
        except ValueError as error:
            raise ValueError(f"line {index + 1} {error}") from error


def _check_authority(spec: FieldSpec, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("must be a directory id")


def _text(spec: FieldSpec, value: Any) -> None:
    _check_text(value)


#: The types of field a step or a measure's sub-form may hold, each with the check of the value
#: it stores (one row per type; the check raises ValueError).
VALUE_CHECKS: dict[str, Callable[[FieldSpec, Any], None]] = {
    "text": _text,
    "textarea": _text,
    "state": _text,
    "language": _text,
    "date": _check_date_field,
    "bool": _check_bool,
    "choice": _check_choice,
    "multichoice": _check_multichoice,
    "lines": _check_lines,
    "authority": _check_authority,
    "identifiers": lambda spec, value: _check_identifiers(value),
    "provider": lambda spec, value: _check_provider(value),
    "date_range": lambda spec, value: _check_date_range(value),
    "related_requests": check_related_requests,
}
FIELD_TYPES = frozenset(VALUE_CHECKS)


def check_value(spec: FieldSpec, value: Any) -> None:
    """Raise ValueError when `value` does not fit `spec` (None always fits: drafts are partial)."""
    if value is not None:
        VALUE_CHECKS[spec.type](spec, value)


def is_filled(value: Any) -> bool:
    """A value counts as given when it holds something other than blanks."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        if isinstance(value, dict):
            return any(is_filled(item) for item in value.values())
        return any(is_filled(item) for item in value)
    return True


def get_path(document: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (`urgent.reason`), None when any part is missing."""
    value: Any = document
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


__all__ = [
    "DATA_CATEGORIES",
    "IDENTIFIER_TYPES",
    "IDENTIFIER_TYPE_LABELS",
    "FieldSpec",
    "N_",
    "check_value",
    "get_path",
    "is_filled",
]
