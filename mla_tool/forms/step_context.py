"""What a wizard step page shows: the steps with their errors and comments, findings, choices."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..cases.review import field_label
from ..directory.states import state_name
from ..i18n import reader_language_name
from . import document_languages
from .checking import check_request
from .directory_facts import authority_dict, offered_legal_bases, proposed_authorities
from .fieldspec import FieldSpec, get_path
from .forms import ActionForm, field_key
from .kinds import RequestKind, Step
from .models import MlaRequest
from .related_requests import format_related_requests
from .request_document import document_of
from .request_page import editable, request_title, ui_language
from .request_review import field_choices, review_comments_for


def next_step(kind: RequestKind, step: Step) -> Step | None:
    index = kind.steps.index(step)
    return kind.steps[index + 1] if index + 1 < len(kind.steps) else None


def _step_prefixes(step: Step) -> list[str]:
    if step.layout in ("items", "measures"):
        return [step.list_field]
    return [spec.name for spec in step.fields]


def _matches(path: str, prefixes: list[str]) -> bool:
    return any(
        path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")
        for prefix in prefixes
    )


def step_options(item: MlaRequest, step: Step, language: str) -> dict[str, list[tuple[str, str]]]:
    """The choices of a step's fields that depend on the request: authorities, languages, bases."""
    document = document_of(item)
    options: dict[str, list[tuple[str, str]]] = {}
    if step.code == "requested":
        authorities = proposed_authorities(item.requested_state, item.kind)
        options["requested_authority"] = [
            (str(a["id"]), a.get("name_ar") if language == "ar" and a.get("name_ar") else a["name"])
            for a in authorities
        ]
        options["language"] = document_languages.wizard_languages(
            item.requested_state,
            item.kind,
            authority_dict(item.requested_authority_id),
            item.language,
        )
    if step.code == "legal_basis":
        options["legal_basis"] = [
            (code, code if label is None else _(label))
            for code, label in offered_legal_bases(document)
        ]
    return options


def base_context(item: MlaRequest, kind: RequestKind, step: Step) -> dict[str, Any]:
    """The template values every step page has: the steps, the check's result, the comments."""
    result = check_request(item, _)
    # the reviewer's comments matter while the author corrects, not once it is submitted again
    comments = review_comments_for(item) if item.status == "returned" else {}
    choices = field_choices(item.kind) if comments else []
    steps = []
    for number, entry in enumerate(kind.steps, start=1):
        prefixes = _step_prefixes(entry)
        count = sum(
            1 for f in result.findings if f.severity == "error" and _matches(f.field, prefixes)
        )
        steps.append(
            {
                "code": entry.code,
                "label": _(entry.label),
                "number": number,
                "errors": count,
                "comments": sum(1 for path in comments if _matches(path, prefixes)),
            }
        )
    prefixes = _step_prefixes(step)
    return {
        "item": item,
        "document": document_of(item),
        "kind": kind,
        "step": step,
        "step_label": _(step.label),
        "step_help": _(step.help) if step.help else "",
        "step_number": kind.step_number(step.code),
        "step_count": len(kind.steps),
        "steps": steps,
        "next_step": next_step(kind, step),
        "result": result,
        "step_findings": [f for f in result.findings if _matches(f.field, prefixes)],
        "comments": comments,
        "comment_labels": {path: field_label(path, choices) for path in comments},
        "editable": editable(item),
        "title": request_title(item),
        "field_key": field_key,
        "findings_for": lambda path: [f for f in result.findings if f.field == path],
        "ui_language": ui_language(),
        "action_form": ActionForm(),
        "document_value": display_value,
    }


def display_value(document: dict[str, Any], path: str, spec: FieldSpec | None = None) -> Any:
    """A stored value as the review step shows it: a choice's label, yes/no, a state's name."""
    value = get_path(document, path)
    # A choice is stored as its code: show its label, translated.
    labels = {code: _(label) for code, label in spec.choices} if spec and spec.choices else {}
    if path == "legal_basis":  # the instruments' names the step offered, not their codes
        labels = {
            code: _(label) if label else code for code, label in offered_legal_bases(document)
        }
    if spec is not None and spec.type == "language" and isinstance(value, str) and value:
        return reader_language_name(value)  # "العربية", not "ar"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if spec is not None and spec.type == "related_requests":
        return format_related_requests(value)
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(value, str) and value in labels:
        return labels[value]
    if path.endswith("_state") and value:
        return state_name(value, ui_language())
    if path == "requested_authority" and value:
        authority = authority_dict(value)
        return authority["name"] if authority else value
    return value
