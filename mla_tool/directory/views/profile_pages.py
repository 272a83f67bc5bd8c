"""A state's requirement profile: the page that shows it, the maintainers' form, its history."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...auth.login import permission_required
from ...extensions import db
from ...request_kinds import KIND_CODES, kind_label
from ..errors import DirectoryError
from ..profiles.display import shown_value
from ..profiles.edits import profile_history
from ..profiles.fields import PROFILE_FIELDS, STATE_FIELDS
from ..profiles.form_values import VALUE_LABELS, form_changes, form_defaults
from ..profiles.store import set_profile, state_profile
from ..states import state_by_iso3, state_name
from .blueprint import bp, ui_language


def _state_or_404(iso3: str) -> str:
    if state_by_iso3(iso3.upper()) is None:
        abort(404)
    return iso3.upper()


def _page(iso3: str, **extra: Any) -> dict[str, Any]:
    return {
        "iso3": iso3,
        "title": _("Requirement profile of %(state)s", state=state_name(iso3, ui_language())),
        "fields": PROFILE_FIELDS,
        "state_fields": STATE_FIELDS,
        "value_labels": VALUE_LABELS,
        "kinds": KIND_CODES,
        "kind_label": kind_label,
        "shown": shown_value,
        **extra,
    }


@bp.route("/state/<iso3>/profile")
@permission_required("directory.read")
def profile(iso3: str) -> str:
    iso3 = _state_or_404(iso3)
    return render_template("directory/profile.html", **_page(iso3, profile=state_profile(iso3)))


@bp.route("/state/<iso3>/profile/edit", methods=["GET", "POST"])
@permission_required("directory.edit")
def edit_profile(iso3: str) -> Any:
    iso3 = _state_or_404(iso3)
    current = state_profile(iso3)
    values = {field: form_defaults(entry) for field, entry in current.items()}
    errors: dict[str, str] = {}
    if request.method == "POST":
        changes = form_changes(request.form, current)
        try:
            changed = set_profile(iso3, changes, current_user)
        except DirectoryError as error:
            db.session.rollback()
            errors = {field: _(text) for field, text in (error.fields or {}).items()}
            values = {**values, **_posted(request.form)}
        else:
            db.session.commit()
            flash(
                ngettext(
                    "Profile saved: %(num)d field changed.",
                    "Profile saved: %(num)d fields changed.",
                    len(changed),
                )
                if changed
                else _("Nothing changed."),
                "success",
            )
            return redirect(url_for(".profile", iso3=iso3))
    page = _page(iso3, profile=current, values=values, errors=errors)
    return render_template("directory/profile_edit.html", **page), (422 if errors else 200)


def _posted(form: Any) -> dict[str, dict[str, Any]]:
    """What the maintainer typed, shown back with the errors."""
    out: dict[str, dict[str, Any]] = {}
    for field in STATE_FIELDS:
        kind = PROFILE_FIELDS[field].kind
        if kind == "languages":
            value: Any = {k: form.get(f"{field}-{k}", "") for k in KIND_CODES}
        elif kind == "codes":
            value = form.getlist(f"{field}-value")
        else:
            value = form.get(f"{field}-value", "")
        out[field] = {
            "action": form.get(f"{field}-action", "set"),
            "value": value,
            "source": form.get(f"{field}-source", ""),
            "verified_on": form.get(f"{field}-verified_on", ""),
            "note": form.get(f"{field}-note", ""),
        }
    return out


@bp.route("/state/<iso3>/profile/history")
@permission_required("directory.read")
def profile_versions(iso3: str) -> str:
    iso3 = _state_or_404(iso3)
    return render_template(
        "directory/profile_history.html",
        **_page(iso3, versions=profile_history(iso3)),
    )
