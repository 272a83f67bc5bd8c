"""Pages of the directory of competent national authorities."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.login import permission_required
from ..extensions import db
from ..home.panels import Panel
from .authorities import (
    authority_as_dict,
    authority_input,
    count_stale,
    create_authority,
    find_authorities,
    function_label,
    get_authority,
    is_stale,
    restore_authority_version,
    retire_authority,
    stale_authorities,
    update_authority,
    validate_authority,
)
from .errors import DirectoryError
from .forms import (
    REQUEST_KIND_LABELS,
    AuthorityForm,
    BilateralTreatyForm,
    ConfirmForm,
    DeclarationForm,
    LegalBasisForm,
    ParticipationForm,
    SearchForm,
)
from .legal_basis import legal_basis as find_legal_basis
from .overview import state_overview
from .schemas import CHANNELS
from .states import state_by_iso3, state_name, states_by_name
from .treaties import (
    BilateralTreaty,
    create_bilateral_instrument,
    data_age,
    get_instrument,
    instrument_as_dict,
    list_instruments,
    set_declaration,
    set_participation,
)
from .versions import compare_versions, history

bp = Blueprint("directory", __name__, url_prefix="/directory")

PAGE_SIZE = 50


def ui_language() -> str:
    return str(get_locale() or "en").split("_")[0]


@bp.app_context_processor
def directory_helpers() -> dict[str, Any]:
    return {
        "state_name": lambda iso3: state_name(iso3, ui_language()),
        "function_label": function_label,
        "channel_label": lambda key: str(CHANNELS.get(key, key)),
        "kind_label": lambda key: str(REQUEST_KIND_LABELS.get(key, key)),
        "is_stale": is_stale,
    }


@bp.route("/")
@permission_required("directory.read")
def index() -> str:
    form = SearchForm(request.args)
    form.fill_choices(ui_language())
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    entries: list[Any] = []
    if form.validate():
        entries = find_authorities(
            country=form.country.data or None,
            function=form.function.data or None,
            language=(form.language.data or "").strip().lower() or None,
            q=form.q.data or None,
            include_retired=form.retired.data == "1",
            stale_only=form.stale.data == "1",
            states_named_in=ui_language(),
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
    has_next = len(entries) > PAGE_SIZE
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "directory/index.html",
        form=form,
        entries=[authority_as_dict(a, ui_language()) for a in entries[:PAGE_SIZE]],
        page=page,
        next_url=url_for(".index", page=page + 1, **args) if has_next else None,
        prev_url=url_for(".index", page=page - 1, **args) if page > 1 else None,
    )


@bp.route("/states")
@permission_required("directory.read")
def states() -> str:
    language = ui_language()
    listed = states_by_name(language)
    return render_template("directory/states.html", states=listed, language=language)


@bp.route("/state/<iso3>")
@permission_required("directory.read")
def state(iso3: str) -> str:
    if state_by_iso3(iso3) is None:
        abort(404)
    overview = state_overview(iso3)
    language = ui_language()
    overview["authorities"] = [authority_as_dict(a, language) for a in overview["authorities"]]
    return render_template("directory/state.html", o=overview, language=language)


@bp.route("/<int:authority_id>")
@permission_required("directory.read")
def entry(authority_id: int) -> str:
    authority = _authority_or_404(authority_id)
    versions = history("authority", authority.id)
    return render_template(
        "directory/entry.html",
        a=authority_as_dict(authority, ui_language()),
        versions=versions,
        confirm=ConfirmForm(),
        field_labels=field_labels(),
    )


def field_labels() -> dict[str, str]:
    """Column name of an entry -> the label its form field shows (for history and compare)."""
    form = AuthorityForm(meta={"csrf": False})
    labels = {name: str(field.label.text) for name, field in form._fields.items()}
    labels.update(
        country_iso3=labels.get("country", "country_iso3"),
        retired=_("Retired"),
        is_sample=_("Sample data"),
    )
    return labels


@bp.app_template_filter("entry_value")
def entry_value(value: Any) -> str:
    """A stored value as people read it: lists joined, booleans in words, nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(entry_value(item) for item in value)
    if isinstance(value, dict):
        return " | ".join(entry_value(item) for item in value.values())
    return str(value)


