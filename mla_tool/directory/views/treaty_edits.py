"""Editing what a state is party to: its participation in an instrument, its declarations.

Both edits have one shape (pick the instrument, fill the form from the record as it is, save
through the service, show the record's versions); what differs is a row of `EDITS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ...auth.login import permission_required
from ...extensions import db
from ...i18n import N_
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


@dataclass(frozen=True)
class TreatyRecordEdit:
    """What one kind of record a state holds under an instrument needs from the edit page."""

    form: type[FlaskForm]
    #: The stored record of (instrument code, state), or None.
    find: Callable[[str, str], Any]
    #: The record's type in the version history.
    record_type: str
    #: The form's fields filled from the record as it is, by the same name.
    fields: tuple[str, ...]
    #: The values to store, read from the submitted form.
    values: Callable[[Any], dict[str, Any]]
    #: The service that stores them: (instrument, iso3, values, user).
    store: Callable[[Any, str, dict[str, Any], Any], Any]
    #: Shown once saved.
    saved: str
    #: The page's title, with %(state)s.
    title: str
    #: Fills what the form shows otherwise than the record stores it (form, record).
    fill_more: Callable[[Any, Any], None] = lambda _form, _record: None


def _participation_values(form: Any) -> dict[str, Any]:
    return {
        "status": form.status.data,
        "signature_date": form.signature_date.data,
        "consent_date": form.consent_date.data,
        "consent_type": form.consent_type.data or "",
        "source": form.source.data or "",
        "data_as_of": form.data_as_of.data,
    }


def _declaration_values(form: Any) -> dict[str, Any]:
    languages = [c.strip().lower() for c in (form.languages.data or "").split(",") if c.strip()]
    return {
        "central_authority": form.central_authority.data or "",
        "languages_text": form.languages_text.data or "",
        "languages": languages,
        "legal_basis_extradition": form.legal_basis_extradition.data,
        "source": form.source.data or "",
        "quote": form.quote.data or "",
    }


def _fill_languages(form: Any, record: Any) -> None:
    form.languages.data = ", ".join(record.languages)


PARTICIPATION = TreatyRecordEdit(
    form=ParticipationForm,
    find=participation_of,
    record_type="participation",
    fields=("status", "signature_date", "consent_date", "consent_type", "source", "data_as_of"),
    values=_participation_values,
    store=set_participation,
    saved=N_("Participation saved."),
    title=N_("Participation of %(state)s"),
)
DECLARATION = TreatyRecordEdit(
    form=DeclarationForm,
    find=declaration_of,
    record_type="declaration",
    fields=("central_authority", "languages_text", "legal_basis_extradition", "source", "quote"),
    values=_declaration_values,
    store=set_declaration,
    saved=N_("Declaration saved."),
    title=N_("Declarations of %(state)s"),
    fill_more=_fill_languages,
)


def _state_or_404(iso3: str) -> str:
    iso3 = iso3.upper()
    if state_by_iso3(iso3) is None:
        abort(404)
    return iso3


def _instrument_choices() -> list[tuple[str, str]]:
    return [(i.code, i.short_name or i.code) for i in list_instruments()]


def _edit(edit: TreatyRecordEdit, iso3: str) -> Any:
    """The edit page: save on a valid POST (back to the state's page) or show the form, filled
    from the record on GET, with its errors and the record's versions."""
    iso3 = _state_or_404(iso3)
    form = edit.form()
    form.instrument.choices = _instrument_choices()
    code = request.values.get("instrument") or ""
    record = edit.find(code, iso3)
    if request.method == "GET" and record is not None:
        form.instrument.data = code
        for name in edit.fields:
            getattr(form, name).data = getattr(record, name)
        edit.fill_more(form, record)
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            instrument = get_instrument(form.instrument.data or "")
            edit.store(instrument, iso3, edit.values(form), current_user)
        except DirectoryError as error:
            db.session.rollback()
            errors = error.fields or {"instrument": error.message}
        else:
            db.session.commit()
            flash(_(edit.saved), "success")
            return redirect(url_for(".state", iso3=iso3))
    return render_template(
        "directory/treaty_edit.html",
        form=form,
        iso3=iso3,
        title=_(edit.title, state=state_name(iso3, ui_language())),
        versions=history(edit.record_type, record.id) if record else [],
        errors=errors,
    ), (422 if errors or form.errors else 200)


@bp.route("/state/<iso3>/participation", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit_participation(iso3: str) -> Any:
    return _edit(PARTICIPATION, iso3)


@bp.route("/state/<iso3>/declaration", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit_declaration(iso3: str) -> Any:
    return _edit(DECLARATION, iso3)
