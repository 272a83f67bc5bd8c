"""Pages of the request wizard: steps, items, measures, review, versions, documents."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.login import permission_required
from ..directory.states import state_name
from ..extensions import db
from ..home.panels import Panel
from ..i18n import reading_arrow
from . import dismissals, document_languages, documents, service
from .fieldspec import N_, FieldSpec, is_filled
from .forms import (
    LANGUAGE_NAMES,
    ActionForm,
    NewRequestForm,
    build_form,
    field_key,
    fill_form,
    values_from_form,
)
from .kinds import KINDS, RequestKind, Step, request_kind
from .measures import MEASURES
from .models import MlaRequest
from .review_sheet import review_sheet_response
from .rules import CENTRAL_FUNCTIONS

bp = Blueprint("requests", __name__, url_prefix="/requests")


def ui_language() -> str:
    return str(get_locale() or "en").split("_")[0]


def drafts_panel(user: Any) -> list[Panel]:
    if not user.may("request.draft"):
        return []
    rows = [
        {
            "label": _request_title(item),
            "url": url_for("requests.resume", request_id=item.id),
            "note": _("returned for correction") if item.status == "returned" else "",
        }
        for item in service.drafts_of(user)
    ]
    return [
        Panel(
            title=_("My drafts"),
            rows=rows,
            empty_text=_("No draft requests."),
            action_label=_("New request"),
            action_url=url_for("requests.index"),
            order=10,
        )
    ]


def _request_title(item: MlaRequest) -> str:
    subject = (item.data.get("subject") or "").strip().splitlines()
    # a request without a subject (an emergency disclosure has none) is named by its kind
    head = subject[0][:80] if subject else _(request_kind(item.kind).label)
    language = ui_language()
    target = state_name(item.requested_state, language) if item.requested_state else "…"
    return f"#{item.id} {head} {reading_arrow(language)} {target}"


def _load(request_id: int) -> MlaRequest:
    try:
        return service.get_request_for(current_user, request_id)
    except service.RequestError:
        abort(404)


def _step_or_404(kind: RequestKind, code: str) -> Step:
    step = kind.step(code)
    if step is None:
        abort(404)
    return step


def _next_step(kind: RequestKind, step: Step) -> Step | None:
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


# -- list, create, resume -------------------------------------------------------------------------


@bp.route("/")
@permission_required("request.read")
def index() -> str:
    kind = request.args.get("kind") or None
    status = request.args.get("status") or None
    items = service.list_requests(current_user, kind if kind in KINDS else None, status)
    return render_template(
        "requests/index.html",
        items=items,
        title_of=_request_title,
        form=NewRequestForm(),
        language_names=LANGUAGE_NAMES,
    )


@bp.route("/new", methods=["POST"])
@permission_required("request.draft")
def new() -> Response:
    form = NewRequestForm()
    if not form.validate_on_submit():
        abort(400)
    fields: dict[str, Any] = {"kind": form.kind.data}
    if current_user.country_iso3:
        fields["requesting_state"] = current_user.country_iso3
    # the author's details, from their last request or their account: no retyping each time
    fields.update(service.requesting_side_defaults(current_user))
    try:
        created = service.create_request(
            current_user, fields, step=request_kind(None).steps[0].code
        )
    except service.RequestError as error:
        flash(service.error_text(error), "error")
        return redirect(url_for("requests.index"))
    db.session.commit()
    first = request_kind(created.kind).steps[0]
    return redirect(url_for("requests.step", request_id=created.id, step_code=first.code))


@bp.route("/<int:request_id>")
@permission_required("request.read")
def resume(request_id: int) -> Response:
    item = _load(request_id)
    kind = request_kind(item.kind)
    code = item.last_step if item.last_step and kind.step(item.last_step) else kind.steps[0].code
    if item.status not in service.EDITABLE_STATUSES:
        code = kind.steps[-1].code
    return redirect(url_for("requests.step", request_id=item.id, step_code=code))


# -- one step -------------------------------------------------------------------------------------


def _options(item: MlaRequest, step: Step, language: str) -> dict[str, list[tuple[str, str]]]:
    document = service.document_of(item)
    options: dict[str, list[tuple[str, str]]] = {}
    if step.code == "requested":
        authorities = service.proposed_authorities(item.requested_state, item.kind)
        options["requested_authority"] = [
            (str(a["id"]), a.get("name_ar") if language == "ar" and a.get("name_ar") else a["name"])
            for a in authorities
        ]
        options["language"] = document_languages.wizard_languages(
            item.requested_state,
            item.kind,
            service.authority_dict(item.requested_authority_id),
            item.language,
        )
    if step.code == "legal_basis":
        finder, _codes = service.shared_legal_bases(document)
        choices: list[tuple[str, str]] = []
        for entry in finder or []:
            code = entry.get("code")
            if code and entry.get("status") != "not_a_legal_basis":
                choices.append((code, _(str(entry.get("short_name") or entry.get("name") or code))))
        if all(code != "reciprocity" for code, _label in choices):
            choices.append(("reciprocity", _("Reciprocity")))
        for code in document.get("legal_basis") or []:
            if all(code != existing for existing, _label in choices):
                choices.append((code, code))
        options["legal_basis"] = choices
    return options


def _base_context(item: MlaRequest, kind: RequestKind, step: Step) -> dict[str, Any]:
    from ..cases.service import field_label

    result = service.check_request(item, _)
    # the reviewer's comments matter while the author corrects, not once it is submitted again
    comments = service.review_comments_for(item) if item.status == "returned" else {}
    choices = service.field_choices(item.kind) if comments else []
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
        "document": service.document_of(item),
        "kind": kind,
        "step": step,
        "step_label": _(step.label),
        "step_help": _(step.help) if step.help else "",
        "step_number": kind.step_number(step.code),
        "step_count": len(kind.steps),
        "steps": steps,
        "next_step": _next_step(kind, step),
        "result": result,
        "step_findings": [f for f in result.findings if _matches(f.field, prefixes)],
        "comments": comments,
        "comment_labels": {path: field_label(path, choices) for path in comments},
        "editable": item.status in service.EDITABLE_STATUSES
        and service.can_edit(current_user, item),
        "title": _request_title(item),
        "field_key": field_key,
        "findings_for": lambda path: [f for f in result.findings if f.field == path],
        "ui_language": ui_language(),
        "action_form": ActionForm(),
        "document_value": _display_value,
    }


def _display_value(document: dict[str, Any], path: str, spec: FieldSpec | None = None) -> Any:
    from .fieldspec import get_path

    value = get_path(document, path)
    # A choice is stored as its code: show its label, translated.
    labels = {code: _(label) for code, label in spec.choices} if spec and spec.choices else {}
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(value, str) and value in labels:
        return labels[value]
    if path.endswith("_state") and value:
        return state_name(value, ui_language())
    if path == "requested_authority" and value:
        authority = service.authority_dict(value)
        return authority["name"] if authority else value
    return value


def _render(context: dict[str, Any], status: int = 200) -> tuple[str, int]:
    return render_template("requests/step.html", **context), status


#: A save over a version someone else saved meanwhile (the user's input stays in the form).
SAVED_MEANWHILE = N_(
    "Someone else saved this request while you were editing it: nothing of yours was saved. "
    "Your input is still in the form: check the request and save again."
)


def _seen_version(item: MlaRequest) -> int:
    """The version the page was filled from (the form sends it back), else the stored one."""
    posted = request.form.get("version", "") if request.method == "POST" else ""
    return int(posted) if posted.isdigit() else item.version


def _save(item: MlaRequest, changes: dict[str, Any], step: Step) -> service.RequestError | None:
    try:
        # the version read here is the one update_request compares-and-sets in SQL
        if _seen_version(item) != item.version:
            raise service.RequestError(SAVED_MEANWHILE, {"version": SAVED_MEANWHILE}, 409)
        service.update_request(item, changes, current_user, step=step.code)
    except service.RequestError as error:
        db.session.rollback()
        return error
    db.session.commit()
    return None


def _flash_refusal(error: service.RequestError) -> int:
    """Flash why a save was refused; the page's status: 409 for a conflict, else 422."""
    if error.status == 409 and "version" in error.fields:
        flash(_(SAVED_MEANWHILE), "error")
    else:
        flash(service.error_text(error), "error")
    return 409 if error.status == 409 else 422