@bp.route("/<int:authority_id>/compare")
@permission_required("directory.read")
def compare(authority_id: int) -> str:
    authority = _authority_or_404(authority_id)
    older = request.args.get("a", type=int)
    newer = request.args.get("b", type=int)
    if older is None or newer is None:
        abort(400)
    if older > newer:
        older, newer = newer, older
    try:
        diff = compare_versions("authority", authority.id, older, newer)
    except DirectoryError:
        abort(404)
    return render_template(
        "directory/compare.html",
        a=authority_as_dict(authority, ui_language()),
        diff=diff,
        older=older,
        newer=newer,
        confirm=ConfirmForm(),
        labels=field_labels(),
    )


@bp.route("/<int:authority_id>/restore/<int:version>", methods=["POST"])
@permission_required("directory.edit")
def restore(authority_id: int, version: int) -> Response:
    authority = _authority_or_404(authority_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        changed = restore_authority_version(authority, version, current_user)
    except DirectoryError as error:
        db.session.rollback()
        flash(_("Could not restore: %(message)s", message=error.message), "error")
        return redirect(url_for(".entry", authority_id=authority_id))
    db.session.commit()
    if changed:
        flash(_("Version %(version)s restored as a new version.", version=version), "success")
    else:
        flash(_("That version is the same as the current one: nothing changed."), "warning")
    return redirect(url_for(".entry", authority_id=authority_id))


@bp.route("/<int:authority_id>/retire", methods=["POST"])
@permission_required("directory.edit")
def retire(authority_id: int) -> Response:
    authority = _authority_or_404(authority_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    retire_authority(authority, current_user, note=form.note.data or "")
    db.session.commit()
    flash(_("The entry is retired. Its history is kept and it can be restored."), "success")
    return redirect(url_for(".entry", authority_id=authority_id))


@bp.route("/new", methods=["GET", "POST"])
@permission_required("directory.edit")
def create() -> Any:
    form = AuthorityForm()
    form.fill_choices(ui_language())
    if request.method == "GET" and request.args.get("country"):
        form.country.data = request.args["country"].upper()
    if form.validate_on_submit():
        try:
            authority = create_authority(
                form.to_entry(), current_user, note=form.change_note.data or ""
            )
        except DirectoryError as error:
            db.session.rollback()
            form.show_errors(error.fields or {"name": error.message})
        else:
            db.session.commit()
            flash(_("Entry created."), "success")
            return redirect(url_for(".entry", authority_id=authority.id))
    _all_errors_at_once(form)
    return render_template("directory/edit.html", form=form, a=None), (422 if form.errors else 200)


def _all_errors_at_once(form: AuthorityForm) -> None:
    """When the form's own checks failed, the entry's rules are checked too, so that every bad
    field shows in one round (a missing name and a bad email together)."""
    if request.method != "POST" or not form.errors or "csrf_token" in form.errors:
        return
    try:
        validate_authority(form.to_entry())
    except DirectoryError as error:
        form.show_errors({k: v for k, v in error.fields.items() if not _has_errors(form, k)})
    except (TypeError, ValueError):
        pass  # a value the form could not even read: its own error already says so


def _has_errors(form: AuthorityForm, key: str) -> bool:
    field = getattr(form, key.split(".")[0], None)
    return bool(field is not None and getattr(field, "errors", None))


@bp.route("/<int:authority_id>/edit", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit(authority_id: int) -> Any:
    authority = _authority_or_404(authority_id)
    form = AuthorityForm()
    form.fill_choices(ui_language())
    if request.method == "GET":
        form.load(authority_input(authority))
    # the version the form was filled from: an edit saved meanwhile by someone else is a 409
    posted = request.form.get("version", "")
    seen = int(posted) if request.method == "POST" and posted.isdigit() else authority.version
    conflict = False
    if form.validate_on_submit():
        data = form.to_entry()
        data["retired"] = authority.retired
        data["is_sample"] = authority.is_sample
        try:
            changed = update_authority(
                authority,
                data,
                current_user,
                note=form.change_note.data or "",
                expected_version=seen,
            )
        except DirectoryError as error:
            db.session.rollback()
            if error.status == 409:
                conflict = True
                seen = authority.version  # saving again, deliberately, replaces that version
                flash(
                    _(
                        "Someone else saved this entry while you were editing it (it is now "
                        "version %(version)s): nothing of yours was saved. Your changes are still "
                        "in the form: compare them with the entry and save again.",
                        version=seen,
                    ),
                    "error",
                )
            else:
                form.show_errors(error.fields or {"name": error.message})
        else:
            db.session.commit()
            if changed:
                flash(_("Saved as version %(version)s.", version=authority.version), "success")
            else:
                flash(_("Nothing changed."), "warning")
            return redirect(url_for(".entry", authority_id=authority.id))
    _all_errors_at_once(form)
    return render_template(
        "directory/edit.html",
        form=form,
        a=authority_as_dict(authority, ui_language()),
        seen_version=seen,
    ), (409 if conflict else 422 if form.errors else 200)


@bp.route("/legal-basis")
@permission_required("directory.read")
def legal_basis() -> Any:
    form = LegalBasisForm(request.args)
    form.fill_choices(ui_language())
    results = None
    error_fields: dict[str, str] = {}
    if request.args and form.validate():
        try:
            results = find_legal_basis(form.requesting.data, form.requested.data, form.kind.data)
        except DirectoryError as error:
            error_fields = error.fields
    return render_template(
        "directory/legal_basis.html",
        form=form,
        results=results,
        error_fields=error_fields,
        data_age=data_age(),
    ), (422 if error_fields else 200)


@bp.route("/instruments")
@permission_required("directory.read")
def instruments() -> str:
    language = ui_language()
    return render_template(
        "directory/instruments.html",
        instruments=[instrument_as_dict(i, language) for i in list_instruments()],
        data_age=data_age(),
    )


@bp.route("/instruments/new", methods=["GET", "POST"])
@permission_required("directory.edit")
def create_instrument() -> Any:
    form = BilateralTreatyForm()
    form.fill_choices(ui_language())
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        treaty = BilateralTreaty(
            code=form.code.data or "",
            name_en=form.name_en.data or "",
            states=(form.state_a.data or "", form.state_b.data or ""),
            articles=form.articles(),
            source=form.source.data or "",
            in_force_since=form.in_force_since.data,
        )
        try:
            create_bilateral_instrument(treaty, current_user)
        except DirectoryError as error:
            db.session.rollback()
            errors = error.fields or {"code": error.message}
        else:
            db.session.commit()
            flash(_("Treaty recorded."), "success")
            return redirect(url_for(".instruments"))
    return render_template("directory/instrument_new.html", form=form, errors=errors), (
        422 if errors or form.errors else 200
    )


def _instrument_choices() -> list[tuple[str, str]]:
    return [(i.code, i.short_name or i.code) for i in list_instruments()]


@bp.route("/state/<iso3>/participation", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit_participation(iso3: str) -> Any:
    iso3 = iso3.upper()
    if state_by_iso3(iso3) is None:
        abort(404)
    form = ParticipationForm()
    form.instrument.choices = _instrument_choices()
    code = request.values.get("instrument") or ""
    record = _participation(code, iso3)
    if request.method == "GET" and record is not None:
        form.instrument.data = code
        form.status.data = record.status
        form.signature_date.data = record.signature_date
        form.consent_date.data = record.consent_date
        form.consent_type.data = record.consent_type
        form.source.data = record.source
        form.data_as_of.data = record.data_as_of
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            set_participation(
                get_instrument(form.instrument.data or ""),
                iso3,
                {
                    "status": form.status.data,
                    "signature_date": form.signature_date.data,
                    "consent_date": form.consent_date.data,
                    "consent_type": form.consent_type.data or "",
                    "source": form.source.data or "",
                    "data_as_of": form.data_as_of.data,
                },
                current_user,
            )
        except DirectoryError as error:
            db.session.rollback()
            errors = error.fields or {"instrument": error.message}
        else:
            db.session.commit()
            flash(_("Participation saved."), "success")
            return redirect(url_for(".state", iso3=iso3))
    versions = history("participation", record.id) if record else []
    return render_template(
        "directory/treaty_edit.html",
        form=form,
        iso3=iso3,
        title=_("Participation of %(state)s", state=state_name(iso3, ui_language())),
        versions=versions,
        errors=errors,
    ), (422 if errors or form.errors else 200)


@bp.route("/state/<iso3>/declaration", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit_declaration(iso3: str) -> Any:
    iso3 = iso3.upper()
    if state_by_iso3(iso3) is None:
        abort(404)
    form = DeclarationForm()
    form.instrument.choices = _instrument_choices()
    code = request.values.get("instrument") or ""
    record = _declaration(code, iso3)
    if request.method == "GET" and record is not None:
        form.instrument.data = code
        form.central_authority.data = record.central_authority
        form.languages_text.data = record.languages_text
        form.languages.data = ", ".join(record.languages)
        form.legal_basis_extradition.data = record.legal_basis_extradition
        form.source.data = record.source
        form.quote.data = record.quote
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        languages = [c.strip().lower() for c in (form.languages.data or "").split(",") if c.strip()]
        try:
            set_declaration(
                get_instrument(form.instrument.data or ""),
                iso3,
                {
                    "central_authority": form.central_authority.data or "",
                    "languages_text": form.languages_text.data or "",
                    "languages": languages,
                    "legal_basis_extradition": form.legal_basis_extradition.data,
                    "source": form.source.data or "",
                    "quote": form.quote.data or "",
                },
                current_user,
            )
        except DirectoryError as error:
            db.session.rollback()
            errors = error.fields or {"instrument": error.message}
        else:
            db.session.commit()
            flash(_("Declaration saved."), "success")
            return redirect(url_for(".state", iso3=iso3))
    versions = history("declaration", record.id) if record else []
    return render_template(
        "directory/treaty_edit.html",
        form=form,
        iso3=iso3,
        title=_("Declarations of %(state)s", state=state_name(iso3, ui_language())),
        versions=versions,
        errors=errors,
    ), (422 if errors or form.errors else 200)


def _participation(code: str, iso3: str) -> Any:
    try:
        instrument = get_instrument(code)
    except DirectoryError:
        return None
    return next((p for p in instrument.participations if p.state_iso3 == iso3), None)


def _declaration(code: str, iso3: str) -> Any:
    try:
        instrument = get_instrument(code)
    except DirectoryError:
        return None
    return next((d for d in instrument.declarations if d.state_iso3 == iso3), None)


def _authority_or_404(authority_id: int) -> Any:
    try:
        return get_authority(authority_id)
    except DirectoryError:
        abort(404)


def stale_panel(user: Any) -> list[Panel]:
    """Maintainers see the entries that are not verified for 12 months."""
    if not user.may("directory.edit"):
        return []
    rows = [
        {
            "label": f"{a.name} ({a.country_iso3})",
            "url": url_for("directory.entry", authority_id=a.id),
            "note": _("verified %(date)s", date=a.verified_on.isoformat())
            if a.verified_on
            else _("never verified"),
        }
        for a in stale_authorities(limit=8)
    ]
    total = count_stale()
    more = total > len(rows)
    return [
        Panel(
            title=_("Directory entries to verify (%(count)s)", count=total),
            rows=rows,
            empty_text=_("Every directory entry was verified in the last 12 months."),
            action_label=_("All entries to verify") if more else _("Add an entry"),
            action_url=url_for("directory.index", stale=1) if more else url_for("directory.create"),
            order=30,
        )
    ]
