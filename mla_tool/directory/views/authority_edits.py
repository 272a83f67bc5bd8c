"""Changing directory entries: create, edit (not over an edit saved meanwhile), retire, restore."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ...auth.login import permission_required
from ...extensions import db
from ..authorities import (
    authority_as_dict,
    authority_input,
    create_authority,
    restore_authority_version,
    retire_authority,
    update_authority,
    validate_authority,
)
from ..errors import DirectoryError
from ..forms import AuthorityForm, ConfirmForm
from .authority_pages import authority_or_404
from .blueprint import bp, ui_language


@bp.route("/<int:authority_id>/restore/<int:version>", methods=["POST"])
@permission_required("directory.edit")
def restore(authority_id: int, version: int) -> Response:
    authority = authority_or_404(authority_id)
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
    authority = authority_or_404(authority_id)
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


def _flash_conflict(version: int) -> None:
    flash(
        _(
            "Someone else saved this entry while you were editing it (it is now "
            "version %(version)s): nothing of yours was saved. Your changes are still "
            "in the form: compare them with the entry and save again.",
            version=version,
        ),
        "error",
    )


@bp.route("/<int:authority_id>/edit", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit(authority_id: int) -> Any:
    authority = authority_or_404(authority_id)
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
        data["is_sample"] = authority.is_sample and not form.real_data.data
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
                _flash_conflict(seen)
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