def _after_save(item: MlaRequest, kind: RequestKind, step: Step) -> Response:
    target = step
    if request.form.get("go") == "next":
        target = _next_step(kind, step) or step
    elif request.form.get("go", "").startswith("step:"):
        target = kind.step(request.form["go"][5:]) or step
    flash(_("Saved."), "success")
    return redirect(url_for("requests.step", request_id=item.id, step_code=target.code))


@bp.route("/<int:request_id>/step/<step_code>", methods=["GET", "POST"])
@permission_required("request.read")
def step(request_id: int, step_code: str) -> Any:
    item = _load(request_id)
    kind = request_kind(item.kind)
    current = _step_or_404(kind, step_code)
    editable = item.status in service.EDITABLE_STATUSES and service.can_edit(current_user, item)
    if request.method == "POST" and not editable:
        abort(409)
    handler = {
        "fields": _fields_step,
        "items": _items_step,
        "measures": _measures_step,
        "review": _review_step,
    }[current.layout]
    return handler(item, kind, current)


def _fields_step(item: MlaRequest, kind: RequestKind, step: Step) -> Any:
    language = ui_language()
    options = _options(item, step, language)
    form = build_form(
        step.fields,
        language=language,
        options=options,
        formdata=request.form if request.method == "POST" else None,
    )
    error: service.RequestError | None = None
    status = 422 if request.method == "POST" else 200
    if request.method == "POST":
        if form.validate():
            try:
                changes = values_from_form(form, step.fields)
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
                error = _save(item, changes, step)
                if error is None:
                    return _after_save(item, kind, step)
                for name, message in error.fields.items():
                    key = field_key(name)
                    if key in form:
                        form[key].errors = [*form[key].errors, message]
                status = _flash_refusal(error)
        else:
            flash(_("Some fields are not valid; nothing was saved."), "error")
    else:
        fill_form(form, step.fields, service.document_of(item))
    context = _base_context(item, kind, step)
    context.update(form=form, specs=step.fields, side=_side_panel(item, step))
    context["seen_version"] = item.version if status == 409 else _seen_version(item)
    return _render(context, status)


