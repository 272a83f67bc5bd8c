"""Reading directory entries: the search, one entry with its history, two versions compared."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from ...auth.login import permission_required
from ..authorities import authority_as_dict, find_authorities, get_authority
from ..errors import DirectoryError
from ..forms import AuthorityForm, ConfirmForm, SearchForm
from ..versions import compare_versions, history
from .blueprint import bp, ui_language

PAGE_SIZE = 50


def authority_or_404(authority_id: int) -> Any:
    try:
        return get_authority(authority_id)
    except DirectoryError:
        abort(404)


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


@bp.route("/<int:authority_id>")
@permission_required("directory.read")
def entry(authority_id: int) -> str:
    authority = authority_or_404(authority_id)
    versions = history("authority", authority.id)
    return render_template(
        "directory/entry.html",
        a=authority_as_dict(authority, ui_language()),
        versions=versions,
        confirm=ConfirmForm(),
        field_labels=field_labels(),
    )


@bp.route("/<int:authority_id>/compare")
@permission_required("directory.read")
def compare(authority_id: int) -> str:
    authority = authority_or_404(authority_id)
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
