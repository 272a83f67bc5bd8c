"""Pages of the secure exchange: identity and keys, Transmit securely, Receive package, status."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ..audit.service import record as audit_record
from ..auth.login import permission_required
from ..cases.access import get_case_for
from ..cases.dates import today
from ..cases.errors import CaseError
from ..directory.models import Authority
from ..extensions import db
from ..forms.document_languages import DOCUMENT_LANGUAGES, own_name
from ..vault.service import list_attachments
from .forms import (
    METHOD_LABELS,
    ReceiveForm,
    RevokeKeyForm,
    StatusForm,
    TransmitForm,
    VerifyKeyForm,
)
from .identity import own_identity
from .listing import get_package_for, packages_of, recent_packages
from .package import package_filename, sealed_file
from .receive import import_package
from .refusals import ExchangeError
from .status import STATUS_UPDATES, export_status
from .transmit import default_languages, recipient_choices, transmit_case, transmittable
from .trust import (
    authorities_with_keys,
    key_status,
    record_verification,
    revoke_key,
    verifications_of,
)

bp = Blueprint("exchange", __name__, url_prefix="/exchange")


KEY_STATE_LABELS = {
    "none": _l("no key"),
    "invalid": _l("invalid key"),
    "unverified": _l("not verified"),
    "verified": _l("verified"),
    "revoked": _l("revoked"),
    "expired": _l("verification expired"),
}


def refusal_text(error: ExchangeError) -> str:
    """The translated message of a refusal (the service's own text when no table entry)."""
    return _(error.message)  # the field details are for the API; a text not in the catalogue stays


def _key_row(authority: Authority) -> dict[str, Any]:
    status = key_status(authority)
    verification = status.verification
    return {
        "id": authority.id,
        "name": authority.name,
        "country": authority.country_iso3,
        "state": status.state,
        "state_label": str(KEY_STATE_LABELS.get(status.state, status.state)),
        "fingerprint": status.fingerprint,
        "verified_on": verification.verified_on.isoformat() if verification else "",
        "method": str(METHOD_LABELS.get(verification.method, "")) if verification else "",
        "expires_on": verification.expires_on.isoformat()
        if verification and verification.expires_on
        else "",
    }


def _package_row(package: Any) -> dict[str, Any]:
    return {
        "id": package.id,
        "package_id": package.package_id,
        "direction": package.direction,
        "type": package.type,
        "status": package.status or "",
        "status_label": str(_(STATUS_UPDATES[package.status][0]))
        if package.status in STATUS_UPDATES
        else "",
        "digest": package.digest,
        "case_id": package.case_id,
        "counterpart": (package.summary or {}).get("recipient")
        or (package.summary or {}).get("sender")
        or "",
        "at": package.at.strftime("%Y-%m-%d %H:%M"),
        "files": [f.get("name", "") for f in (package.summary or {}).get("files", [])],
        "downloadable": package.direction == "sent" and bool(package.storage_path),
    }


# ---------------------------------------------------------------------------------------------
# Identity and keys


@bp.route("/")
@permission_required("exchange.manage")
def index() -> str:
    try:
        public = own_identity().public
        identity = {"fingerprint": public.fingerprint, "pem": public.pem()}
    except ExchangeError:
        identity = None
    return render_template(
        "exchange/index.html",
        identity=identity,
        keys=[_key_row(a) for a in authorities_with_keys()],
        packages=[_package_row(p) for p in recent_packages(current_user)],
    )


@bp.route("/identity.pem")
@permission_required("exchange.manage")
def identity_pem() -> Response:
    try:
        public = own_identity().public
    except ExchangeError:
        abort(404)
    response = Response(public.pem(), mimetype="application/x-pem-file")
    response.headers["Content-Disposition"] = 'attachment; filename="mla-tool-exchange.pem"'
    return response


def _authority_or_404(authority_id: int) -> Authority:
    authority = db.session.get(Authority, authority_id)
    if authority is None:
        abort(404)
    return authority


@bp.route("/keys/<int:authority_id>", methods=["GET", "POST"])
@permission_required("exchange.manage")
def key(authority_id: int) -> tuple[str, int] | BaseResponse:
    authority = _authority_or_404(authority_id)
    form = VerifyKeyForm()
    if form.validate_on_submit():
        try:
            record_verification(
                authority,
                current_user,
                fingerprint=form.fingerprint.data or "",
                verified_on=form.verified_on.data,
                method=form.method.data,
                note=form.note.data or "",
                expires_on=form.expires_on.data,
            )
        except ExchangeError as error:
            db.session.rollback()
            for name, message in error.fields.items():
                getattr(form, name, form.fingerprint).errors = [message]
            flash(refusal_text(error), "error")
        else:
            db.session.commit()
            flash(_("The key fingerprint is recorded as verified."), "success")
            return redirect(url_for("exchange.key", authority_id=authority.id))
    elif form.is_submitted():
        flash(_("Check the fields marked."), "error")
    if not form.is_submitted():
        form.verified_on.data = today()
    history = [
        {
            "fingerprint": v.fingerprint,
            "verified_on": v.verified_on.isoformat(),
            "method": str(METHOD_LABELS.get(v.method, v.method)),
            "note": v.note,
            "expires_on": v.expires_on.isoformat() if v.expires_on else "",
            "revoked_at": v.revoked_at.strftime("%Y-%m-%d %H:%M") if v.revoked_at else "",
            "revoked_reason": v.revoked_reason,
        }
        for v in verifications_of(authority)
    ]
    status = 422 if form.is_submitted() else 200
    return render_template(
        "exchange/key.html",
        key=_key_row(authority),
        history=history,
        form=form,
        revoke_form=RevokeKeyForm(formdata=None),
    ), status


@bp.route("/keys/<int:authority_id>/revoke", methods=["POST"])
@permission_required("exchange.manage")
def revoke(authority_id: int) -> BaseResponse:
    authority = _authority_or_404(authority_id)
    form = RevokeKeyForm()
    if not form.validate_on_submit():
        flash(_("A reason is required to revoke a key."), "error")
        return redirect(url_for("exchange.key", authority_id=authority.id))
    try:
        revoke_key(authority, current_user, form.reason.data or "")
    except ExchangeError as error:
        db.session.rollback()
        flash(refusal_text(error), "error")
    else:
        db.session.commit()
        flash(_("The key is revoked: packages signed with it are refused."), "success")
    return redirect(url_for("exchange.key", authority_id=authority.id))


# ---------------------------------------------------------------------------------------------
# Transmit securely


def _transmit_form(case: Any) -> TransmitForm:
    form = TransmitForm()
    form.recipient.choices = [
        (
            authority.id,
            f"{authority.name} ({authority.country_iso3}) — {KEY_STATE_LABELS[st.state]}",
        )
        for authority, st in recipient_choices(case)
    ]
    form.languages.choices = [(code, own_name(code)) for code in DOCUMENT_LANGUAGES]
    form.attachments.choices = [(a.id, a.filename) for a in list_attachments(case)]
    if not form.is_submitted():
        form.languages.data = default_languages(case)
        if form.recipient.choices:
            form.recipient.data = form.recipient.choices[0][0]
    return form


@bp.route("/cases/<int:case_id>/transmit", methods=["GET", "POST"])
@permission_required("exchange.manage")
def transmit(case_id: int) -> str | BaseResponse | tuple[str, int]:
    case = get_case_for(current_user, case_id)
    if not transmittable(case):
        flash(_("Only an approved outgoing case that holds a request can be transmitted."), "error")
        return redirect(url_for("cases.show", case_id=case.id))
    form = _transmit_form(case)
    if form.validate_on_submit():
        try:
            package = transmit_case(
                case,
                current_user,
                recipient_id=form.recipient.data,
                languages=list(form.languages.data or []),
                attachment_ids=list(form.attachments.data or []),
                note=form.note.data,
            )
        except (ExchangeError, CaseError) as error:
            db.session.rollback()
            message = refusal_text(error) if isinstance(error, ExchangeError) else error.message
            flash(message, "error")
        else:
            db.session.commit()
            flash(
                _("Package sealed: download it and send it to the recipient."),
                "success",
            )
            return redirect(url_for("cases.show", case_id=case.id, sent=package.id) + "#exchange")
    return render_template("exchange/transmit.html", case=case, form=form), (
        422 if form.is_submitted() else 200
    )


@bp.route("/packages/<int:package_id>/download")
@permission_required("exchange.manage")
def download(package_id: int) -> Response:
    package = get_package_for(current_user, package_id)
    path = sealed_file(package)
    if path is None:
        abort(404)
    audit_record(
        "exchange.download",
        "case",
        package.case_id,
        {"package_id": package.package_id, "digest": package.digest},
        actor=current_user,
    )
    db.session.commit()
    return send_file(
        path,
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=package_filename(package),
    )


# ---------------------------------------------------------------------------------------------
# Receive package


@bp.route("/receive", methods=["GET", "POST"])
@permission_required("exchange.manage")
def receive() -> str | BaseResponse | tuple[str, int]:
    form = ReceiveForm()
    refusal = None
    if form.validate_on_submit():
        upload = form.package.data
        data = upload.read()
        try:
            result = import_package(data, current_user, filename=upload.filename)
        except ExchangeError as error:
            refusal = {"code": error.code, "message": refusal_text(error)}
        else:
            if result.type == "request":
                flash(
                    _("Package verified and imported: incoming case opened."),
                    "success",
                )
            else:
                flash(_("Status update verified and added to the case."), "success")
            return redirect(url_for("cases.show", case_id=result.case.id) + "#exchange")
    status = 422 if form.is_submitted() else 200
    return render_template("exchange/receive.html", form=form, refusal=refusal), status


# ---------------------------------------------------------------------------------------------
# Status updates of an incoming case


@bp.route("/cases/<int:case_id>/status", methods=["POST"])
@permission_required("exchange.manage")
def send_status(case_id: int) -> BaseResponse:
    case = get_case_for(current_user, case_id)
    form = StatusForm()
    form.status.choices = list(STATUS_UPDATES)
    if not form.validate_on_submit():
        flash(_("Choose a status to report."), "error")
        return redirect(url_for("cases.show", case_id=case.id) + "#exchange")
    try:
        export_status(case, current_user, form.status.data, form.reason.data)
    except ExchangeError as error:
        db.session.rollback()
        flash(refusal_text(error), "error")
    else:
        db.session.commit()
        flash(_("Signed status update ready: download it and send it back."), "success")
    return redirect(url_for("cases.show", case_id=case.id) + "#exchange")


# ---------------------------------------------------------------------------------------------
# The panel on the case page


def case_exchange_panel(case: Any) -> dict[str, Any] | None:
    """The data of `exchange/_case_panel.html` (None for a reader who may not exchange)."""
    if not current_user.is_authenticated or not current_user.may("exchange.manage"):
        return None
    packages = [_package_row(p) for p in packages_of(case)]
    received = any(p["direction"] == "received" and p["type"] == "request" for p in packages)
    return {
        "transmittable": transmittable(case),
        "packages": packages,
        "can_report": case.direction == "incoming" and received,
        "statuses": [
            (code, _(label), needs) for code, (label, _t, needs) in STATUS_UPDATES.items()
        ],
    }


def exchange_key_of(authority_id: int) -> dict[str, Any] | None:
    """The exchange key of a directory entry, for `exchange/_directory_key.html` (a template
    global the wiring registers)."""
    authority = db.session.get(Authority, authority_id)
    return _key_row(authority) if authority is not None else None