def _side_panel(item: MlaRequest, step: Step) -> dict[str, Any]:
    document = service.document_of(item)
    side: dict[str, Any] = {}
    if step.code == "requested":
        side["authorities"] = service.proposed_authorities(item.requested_state, item.kind)[:5]
        authority = service.authority_dict(item.requested_authority_id)
        side["authority"] = authority
        side["requirements"] = (
            service.requirement_lines(authority["requirements"]) if authority else []
        )
        side["confirmed"] = set(document.get("requirements_confirmed") or [])
        side["accepted_languages"] = service.accepted_languages(item.requested_state, authority)
        side["language_advice"] = document_languages.wizard_advice(
            item.requested_state, item.kind, authority, ui_language()
        )
        side["central_function"] = CENTRAL_FUNCTIONS.get(item.kind, "central_authority_mla")
    if step.code == "legal_basis":
        finder, _codes = service.shared_legal_bases(document)
        side["finder"] = finder
        side["chosen"] = set(document.get("legal_basis") or [])
    return side


def _item_specs(
    step: Step, measure_type: str | None
) -> tuple[tuple[FieldSpec, ...], tuple[FieldSpec, ...]]:
    base = step.fields
    measure = MEASURES.get(measure_type or "")
    return base, (measure.fields if measure else ())


def _items_step(item: MlaRequest, kind: RequestKind, step: Step) -> Any:
    return _list_step(item, kind, step, with_measures=False)


def _measures_step(item: MlaRequest, kind: RequestKind, step: Step) -> Any:
    return _list_step(item, kind, step, with_measures=True)


