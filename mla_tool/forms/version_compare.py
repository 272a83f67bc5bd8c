"""Two versions of a request compared field by field: each changed field's label and its
values before and after, as the reader sees them (labels and choices in the reader's language)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from .code_labels import language_label, list_comma
from .directory_facts import authority_dict
from .document_values import Printing, printed_value, state_text
from .fieldspec import N_, FieldSpec, get_path, is_filled
from .kinds import RequestKind, Step, request_kind
from .measures import MEASURES, measure_type


@dataclass(frozen=True)
class Change:
    """One field that differs: its path in the document, its step, label and both values."""

    path: str
    step: str
    label: str
    before: str
    after: str

    @property
    def state(self) -> str:
        """added (empty before), removed (empty after) or changed."""
        if not self.before:
            return "added"
        return "removed" if not self.after else "changed"


def _choice_text(spec: FieldSpec, value: Any, gettext: Callable[[str], str]) -> str:
    labels = dict(spec.choices)
    return str(gettext(labels[value])) if value in labels else str(value)


def value_text(spec: FieldSpec, value: Any, gettext: Callable[[str], str], language: str) -> str:
    """A stored value as the reader reads it: names of states, authorities and languages, the
    labels of choices, dates in the reader's language; what is not filled is empty."""
    if not is_filled(value) and not isinstance(value, bool):
        return ""
    comma = list_comma(language)
    if spec.type == "state":
        return state_text(str(value), language) or str(value)
    if spec.type == "authority":
        authority = authority_dict(value)
        return str(authority["name"]) if authority else f"#{value}"
    if spec.type == "language":
        return language_label(value, language)
    if spec.type == "choice":
        return _choice_text(spec, value, gettext)
    if spec.type == "multichoice":
        return comma.join(_choice_text(spec, item, gettext) for item in value)
    if spec.type == "lines":
        return "\n".join(str(line) for line in value)
    return printed_value(spec, value, Printing(gettext, language, {}))


def _raw_text(value: Any) -> str:
    """A value no field describes, as plain text."""
    if not is_filled(value) and not isinstance(value, bool):
        return ""
    if isinstance(value, list):
        return "\n".join(_raw_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_raw_text(item)}" for key, item in value.items())
    return str(value)


def _entries(document: dict[str, Any], field: str) -> list[dict[str, Any]]:
    value = document.get(field) or []
    return [entry if isinstance(entry, dict) else {} for entry in value]


def _entry_specs(step: Step, old: dict[str, Any], new: dict[str, Any]) -> list[FieldSpec]:
    """The fields of one entry of a list step (a measure's own details too)."""
    specs = list(step.fields)
    if step.layout == "measures":
        choices = tuple((code, measure.label) for code, measure in MEASURES.items())
        specs.insert(0, FieldSpec("type", N_("Measure"), "choice", choices=choices))
        for entry in (old, new):
            measure = measure_type(entry.get("type"))
            for spec in measure.fields if measure else ():
                detail = replace(spec, name=f"details.{spec.name}")
                if detail.name not in {s.name for s in specs}:
                    specs.append(detail)
    return specs


class _Comparison:
    def __init__(self, kind: RequestKind, gettext: Callable[[str], str], language: str) -> None:
        self.kind = kind
        self.gettext = gettext
        self.language = language

    def text(self, spec: FieldSpec, value: Any) -> str:
        return value_text(spec, value, self.gettext, self.language)

    def fields(self, step: Step, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
        heading = self.gettext(step.label)
        for spec in step.fields:
            before, after = get_path(old, spec.name), get_path(new, spec.name)
            if before != after:
                label = f"{heading} — {self.gettext(spec.label)}"
                yield self.change(spec.name, step, label, spec, before, after)

    def entries(self, step: Step, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
        heading = self.gettext(step.label)
        olds, news = _entries(old, step.list_field), _entries(new, step.list_field)
        for index in range(max(len(olds), len(news))):
            before = olds[index] if index < len(olds) else {}
            after = news[index] if index < len(news) else {}
            for spec in _entry_specs(step, before, after):
                value_before, value_after = get_path(before, spec.name), get_path(after, spec.name)
                if value_before != value_after:
                    label = f"{heading} {index + 1} — {self.gettext(spec.label)}"
                    path = f"{step.list_field}[{index}].{spec.name}"
                    yield self.change(path, step, label, spec, value_before, value_after)

    def change(
        self, path: str, step: Step, label: str, spec: FieldSpec, before: Any, after: Any
    ) -> Change:
        return Change(path, step.code, label, self.text(spec, before), self.text(spec, after))

    def others(self, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
        """What no step's field describes (a dismissed finding, a confirmed requirement…)."""
        covered = [spec.name for step in self.kind.steps for spec in step.fields]
        covered += [step.list_field for step in self.kind.steps if step.list_field]
        leaves = sorted(set(_leaves(old)) | set(_leaves(new)))
        for path in leaves:
            if path == "kind" or any(path == c or path.startswith(c + ".") for c in covered):
                continue
            before, after = get_path(old, path), get_path(new, path)
            if before != after:
                yield Change(path, "", path, _raw_text(before), _raw_text(after))


def _leaves(document: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in document.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            yield from _leaves(value, path)
        else:
            yield path


def compare_documents(
    kind_code: str,
    old: dict[str, Any],
    new: dict[str, Any],
    gettext: Callable[[str], str],
    language: str,
) -> list[Change]:
    """The fields that differ between two request documents, in the order of the wizard's
    steps (a list's entries compared place by place), then anything no step describes."""
    comparison = _Comparison(request_kind(kind_code), gettext, language)
    changes: list[Change] = []
    for step in comparison.kind.steps:
        if step.layout == "fields":
            found = comparison.fields(step, old, new)
        elif step.layout in ("items", "measures"):
            found = comparison.entries(step, old, new)
        else:
            continue
        changes.extend(change for change in found if change.before != change.after)
    changes.extend(comparison.others(old, new))
    return changes
