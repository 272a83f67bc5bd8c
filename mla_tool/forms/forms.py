"""WTForms of the wizard, built from the field specifications of a step or a measure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
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
from .related_requests import format_related_requests, parse_related_requests

#: Languages offered for a request document, besides those the requested state accepts; each is
#: named in itself (`cldr_names.own_language_name`, read when first shown: reading 13 CLDR
#: locales took 130 ms of every app's start-up).
COMMON_LANGUAGES = ("ar", "en", "fr", "es", "ru", "zh", "pt", "de", "it", "nl", "tr", "fa", "ur")


#: The choices a field's options give at run time, and the inputs a field type adds to a form.
Options = list[tuple[str, str]] | None
Inputs = dict[str, Any]


class IsolatedListWidget(widgets.ListWidget):
    """A list of boxes whose labels are each laid out by their own direction: on an Arabic page
    "1988 Convention (Vienna)" would otherwise read "Convention (Vienna) 1988"."""

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        rows = [
            Markup("<li>{} {}</li>").format(
                subfield(), subfield.label(text=Markup("<bdi>{}</bdi>").format(subfield.label.text))
            )
            for subfield in field
        ]
        return Markup("<{} {}>{}</{}>").format(
            self.html_tag,
            Markup(widgets.html_params(**kwargs)),  # noqa: S704 -- html_params escapes its values
            Markup("").join(rows),
            self.html_tag,
        )


class MultiCheckboxField(SelectMultipleField):
    widget = IsolatedListWidget(prefix_label=False)
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


def _to_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
    return value if is_filled(value) or value is False else None


def _text_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    # laid out by what is typed: a telephone number or an e-mail address reads left to right on
    # an Arabic page ("+962 6 555 0101", not "0101 555 6 962+"), an Arabic name right to left
    validators = [Optional(), _text_length(MAX_SHORT)]
    return {"": StringField(label, validators=validators, render_kw={"dir": "auto"})}


def _textarea_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    return {"": TextAreaField(label, validators=[Optional(), _text_length(MAX_TEXT)])}


def _lines_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    return {"": TextAreaField(label, validators=[Optional(), _lines_validator])}


def _identifiers_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    validators = [Optional(), _lines_validator, _identifiers_validator]
    return {"": TextAreaField(label, validators=validators)}


def _related_validator(form: Any, field: Field) -> None:
    try:
        parse_related_requests(field.data or "")
    except ValueError as error:
        raise ValidationError(str(error)) from error


def _related_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    """Lines `date | authority | reference`, laid out left to right in every interface language,
    so that the parts read in the order the hint gives."""
    validators = [Optional(), _lines_validator, _related_validator]
    return {"": TextAreaField(label, validators=validators, render_kw={"dir": "ltr"})}


def _date_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    return {"": DateField(label, validators=[Optional()])}


def _bool_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    return {"": BooleanField(label)}


def _choice_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    choices = [("", "—")] + [(value, _(text)) for value, text in spec.choices]
    return {"": SelectField(label, choices=choices, validators=[Optional()])}


def _multichoice_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    choices = options or [(value, _(text)) for value, text in spec.choices]
    return {"": MultiCheckboxField(label, choices=choices, validators=[Optional()])}


def _state_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    return {"": SelectField(label, choices=state_choices(language), validators=[Optional()])}


def _listed_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    """A choice among options decided at run time (languages, authorities)."""
    return {"": SelectField(label, choices=[("", "—")] + (options or []), validators=[Optional()])}


def _provider_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    return {
        "__name": StringField(label, validators=[Optional(), _text_length(MAX_SHORT)]),
        "__country": SelectField(
            _("Country of the provider"), choices=state_choices(language), validators=[Optional()]
        ),
    }


def _period_input(spec: FieldSpec, label: str, options: Options, language: str) -> Inputs:
    return {
        "__from": DateField(_("From"), validators=[Optional()]),
        "__to": DateField(_("To"), validators=[Optional()]),
    }


def _shown_as(convert: Callable[[Any], Any]) -> Callable[[FlaskForm, str, Any], None]:
    def show(form: FlaskForm, key: str, value: Any) -> None:
        form[key].data = convert(value)

    return show


def _read_as(convert: Callable[[Any], Any]) -> Callable[[FlaskForm, str], Any]:
    return lambda form, key: convert(form[key].data)


def _show_provider(form: FlaskForm, key: str, value: Any) -> None:
    value = value or {}
    form[key + "__name"].data = value.get("name")
    form[key + "__country"].data = value.get("country") or ""


def _read_provider(form: FlaskForm, key: str) -> Any:
    value = {
        "name": _blank_to_none(form[key + "__name"].data),
        "country": _blank_to_none(form[key + "__country"].data),
    }
    return value if any(v is not None for v in value.values()) else None


def _show_period(form: FlaskForm, key: str, value: Any) -> None:
    value = value or {}
    form[key + "__from"].data = _to_date(value.get("from"))
    form[key + "__to"].data = _to_date(value.get("to"))


def _read_period(form: FlaskForm, key: str) -> Any:
    start, end = form[key + "__from"].data, form[key + "__to"].data
    value = {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None}
    return {k: v for k, v in value.items() if v} or None


def _as_text(value: Any) -> Any:
    return value if value is not None else ""


@dataclass(frozen=True)
class FormField:
    """How one field type is edited in a form: the inputs it adds (by the suffix of their name),
    a stored value shown in them, and the value read back from them."""

    inputs: Callable[[FieldSpec, str, Options, str], Inputs]
    show: Callable[[FlaskForm, str, Any], None]
    read: Callable[[FlaskForm, str], Any]


_TEXT = (_shown_as(_as_text), _read_as(_blank_to_none))
#: The field types (fieldspec.FIELD_TYPES), each as the wizard's forms edit it.
FORM_FIELDS: dict[str, FormField] = {
    "text": FormField(_text_input, *_TEXT),
    "textarea": FormField(_textarea_input, *_TEXT),
    "choice": FormField(_choice_input, *_TEXT),
    "state": FormField(_state_input, *_TEXT),
    "language": FormField(_listed_input, *_TEXT),
    "authority": FormField(
        _listed_input,
        _shown_as(lambda value: str(value) if value else ""),
        _read_as(lambda raw: int(raw) if raw and str(raw).isdigit() else None),
    ),
    "date": FormField(
        _date_input, _shown_as(_to_date), _read_as(lambda raw: raw.isoformat() if raw else None)
    ),
    "bool": FormField(_bool_input, _shown_as(bool), _read_as(bool)),
    "multichoice": FormField(
        _multichoice_input,
        _shown_as(lambda value: list(value or [])),
        _read_as(lambda raw: list(raw or []) or None),
    ),
    "lines": FormField(
        _lines_input,
        _shown_as(lambda value: "\n".join(value or [])),
        _read_as(
            lambda raw: [line.strip() for line in (raw or "").splitlines() if line.strip()] or None
        ),
    ),
    "identifiers": FormField(
        _identifiers_input,
        _shown_as(format_identifiers),
        _read_as(lambda raw: parse_identifiers(raw or "") or None),
    ),
    "related_requests": FormField(
        _related_input,
        _shown_as(format_related_requests),
        _read_as(lambda raw: parse_related_requests(raw or "") or None),
    ),
    "provider": FormField(_provider_input, _show_provider, _read_provider),
    "date_range": FormField(_period_input, _show_period, _read_period),
}


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
        label = _(spec.label)
        inputs = FORM_FIELDS[spec.type].inputs(spec, label, options.get(spec.name), language)
        for suffix, field in inputs.items():
            setattr(StepForm, field_key(spec.name) + suffix, field)
    # a prefixed (item) form sits beside the page's CSRF-checked ActionForm
    return StepForm(formdata=formdata, prefix=prefix, meta={"csrf": not prefix})


def fill_form(form: FlaskForm, specs: tuple[FieldSpec, ...], values: dict[str, Any]) -> None:
    """Show stored values in a form opened with GET."""
    for spec in specs:
        FORM_FIELDS[spec.type].show(form, field_key(spec.name), get_path(values, spec.name))


def values_from_form(form: FlaskForm, specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """Form input → a nested dict of document values (blank inputs become None: cleared)."""
    out: dict[str, Any] = {}
    for spec in specs:
        _set_path(out, spec.name, FORM_FIELDS[spec.type].read(form, field_key(spec.name)))
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