def _list_step(item: MlaRequest, kind: RequestKind, step: Step, with_measures: bool) -> Any:
    language = ui_language()
    document = service.document_of(item)
    entries: list[dict[str, Any]] = list(document.get(step.list_field) or [])
    source = request.form if request.method == "POST" else request.args
    index_text = source.get("item", "")
    index = int(index_text) if index_text.isdigit() and int(index_text) < len(entries) else None
    measure_type = None
    if with_measures:
        measure_type = entries[index]["type"] if index is not None else source.get("type")
        if measure_type and measure_type not in MEASURES:
            abort(404)
    status = 200
    if request.method == "POST" and request.form.get("remove", "").isdigit():
        position = int(request.form["remove"])
        if ActionForm().validate_on_submit() and position < len(entries):
            del entries[position]
            error = _save(item, {step.list_field: entries}, step)
            if error is None:
                flash(_("Removed."), "success")
                return redirect(url_for("requests.step", request_id=item.id, step_code=step.code))
            status = _flash_refusal(error)
            entries = list(service.document_of(item).get(step.list_field) or [])
    moving_on = request.method == "POST" and request.form.get("go") and not request.form.get("save")
    if moving_on and ActionForm().validate_on_submit():
        return _after_save(item, kind, step)
    base_specs, detail_specs = _item_specs(step, measure_type)
    editing = index is not None or (with_measures and measure_type) or not with_measures
    form = build_form(
        base_specs,
        language=language,
        formdata=request.form if request.method == "POST" else None,
        prefix="item",
    )
    details_form = build_form(
        detail_specs,
        language=language,
        formdata=request.form if request.method == "POST" else None,
        prefix="details",
    )
    if request.method == "POST" and request.form.get("save"):
        if not ActionForm().validate_on_submit():
            abort(400)
        if form.validate() and details_form.validate():
            try:
                values = values_from_form(form, base_specs)
                details = values_from_form(details_form, detail_specs) if with_measures else {}
            except ValueError as problem:
                flash(str(problem), "error")
                values = None
            if values is not None and not _has_content({**values, **details}):
                flash(_("Fill in the entry first: an empty entry was not saved."), "error")
                values = None
            if values is not None:
                entry = {k: v for k, v in values.items() if v is not None}
                if with_measures:
                    entry["type"] = measure_type
                    entry["details"] = {k: v for k, v in details.items() if v is not None}
                if index is None:
                    entries.append(entry)
                else:
                    entries[index] = entry
                error = _save(item, {step.list_field: entries}, step)
                if error is None:
                    return _after_save(item, kind, step)
                status = _flash_refusal(error)
                entries = list(service.document_of(item).get(step.list_field) or [])
        else:
            flash(_("Some fields are not valid; nothing was saved."), "error")
        status = status if status == 409 else 422
    elif request.method == "GET" and index is not None:
        fill_form(form, base_specs, entries[index])
        if with_measures:
            fill_form(details_form, detail_specs, entries[index].get("details") or {})
    context = _base_context(item, kind, step)
    context.update(
        entries=entries,
        index=index,
        editing=editing,
        form=form,
        specs=base_specs,
        details_form=details_form,
        detail_specs=detail_specs,
        measure_type=measure_type,
        measure_label=_(MEASURES[measure_type].label) if measure_type else "",
        measure_choices=sorted(
            ((code, _(m.label)) for code, m in MEASURES.items() if code in kind.measure_codes),
            key=lambda pair: pair[1],
        ),
        measure_labels={code: _(m.label) for code, m in MEASURES.items()},
        entry_summary=_entry_summary,
        seen_version=item.version if status == 409 else _seen_version(item),
    )
    return _render(context, status)


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


def _review_step(item: MlaRequest, kind: RequestKind, step: Step) -> Any:
    context = _base_context(item, kind, step)
    context.update(
        document_languages=[(code, LANGUAGE_NAMES[code]) for code in documents.DOCUMENT_LANGUAGES],
        measure_labels={code: _(m.label) for code, m in MEASURES.items()},
        sections=[s for s in kind.steps if s.layout != "review"],
        versions=service.versions_of(item)[:5],
    )
    return _render(context)


# -- actions --------------------------------------------------------------------------------------


