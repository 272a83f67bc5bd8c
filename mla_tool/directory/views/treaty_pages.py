"""Instruments (treaties): the list, recording a bilateral treaty, and the legal-basis finder."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.login import permission_required
from ...extensions import db
from ..errors import DirectoryError
from ..forms import BilateralTreatyForm, LegalBasisForm
from ..legal_basis import legal_basis as find_legal_basis
from ..treaties import (
    BilateralTreaty,
    create_bilateral_instrument,
    data_age,
    instrument_as_dict,
    list_instruments,
)
from .blueprint import bp, ui_language


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


#: The form field that names each field of a refused treaty, so the error reads by its label.
TREATY_ERROR_FIELDS = {
    "states.0": "state_a",
    "states.1": "state_b",
    "states": "state_b",
    "articles": "article_mla",  # none given: the first of the articles
}


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
    return render_template(
        "directory/instrument_new.html", form=form, errors=errors, error_fields=TREATY_ERROR_FIELDS
    ), (422 if errors or form.errors else 200)
