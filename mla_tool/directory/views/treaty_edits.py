"""Editing what a state is party to: its participation in an instrument, its declarations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.login import permission_required
from ...extensions import db
from ..errors import DirectoryError
from ..forms import DeclarationForm, ParticipationForm
from ..states import state_by_iso3, state_name
from ..treaties import (
    declaration_of,
    get_instrument,
    list_instruments,
    participation_of,
    set_declaration,
    set_participation,
)
from ..versions import history
from .blueprint import bp, ui_language


def _state_or_404(iso3: str) -> str:
    iso3 = iso3.upper()
    if state_by_iso3(iso3) is None:
        abort(404)
    return iso3


#: The fields of the participation and declaration forms filled from the record as it is.
PARTICIPATION_FIELDS = (
    "status",
    "signature_date",
    "consent_date",
    "consent_type",
    "source",
    "data_as_of",
)
DECLARATION_FIELDS = (
    "central_authority",
    "languages_text",
    "legal_basis_extradition",
    "source",
    "quote",
)


def _fill(form: Any, code: str, record: Any, fields: tuple[str, ...]) -> None:
    """The form filled from the stored record of the instrument `code`."""
    form.instrument.data = code
    for name in fields:
        getattr(form, name).data = getattr(record, name)


def _instrument_choices() -> list[tuple[str, str]]:
    return [(i.code, i.short_name or i.code) for i in list_instruments()]


def _save_or_show(
    form: Any,
    iso3: str,
    record: Any,
    record_type: str,
    save: Callable[[Any], Any],
    saved: str,
    title: str,
) -> Any:
    """Save on a valid POST (back to the state's page) or show the form with its errors and
    the record's versions."""
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            save(get_instrument(form.instrument.data or ""))
        except DirectoryError as error:
            db.session.rollback()
            errors = error.fields or {"instrument": error.message}
        else:
            db.session.commit()
            flash(saved, "success")
            return redirect(url_for(".state", iso3=iso3))
    versions = history(record_type, record.id) if record else []
    return render_template(
        "directory/treaty_edit.html",
        form=form,
        iso3=iso3,
        title=title,
        versions=versions,
        errors=errors,
    ), (422 if errors or form.errors else 200)


@bp.route("/state/<iso3>/participation", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit_participation(iso3: str) -> Any:
    iso3 = _state_or_404(iso3)
    form = ParticipationForm()
    form.instrument.choices = _instrument_choices()
    code = request.values.get("instrument") or ""
    record = participation_of(code, iso3)
    if request.method == "GET" and record is not None:
        _fill(form, code, record, PARTICIPATION_FIELDS)

    def save(instrument: Any) -> None:
        set_participation(
            instrument,
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

    return _save_or_show(
        form,
        iso3,
        record,
        "participation",
        save,
        _("Participation saved."),
        _("Participation of %(state)s", state=state_name(iso3, ui_language())),
    )


@bp.route("/state/<iso3>/declaration", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit_declaration(iso3: str) -> Any:
    iso3 = _state_or_404(iso3)
    form = DeclarationForm()
    form.instrument.choices = _instrument_choices()
    code = request.values.get("instrument") or ""
    record = declaration_of(code, iso3)
    if request.method == "GET" and record is not None:
        _fill(form, code, record, DECLARATION_FIELDS)
        form.languages.data = ", ".join(record.languages)

    def save(instrument: Any) -> None:
        languages = [c.strip().lower() for c in (form.languages.data or "").split(",") if c.strip()]
        set_declaration(
            instrument,
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

    return _save_or_show(
        form,
        iso3,
        record,
        "declaration",
        save,
        _("Declaration saved."),
        _("Declarations of %(state)s", state=state_name(iso3, ui_language())),
    )
