"""WTForms of the wizard, built from the field specifications of a step or a measure."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Optional, ValidationError

from ..directory.states import state_choices
from ..request_kinds import KIND_CODES, MLA
from .fieldspec import IDENTIFIER_TYPES, FieldSpec, get_path, is_filled
from .kinds import request_kind
from .length_check import TextLength, lines_within_limits
from .limits import MAX_SHORT, MAX_TEXT

#: Languages offered for a request document, besides those the requested state accepts.
COMMON_LANGUAGES = ("ar", "en", "fr", "es", "ru", "zh", "pt", "de", "it", "nl", "tr", "fa", "ur")
LANGUAGE_NAMES = {
    "ar": "العربية",
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "zh": "中文",
    "pt": "Português",
    "de": "Deutsch",
    "it": "Italiano",
    "nl": "Nederlands",
    "tr": "Türkçe",
    "fa": "فارسی",
    "ur": "اردو",
}


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def field_key(path: str) -> str:
    """The HTML name of a document path: `urgent.reason` → `urgent__reason`."""
    return path.replace(".", "__")


def parse_identifiers(text: str) -> list[dict[str, Any]]:
    """Lines `type | value | observed at | time zone` → identifier objects."""
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        parts[0] = parts[0].lower()  # "IP", "Email": the type is a word, not a code to get right
        if parts[0] not in IDENTIFIER_TYPES or len(parts) < 2 or not parts[1]:
            raise ValueError(
                _("Line %(number)s: write type | value | observed at | time zone.", number=number)
            )
        item: dict[str, Any] = {"type": parts[0], "value": parts[1]}
        if len(parts) > 2 and parts[2]:
            item["observed_at"] = parts[2]
        if len(parts) > 3 and parts[3]:
            item["timezone"] = parts[3]
        for extra in parts[4:]:  # key=value: port=51234, platform=X, categories=traffic,content
            key, _sep, text = extra.partition("=")
            key, text = key.strip().lower(), text.strip()
            if key == "categories":
                item["data_categories"] = [c.strip() for c in text.split(",") if c.strip()]
            elif key in ("port", "platform") and text:
                item[key] = text
            elif extra:
                raise ValueError(
                    _("Line %(number)s: unknown extra %(extra)s.", number=number, extra=extra)
                )
        items.append(item)
    return items


def format_identifiers(items: Any) -> str:
    lines = []
    for item in items or []:
        parts = [item.get("type", ""), item.get("value", "")]
        extras = [f"{key}={item[key]}" for key in ("port", "platform") if item.get(key)]
        if item.get("data_categories"):
            extras.append("categories=" + ",".join(item["data_categories"]))
        if item.get("observed_at") or item.get("timezone") or extras:
            parts += [item.get("observed_at", ""), item.get("timezone", "")]
        parts += extras
        lines.append(" | ".join(str(part) for part in parts))
    return "\n".join(lines)


def _text_length(limit: int) -> TextLength:
    return TextLength(limit)


_lines_validator = lines_within_limits  # numbers in the reader's locale (length_check)


def _identifiers_validator(form: Any, field: Field) -> None:
    try:
        parse_identifiers(field.data or "")
    except ValueError as error:
        raise ValidationError(str(error)) from error


def build_form(
    specs: tuple[FieldSpec, ...],
    *,
    language: str,
    options: dict[str, list[tuple[str, str]]] | None = None,
    formdata: Any = None,
    prefix: str = "",
) -> FlaskForm:
    """A form with one input per spec (two for a provider or a period); `options` gives the
    choices of `authority`, `language` and `multichoice` fields decided at run time."""
    options = options or {}

    class StepForm(FlaskForm):
        pass

    for spec in specs:
        key = field_key(spec.name)
        label = _(spec.label)
        if spec.type == "text":
            field: Any = StringField(label, validators=[Optional(), _text_length(MAX_SHORT)])
        elif spec.type == "textarea":
            field = TextAreaField(label, validators=[Optional(), _text_length(MAX_TEXT)])
        elif spec.type == "lines":
            field = TextAreaField(label, validators=[Optional(), _lines_validator])
        elif spec.type == "identifiers":
            field = TextAreaField(
                label, validators=[Optional(), _lines_validator, _identifiers_validator]
            )
        elif spec.type == "date":
            field = DateField(label, validators=[Optional()])
        elif spec.type == "bool":
            field = BooleanField(label)
        elif spec.type == "choice":
            choices = [("", "—")] + [(value, _(text)) for value, text in spec.choices]
            field = SelectField(label, choices=choices, validators=[Optional()])
        elif spec.type == "multichoice":
            choices = options.get(spec.name) or [(value, _(text)) for value, text in spec.choices]
            field = MultiCheckboxField(label, choices=choices, validators=[Optional()])
        elif spec.type == "state":
            field = SelectField(label, choices=state_choices(language), validators=[Optional()])
        elif spec.type in ("language", "authority"):
            field = SelectField(
                label, choices=[("", "—")] + options.get(spec.name, []), validators=[Optional()]
            )
        elif spec.type == "provider":
            setattr(
                StepForm,
                key + "__name",
                StringField(label, validators=[Optional(), _text_length(MAX_SHORT)]),
            )
            field = SelectField(
                _("Country of the provider"),
                choices=state_choices(language),
                validators=[Optional()],
            )
            key = key + "__country"
        elif spec.type == "date_range":
            setattr(StepForm, key + "__from", DateField(_("From"), validators=[Optional()]))
            field = DateField(_("To"), validators=[Optional()])
            key = key + "__to"
        else:  # pragma: no cover - FieldSpec refuses unknown types
            raise ValueError(spec.type)
        setattr(StepForm, key, field)
    # a prefixed (item) form sits beside the page's CSRF-checked ActionForm
    return StepForm(formdata=formdata, prefix=prefix, meta={"csrf": not prefix})


def fill_form(form: FlaskForm, specs: tuple[FieldSpec, ...], values: dict[str, Any]) -> None:
    """Show stored values in a form opened with GET."""
    for spec in specs:
        key = field_key(spec.name)
        value = get_path(values, spec.name)
        if spec.type == "provider":
            value = value or {}
            form[key + "__name"].data = value.get("name")
            form[key + "__country"].data = value.get("country") or ""
            continue
        if spec.type == "date_range":
            value = value or {}
            form[key + "__from"].data = _to_date(value.get("from"))
            form[key + "__to"].data = _to_date(value.get("to"))
            continue
        field = form[key]
        if spec.type == "date":
            field.data = _to_date(value)
        elif spec.type == "lines":
            field.data = "\n".join(value or [])
        elif spec.type == "identifiers":
            field.data = format_identifiers(value)
        elif spec.type == "authority":
            field.data = str(value) if value else ""
        elif spec.type == "multichoice":
            field.data = list(value or [])
        elif spec.type == "bool":
            field.data = bool(value)
        else:
            field.data = value if value is not None else ""


def _to_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    return value if is_filled(value) or value is False else None


def values_from_form(form: FlaskForm, specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """Form input → a nested dict of document values (blank inputs become None: cleared)."""
    out: dict[str, Any] = {}
    for spec in specs:
        key = field_key(spec.name)
        if spec.type == "provider":
            value: Any = {
                "name": _blank_to_none(form[key + "__name"].data),
                "country": _blank_to_none(form[key + "__country"].data),
            }
            value = value if any(v is not None for v in value.values()) else None
        elif spec.type == "date_range":
            start, end = form[key + "__from"].data, form[key + "__to"].data
            value = {
                "from": start.isoformat() if start else None,
                "to": end.isoformat() if end else None,
            }
            value = {k: v for k, v in value.items() if v} or None
        else:
            raw = form[key].data
            if spec.type == "date":
                value = raw.isoformat() if raw else None
            elif spec.type == "lines":
                value = [line.strip() for line in (raw or "").splitlines() if line.strip()] or None
            elif spec.type == "identifiers":
                value = parse_identifiers(raw or "") or None
            elif spec.type == "authority":
                value = int(raw) if raw and str(raw).isdigit() else None
            elif spec.type == "multichoice":
                value = list(raw or []) or None
            elif spec.type == "bool":
                value = bool(raw)
            else:
                value = _blank_to_none(raw)
        _set_path(out, spec.name, value)
    return out


def _set_path(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def _kind_label(code: str) -> str:
    # Evaluated when the form is shown: every kind is registered by then, and the locale known.
    return _(request_kind(code).label)


class NewRequestForm(FlaskForm):
    kind = SelectField(
        _l("Kind of request"),
        choices=[(code, LazyString(_kind_label, code)) for code in KIND_CODES],
        default=MLA,
    )


class ActionForm(FlaskForm):
    """A bare form for buttons (duplicate, submit, remove): CSRF only."""


class MeasureTypeForm(FlaskForm):
    type = SelectField(_l("Kind of assistance"), choices=[])
