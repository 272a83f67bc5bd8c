"""The Translations page of a request: status per language, export and import of XLIFF files."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from ...auth.login import permission_required
from ...extensions import db
from ..access import can_edit
from ..kinds import request_kind
from ..request_document import document_of
from ..request_page import load_request, request_title, ui_language
from .actions import export_file, import_file, target_languages
from .receive import MAX_XLIFF_BYTES, TranslationRefused
from .store import all_status
from .substitute import language_name

bp = Blueprint("translations", __name__, url_prefix="/requests")


class ImportForm(FlaskForm):
    xliff = FileField(_l("Translated XLIFF file"), validators=[FileRequired()])


@bp.route("/<int:request_id>/translations")
@permission_required("request.read")
def index(request_id: int) -> str:
    item = load_request(request_id)
    document = document_of(item)
    ui = ui_language()
    rows: list[dict[str, Any]] = [
        {"status": status, "name": language_name(status.language, ui)}
        for status in all_status(item.id, document, target_languages())
    ]
    return render_template(
        "requests/translations.html",
        item=item,
        title=request_title(item),
        # the request's steps beside the Translations tab, as on its step pages
        steps=[
            {"code": step.code, "label": _(step.label)} for step in request_kind(item.kind).steps
        ],
        rows=rows,
        source_name=language_name(str(document.get("language") or "en"), ui),
        form=ImportForm(),
        editable=can_edit(current_user, item),
    )


@bp.route("/<int:request_id>/translations/<lang>.xliff")
@permission_required("request.read")
def export(request_id: int, lang: str) -> Response:
    item = load_request(request_id)
    try:
        body, filename = export_file(item, lang)
    except TranslationRefused:
        abort(404)
    response = Response(body, mimetype="application/x-xliff+xml")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _flash_result(imported: int, stale: int) -> None:
    flash(_("%(n)s translations imported.", n=imported), "success")
    if stale:
        flash(
            _("%(n)s units were not used: their text changed since the export.", n=stale), "error"
        )


@bp.route("/<int:request_id>/translations/<lang>", methods=["POST"])
@permission_required("request.draft")
def upload(request_id: int, lang: str) -> Any:
    item = load_request(request_id)
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose the translated XLIFF file to import."), "error")
        return redirect(url_for("translations.index", request_id=item.id)), 303
    raw = form.xliff.data.read(MAX_XLIFF_BYTES + 1)
    try:
        result = import_file(item, lang, raw, current_user)
    except TranslationRefused as error:
        db.session.rollback()
        flash(_("Nothing was imported: %(reason)s", reason=error.shown(_)), "error")
        return redirect(url_for("translations.index", request_id=item.id)), 303
    db.session.commit()
    _flash_result(len(result.imported), len(result.stale))
    return redirect(url_for("translations.index", request_id=item.id)), 303
