"""The wizard's step page: one step of a request, its fields, its list of entries or its review."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, request
from flask_babel import gettext as _

from ..auth.login import permission_required
from ..request_kinds import kind_facts
from . import document_languages
from .directory_facts import (
    accepted_languages,
    authority_dict,
    language_fact,
    proposed_authorities,
    requirement_lines,
    shared_legal_bases,
)
from .entry_steps import items_step, measures_step
from .errors import RequestError
from .forms import build_form, field_key, fill_form, values_from_form
from .kinds import RequestKind, Step, request_kind
from .models import MlaRequest
from .request_blueprint import bp
from .request_document import document_of
from .request_page import editable, load_request, ui_language
from .review_page import review_step
from .statement_fields import asked_fields
from .step_context import base_context, step_options
from .step_saving import after_save, flash_refusal, render_step, save_step, seen_version


def _step_or_404(kind: RequestKind, code: str) -> Step:
    step = kind.step(code)
    if step is None:
        abort(404)
    return step


@bp.route("/<int:request_id>/step/<step_code>", methods=["GET", "POST"])
@permission_required("request.read")
def step(request_id: int, step_code: str) -> Any:
    item = load_request(request_id)
    kind = request_kind(item.kind)
    current = _step_or_404(kind, step_code)
    if request.method == "POST" and not editable(item):
        abort(409)
    handler = {
        "fields": _fields_step,
        "items": items_step,
        "measures": measures_step,
        "review": review_step,
    }[current.layout]
    return handler(item, kind, current)


def _fields_step(item: MlaRequest, kind: RequestKind, step: Step) -> Any:
    fields = asked_fields(step.fields, document_of(item))
    language = ui_language()
    options = step_options(item, step, language)
    form = build_form(
        fields,
        language=language,
        options=options,
        formdata=request.form if request.method == "POST" else None,
    )
    error: RequestError | None = None
    status = 422 if request.method == "POST" else 200
    if request.method == "POST":
        if form.validate():
            try:
                changes = values_from_form(form, fields)
            except ValueError as problem:
                flash(str(problem), "error")
                changes = None
            if changes is not None:
                if step.code == "requested":
                    confirmed = request.form.getlist("requirements_confirmed")
                    changes["requirements_confirmed"] = confirmed or None
                chosen_authority = request.form.get("use_authority", "")
                if step.code == "requested" and chosen_authority.isdigit():
                    changes["requested_authority"] = int(chosen_authority)
                accept = request.form.get("accept")
                if step.code == "legal_basis" and accept:
                    chosen = list(changes.get("legal_basis") or [])
                    changes["legal_basis"] = [*chosen, accept] if accept not in chosen else chosen
                error = save_step(item, changes, step)
                if error is None:
                    return after_save(item, kind, step)
                for name, message in error.fields.items():
                    key = field_key(name)
                    if key in form:
                        form[key].errors = [*form[key].errors, message]
                status = flash_refusal(error)
        else:
            flash(_("Some fields are not valid; nothing was saved."), "error")
    else:
        fill_form(form, fields, document_of(item))
    context = base_context(item, kind, step)
    context.update(form=form, specs=fields, side=_side_panel(item, step))
    context["seen_version"] = item.version if status == 409 else seen_version(item)
    return render_step(context, status)


def _side_panel(item: MlaRequest, step: Step) -> dict[str, Any]:
    document = document_of(item)
    side: dict[str, Any] = {}
    if step.code == "requested":
        side["authorities"] = proposed_authorities(item.requested_state, item.kind)[:5]
        authority = authority_dict(item.requested_authority_id)
        side["authority"] = authority
        side["requirements"] = requirement_lines(authority["requirements"]) if authority else []
        side["confirmed"] = set(document.get("requirements_confirmed") or [])
        side["accepted_languages"] = accepted_languages(item.requested_state, authority, item.kind)
        side["language_fact"] = language_fact(item.requested_state, authority, item.kind)
        side["language_advice"] = document_languages.wizard_advice(
            item.requested_state, item.kind, authority, ui_language()
        )
        side["central_function"] = kind_facts(item.kind).central_function
    if step.code == "legal_basis":
        finder, _codes = shared_legal_bases(document)
        side["finder"] = finder
        side["chosen"] = set(document.get("legal_basis") or [])
    return side
