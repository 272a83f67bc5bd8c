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
from ..access import can_edit, get_request_for
from ..errors import RequestError
from ..models import MlaRequest
from ..request_document import document_of
from .actions import export_file, import_file, target_languages
from .receive import MAX_XLIFF_BYTES, TranslationRefused
from .store import all_status
from .substitute import language_name

bp = Blueprint("translations", __name__, url_prefix="/requests")


class ImportForm(FlaskForm):
    xliff = FileField(_l("Translated XLIFF file"), validators=[FileRequired()])


def _load(request_id: int) -> MlaRequest:
    try:
        return get_request_for(current_user, request_id)
    except RequestError:
        abort(404)


def _ui_language() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "en").split("_")[0]


@bp.route("/<int:request_id>/translations")
@permission_required("request.read")
def index(request_id: int) -> str:
    item = _load(request_id)
    document = document_of(item)
    ui = _ui_language()
    rows: list[dict[str, Any]] = [
        {"status": status, "name": language_name(status.language, ui)}
        for status in all_status(item.id, document, target_languages())
    ]
    return render_template(
        "requests/translations.html",
        item=item,
        rows=rows,
        source_name=language_name(str(document.get("language") or "en"), ui),
        form=ImportForm(),
        editable=can_edit(current_user, item),
    )


@bp.route("/<int:request_id>/translations/<lang>.xliff")
@permission_required("request.read")
def export(request_id: int, lang: str) -> Response:
    item = _load(request_id)
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
    item = _load(request_id)
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose the translated XLIFF file to import."), "error")
        return redirect(url_for("translations.index", request_id=item.id)), 303
    raw = form.xliff.data.read(MAX_XLIFF_BYTES + 1)
    try:
        result = import_file(item, lang, raw, current_user)
    except TranslationRefused as error:
        db.session.rollback()
        flash(
            _("Nothing was imported: %(reason)s", reason=_(error.message, **error.params)), "error"
        )
        return redirect(url_for("translations.index", request_id=item.id)), 303
    db.session.commit()
    _flash_result(len(result.imported), len(result.stale))
    return redirect(url_for("translations.index", request_id=item.id)), 303
