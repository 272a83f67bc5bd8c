"""The wizard's list steps (items and measures): the entries of a list, one edited at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import Form

from .fieldspec import FieldSpec, is_filled
from .forms import ActionForm, build_form, fill_form, values_from_form
from .kinds import RequestKind, Step
from .measures import MEASURES
from .models import MlaRequest
from .request_document import document_of
from .request_page import ui_language
from .step_context import base_context
from .step_saving import after_save, flash_refusal, render_step, save_step, seen_version


@dataclass
class _ListPage:
    """One list step as asked for: its entries, the one being edited and its measure type."""

    item: MlaRequest
    kind: RequestKind
    step: Step
    with_measures: bool
    entries: list[dict[str, Any]]
    index: int | None
    measure_type: str | None

    @property
    def specs(self) -> tuple[tuple[FieldSpec, ...], tuple[FieldSpec, ...]]:
        """The fields of an entry, and those of its measure's details."""
        measure = MEASURES.get(self.measure_type or "")
        return self.step.fields, (measure.fields if measure else ())

    def reload(self) -> None:
        """The entries as stored (after a refused save)."""
        self.entries[:] = _entries_of(self.item, self.step)


def items_step(item: MlaRequest, kind: RequestKind, step: Step) -> Any:
    return _list_step(item, kind, step, with_measures=False)


def measures_step(item: MlaRequest, kind: RequestKind, step: Step) -> Any:
    return _list_step(item, kind, step, with_measures=True)


def _entries_of(item: MlaRequest, step: Step) -> list[dict[str, Any]]:
    return list(document_of(item).get(step.list_field) or [])


def _list_page(item: MlaRequest, kind: RequestKind, step: Step, with_measures: bool) -> _ListPage:
    entries = _entries_of(item, step)
    source = request.form if request.method == "POST" else request.args
    index_text = source.get("item", "")
    index = int(index_text) if index_text.isdigit() and int(index_text) < len(entries) else None
    measure_type = None
    if with_measures:
        measure_type = entries[index]["type"] if index is not None else source.get("type")
        if measure_type and measure_type not in MEASURES:
            abort(404)
    return _ListPage(item, kind, step, with_measures, entries, index, measure_type)


def _list_step(item: MlaRequest, kind: RequestKind, step: Step, with_measures: bool) -> Any:
    page = _list_page(item, kind, step, with_measures)
    status = 200
    if request.method == "POST" and request.form.get("remove", "").isdigit():
        removed = _remove_entry(page)
        if isinstance(removed, Response):
            return removed
        status = removed
    moving_on = request.method == "POST" and request.form.get("go") and not request.form.get("save")
    if moving_on and ActionForm().validate_on_submit():
        return after_save(item, kind, step)
    base_specs, detail_specs = page.specs
    formdata = request.form if request.method == "POST" else None
    form = build_form(base_specs, language=ui_language(), formdata=formdata, prefix="item")
    details_form = build_form(
        detail_specs, language=ui_language(), formdata=formdata, prefix="details"
    )
    if request.method == "POST" and request.form.get("save"):
        saved = _save_entry(page, form, details_form, status)
        if isinstance(saved, Response):
            return saved
        status = saved
    elif request.method == "GET" and page.index is not None:
        fill_form(form, base_specs, page.entries[page.index])
        if with_measures:
            fill_form(details_form, detail_specs, page.entries[page.index].get("details") or {})
    return render_step(_list_context(page, form, details_form, status), status)


def _remove_entry(page: _ListPage) -> Response | int:
    """Remove the entry the form names: the redirect once done, else the page's status."""
    position = int(request.form["remove"])
    if not (ActionForm().validate_on_submit() and position < len(page.entries)):
        return 200
    del page.entries[position]
    error = save_step(page.item, {page.step.list_field: page.entries}, page.step)
    if error is None:
        flash(_("Removed."), "success")
        return redirect(url_for("requests.step", request_id=page.item.id, step_code=page.step.code))
    status = flash_refusal(error)
    page.reload()
    return status


def _save_entry(page: _ListPage, form: Form, details_form: Form, status: int) -> Response | int:
    """Save the entry being edited: the redirect once saved, else the page's status."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if form.validate() and details_form.validate():
        entry = _entry_from(page, form, details_form)
        if entry is not None:
            if page.index is None:
                page.entries.append(entry)
            else:
                page.entries[page.index] = entry
            error = save_step(page.item, {page.step.list_field: page.entries}, page.step)
            if error is None:
                return after_save(page.item, page.kind, page.step)
            status = flash_refusal(error)
            page.reload()
    else:
        flash(_("Some fields are not valid; nothing was saved."), "error")
    return status if status == 409 else 422


def _entry_from(page: _ListPage, form: Form, details_form: Form) -> dict[str, Any] | None:
    """The entry the forms hold; None (and why, flashed) when there is none to save."""
    base_specs, detail_specs = page.specs
    try:
        values = values_from_form(form, base_specs)
        details = values_from_form(details_form, detail_specs) if page.with_measures else {}
    except ValueError as problem:
        flash(str(problem), "error")
        return None
    if not _has_content({**values, **details}):
        flash(_("Fill in the entry first: an empty entry was not saved."), "error")
        return None
    entry = {k: v for k, v in values.items() if v is not None}
    if page.with_measures:
        entry["type"] = page.measure_type
        entry["details"] = {k: v for k, v in details.items() if v is not None}
    return entry


def _list_context(page: _ListPage, form: Form, details_form: Form, status: int) -> dict[str, Any]:
    base_specs, detail_specs = page.specs
    measure_type = page.measure_type
    context = base_context(page.item, page.kind, page.step)
    context.update(
        entries=page.entries,
        index=page.index,
        editing=page.index is not None
        or (page.with_measures and measure_type)
        or not page.with_measures,
        form=form,
        specs=base_specs,
        details_form=details_form,
        detail_specs=detail_specs,
        measure_type=measure_type,
        measure_label=_(MEASURES[measure_type].label) if measure_type else "",
        measure_choices=sorted(
            ((code, _(m.label)) for code, m in MEASURES.items() if code in page.kind.measure_codes),
            key=lambda pair: pair[1],
        ),
        measure_labels={code: _(m.label) for code, m in MEASURES.items()},
        entry_summary=_entry_summary,
        seen_version=page.item.version if status == 409 else seen_version(page.item),
    )
    return context


def _has_content(value: Any) -> bool:
    """Something typed or chosen: an unticked box or a blank text is not."""
    if value is None or value is False:
        return False
    if isinstance(value, dict):
        return any(_has_content(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_content(item) for item in value)
    return is_filled(value)


def _entry_summary(step: Step, entry: dict[str, Any]) -> str:
    if step.list_field == "measures":
        return (entry.get("description") or "")[:120]
    if step.list_field == "persons":
        return entry.get("name") or "—"
    return entry.get("name") or entry.get("title") or entry.get("text") or entry.get("type") or "—"
