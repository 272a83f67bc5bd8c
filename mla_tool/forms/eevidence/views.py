"""Pages of the e-evidence kinds: follow-up MLA request, extension, one-page form, previews."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask import Response as FlaskResponse
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ...audit.service import record as audit_record
from ...auth.login import permission_required
from ...extensions import db
from .. import documents
from ..access import get_request_for
from ..errors import RequestError
from ..forms import ActionForm
from ..identifiers import check_identifier, observed_at_in_utc
from ..request_document import document_of
from ..request_page import error_text
from .actions import case_panel, convert_to_mla, request_extension
from .codes import EEVIDENCE_KINDS
from .document import render_form_html, render_form_pdf
from .routing import route_for

bp = Blueprint("eevidence", __name__, url_prefix="/requests")


def _load(request_id: int) -> Any:
    try:
        return get_request_for(current_user, request_id)
    except RequestError:
        abort(404)


def _act(request_id: int, action: Any, done: str) -> Response:
    item = _load(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        draft = action(item, current_user)
    except RequestError as error:
        db.session.rollback()
        if error.status == 404:
            abort(404)
        flash(error_text(error), "error")
        target = url_for("cases.show", case_id=item.case_id) if item.case_id else None
        return redirect(target or url_for("requests.resume", request_id=item.id))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("requests.resume", request_id=draft.id))


@bp.route("/<int:request_id>/follow-up", methods=["POST"])
@permission_required("request.draft")
def follow_up(request_id: int) -> Response:
    return _act(
        request_id,
        convert_to_mla,
        _("The request for mutual assistance was drafted from the preservation: check it."),
    )


@bp.route("/<int:request_id>/extension", methods=["POST"])
@permission_required("request.draft")
def extension(request_id: int) -> Response:
    return _act(
        request_id,
        request_extension,
        _("An extension request was drafted: say why the preservation must continue."),
    )


def eevidence_case_panel(case: Any) -> dict[str, Any] | None:
    """The preservation part of a case page (None for other cases)."""
    if case is None or not current_user.is_authenticated:
        return None
    return case_panel(case, current_user)


def identifier_preview(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Each identifier of a measure: normalised, local time with its zone beside UTC, problems."""
    details = entry.get("details") if isinstance(entry.get("details"), dict) else {}
    out = []
    for item in details.get("identifiers") or []:
        if not isinstance(item, dict):
            continue
        result = check_identifier(item)
        utc = None
        if result.observed_at_utc:
            utc = observed_at_in_utc(
                str(item.get("observed_at")), str(item.get("timezone") or "UTC")
            )
        out.append(
            {
                "type": result.type,
                "shown": result.normalised or result.value,
                "local": " ".join(
                    str(part) for part in (item.get("observed_at"), item.get("timezone")) if part
                ),
                "utc": utc.strftime("%Y-%m-%d %H:%M:%S UTC") if utc else "",
                "categories": list(item.get("data_categories") or []),
                "errors": result.errors,
                "warnings": result.warnings,
            }
        )
    return out


@bp.route("/<int:request_id>/form")
@permission_required("request.read")
def one_page_form(request_id: int) -> Response:
    """The one-page form of a preservation or emergency request, as PDF or HTML."""
    item = _load(request_id)
    language = request.args.get("lang") or item.language or "en"
    fmt = request.args.get("format", "pdf")
    if (
        item.kind not in EEVIDENCE_KINDS
        or language not in documents.DOCUMENT_LANGUAGES
        or fmt not in ("pdf", "html")
    ):
        abort(404)
    data = document_of(item)
    draft = documents.is_draft(item.status)
    audit_record(
        "request.document",
        "request",
        item.id,
        {"format": fmt, "lang": language, "version": item.version, "form": "one_page"},
        actor=current_user,
    )
    db.session.commit()
    if fmt == "html":
        return FlaskResponse(
            documents.for_browser(render_form_html(item.id, data, language, draft)),
            mimetype="text/html",
        )
    response = FlaskResponse(
        render_form_pdf(item.id, data, language, draft), mimetype="application/pdf"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="request-{item.id}-form-{language}.pdf"'
    )
    return response


def provider_route(entry: dict[str, Any]) -> dict[str, Any] | None:
    """Where the provider sits and who takes requests there (24/7 contact, central authority)."""
    details = entry.get("details") if isinstance(entry.get("details"), dict) else {}
    provider = details.get("provider") if isinstance(details.get("provider"), dict) else {}
    country = provider.get("country")
    if not country:
        return None
    return {"country": country, "contacts": route_for(country)}