@bp.route("/<int:request_id>/submit", methods=["POST"])
@permission_required("request.draft")
def submit(request_id: int) -> Response:
    item = _load(request_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.submit_request(item, current_user, note=request.form.get("note") or None)
    except service.RequestError as error:
        db.session.rollback()
        flash(service.error_text(error), "error")
        return redirect(url_for("requests.step", request_id=item.id, step_code="review"))
    db.session.commit()
    flash(_("Submitted to the central authority for review."), "success")
    return redirect(url_for("requests.step", request_id=item.id, step_code="review"))


@bp.route("/<int:request_id>/review", methods=["POST"])
@permission_required("request.read")
def review(request_id: int) -> Response:
    """The central authority's decision on a request filed in a case that is past review."""
    item = _load(request_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    decision = request.form.get("decision", "")
    try:
        service.review_request(item, current_user, decision, request.form.get("note"))
    except service.RequestError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        flash(_(REVIEW_REFUSALS.get(error.code, error.message)), "error")
    else:
        db.session.commit()
        flash(_(REVIEW_DONE[decision]), "success")
    return redirect(url_for("cases.show", case_id=item.case_id) + "#case-requests")


#: What the case page says after a decision on a request, and when one is refused.
REVIEW_DONE = {
    "approve": N_("Request approved: send it, then mark it as transmitted."),
    "return": N_("Request returned to its author for correction."),
    "transmitted": N_("Request marked as transmitted."),
}
REVIEW_REFUSALS = {
    "validation_error": N_("A reason is needed to return a request."),
    "conflict": N_("This decision does not apply to the request as it stands now."),
}


@bp.app_template_global("case_requests")
def case_requests(case: Any) -> list[dict[str, Any]]:
    """The requests filed in a case, with the decisions the signed-in user may give on each."""
    if case is None or not current_user.is_authenticated:
        return []
    reviewer = current_user.role in service.REQUEST_REVIEWERS
    rows = []
    for item in service.requests_of_case(case.id):
        own_review = service.awaits_own_review(item, case)
        decisions = []
        if reviewer and own_review:
            decisions = [
                code
                for code, (source, _t, _r) in service.REQUEST_REVIEW.items()
                if source == item.status
            ]
        rows.append(
            {
                "id": item.id,
                "title": _request_title(item),
                "kind": request_kind(item.kind).label,
                "status": item.status,
                "own_review": own_review,
                "decisions": decisions,
            }
        )
    return rows


@bp.route("/<int:request_id>/duplicate", methods=["POST"])
@permission_required("request.draft")
def duplicate(request_id: int) -> Response:
    item = _load(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    target = (request.form.get("requested_state") or "").strip().upper() or None
    try:
        copy = service.duplicate_request(item, current_user, target)
    except service.RequestError as error:
        db.session.rollback()
        flash(service.error_text(error), "error")
        return redirect(url_for("requests.step", request_id=item.id, step_code="review"))
    db.session.commit()
    flash(_("A copy was made: choose the requested state and its authority."), "success")
    return redirect(url_for("requests.step", request_id=copy.id, step_code="requested"))


@bp.route("/<int:request_id>/versions")
@permission_required("request.read")
def versions(request_id: int) -> str:
    item = _load(request_id)
    return render_template(
        "requests/versions.html",
        item=item,
        title=_request_title(item),
        versions=service.versions_of(item),
        action_form=ActionForm(),
        editable=item.status in service.EDITABLE_STATUSES and service.can_edit(current_user, item),
    )


@bp.route("/<int:request_id>/versions/<int:number>/restore", methods=["POST"])
@permission_required("request.draft")
def restore(request_id: int, number: int) -> Response:
    item = _load(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.restore_version(item, number, current_user)
    except service.RequestError as error:
        db.session.rollback()
        flash(service.error_text(error), "error")
        return redirect(url_for("requests.versions", request_id=item.id))
    db.session.commit()
    flash(_("Version %(number)s restored as a new version.", number=number), "success")
    return redirect(url_for("requests.step", request_id=item.id, step_code="review"))


@bp.route("/<int:request_id>/document")
@permission_required("request.read")
def document(request_id: int) -> Response:
    item = _load(request_id)
    language = request.args.get("lang") or item.language or "en"
    fmt = request.args.get("format", "pdf")
    if language not in documents.DOCUMENT_LANGUAGES:
        abort(404)
    if fmt not in ("pdf", "html", "docx"):
        abort(400, _("Unknown document format: choose pdf, html or docx."))
    response = documents.document_response(item, language, fmt, current_user)
    db.session.commit()
    return response


@bp.route("/<int:request_id>/review-sheet.<fmt>")
@permission_required("request.read")
def review_sheet(request_id: int, fmt: str) -> Response:
    """The internal review sheet (completeness checklist), in the reader's language by default."""
    item = _load(request_id)
    locale = str(get_locale() or "en").split("_")[0]
    default = locale if locale in documents.DOCUMENT_LANGUAGES else "en"
    language = request.args.get("lang") or default
    if language not in documents.DOCUMENT_LANGUAGES or fmt not in ("pdf", "html"):
        abort(404)
    response = review_sheet_response(item, language, fmt, current_user)
    db.session.commit()
    return response


#: The review step's buttons on a finding: dismiss it for its field, or undo that.
FINDING_ACTIONS = {
    "dismiss": (dismissals.dismiss_finding, N_("Dismissed for this field.")),
    "restore": (dismissals.restore_finding, N_("Reported again.")),
}


@bp.route("/<int:request_id>/findings", methods=["POST"])
@permission_required("request.draft")
def finding(request_id: int) -> Response:
    item = _load(request_id)
    # named "change": an input named "action" would hide the form's own action in the browser
    action = FINDING_ACTIONS.get(request.form.get("change", ""))
    if not ActionForm().validate_on_submit() or action is None:
        abort(400)
    change, done = action
    try:
        change(item, request.form.get("rule", ""), request.form.get("field", ""), current_user)
    except service.RequestError as error:
        db.session.rollback()
        flash(service.error_text(error), "error")
    else:
        db.session.commit()
        flash(_(done), "success")
    return redirect(url_for("requests.step", request_id=item.id, step_code="review"))
