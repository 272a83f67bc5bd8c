"""Which typed text a translator gets: the free-text fields of the request kind's field specs."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..fieldspec import FieldSpec, get_path
from ..kinds import Step, request_kind
from ..measures import MEASURES

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class TextField:
    """One unit for the translator: where the text is, what the field is, and the text."""

    path: str
    label: str  # the field's label (a message id)
    section: str  # the wizard step's label (a message id)
    text: str


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_language(document: dict[str, Any]) -> str:
    """The language the request's text is written in: the request's own language."""
    return str(document.get("language") or "en")


def _text_unit(path: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str) and value.strip():
        yield path, value


def _line_units(path: str, value: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(value, list):
        yield from _text_unit(path, value)
        return
    for index, line in enumerate(value):
        if isinstance(line, str) and line.strip():
            yield f"{path}[{index}]", line


#: The field types (fieldspec.FIELD_TYPES) whose value is free text someone typed (not a name,
#: code, date or choice), each with the units of text its value gives the translator.
TEXT_UNITS: dict[str, Callable[[str, Any], Iterator[tuple[str, str]]]] = {
    "textarea": _text_unit,
    "lines": _line_units,
}
TRANSLATABLE_TYPES = frozenset(TEXT_UNITS)


def _items(document: dict[str, Any], step: Step) -> Iterator[tuple[str, FieldSpec, Any]]:
    entries = document.get(step.list_field)
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        prefix = f"{step.list_field}[{index}]"
        for spec in step.fields:
            yield f"{prefix}.{spec.name}", spec, get_path(entry, spec.name)
        measure = MEASURES.get(str(entry.get("type"))) if step.layout == "measures" else None
        details = entry.get("details") if isinstance(entry.get("details"), dict) else {}
        for spec in measure.fields if measure else ():
            yield f"{prefix}.details.{spec.name}", spec, details.get(spec.name)


def _step_values(document: dict[str, Any], step: Step) -> Iterator[tuple[str, FieldSpec, Any]]:
    if step.layout in ("items", "measures"):
        yield from _items(document, step)
    elif step.layout == "fields":
        for spec in step.fields:
            yield spec.name, spec, get_path(document, spec.name)


def translatable_fields(document: dict[str, Any]) -> list[TextField]:
    """Every non-empty free-text field of the document, in the order of the wizard."""
    found: dict[str, TextField] = {}
    for step in request_kind(document.get("kind")).steps:
        for path, spec, value in _step_values(document, step):
            if spec.type not in TRANSLATABLE_TYPES or not spec.translate:
                continue
            for unit_path, text in TEXT_UNITS[spec.type](path, value):
                found.setdefault(unit_path, TextField(unit_path, spec.label, step.label, text))
    return list(found.values())


def set_path(document: dict[str, Any], path: str, value: str) -> None:
    """Put `value` at a unit path (`persons[0].description`, `annexes[2]`) of the document."""
    parts = [int(index) if index else name for name, index in _PART.findall(path)]
    target: Any = document
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value
