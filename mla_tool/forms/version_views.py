"""Pages of a request's versions: the list with the submitted, returned and approved marks,
and two versions compared field by field."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext as _

from ..auth.login import permission_required
from ..cases.membership import users_by_id
from ..cases.review import field_label
from .errors import RequestError
from .forms import ActionForm
from .request_blueprint import bp
from .request_page import editable, load_request, request_title, ui_language
from .request_review import field_choices
from .version_marks import MARKS, marks_by_version
from .versions import compare_versions, default_pair, versions_of


def _field_labels(item: Any, marks: dict[int, list[Any]]) -> dict[str, str]:
    """The label of each field a return commented on ("Facts — Summary of the relevant facts")."""
    choices = field_choices(item.kind)
    paths = {path for rows in marks.values() for m in rows for path in (m.field_comments or {})}
    return {path: field_label(path, choices) for path in paths}


def _people(marks: dict[int, list[Any]], versions: list[Any]) -> dict[int, str]:
    ids = {m.actor_id for rows in marks.values() for m in rows} | {v.saved_by for v in versions}
    return {uid: user.display_name or user.email for uid, user in users_by_id(ids).items()}


def _versions_context(item: Any) -> dict[str, Any]:
    """What both pages show of the versions: each one, its marks, and the people named."""
    rows = versions_of(item)
    marks = marks_by_version(item)
    return {
        "item": item,
        "title": request_title(item),
        "versions": rows,
        "marks": marks,
        "mark_labels": MARKS,
        "people": _people(marks, rows),
        "field_labels": _field_labels(item, marks),
    }


@bp.route("/<int:request_id>/versions")
@permission_required("request.read")
def versions(request_id: int) -> str:
    item = load_request(request_id)
    return render_template(
        "requests/versions.html",
        **_versions_context(item),
        default_pair=default_pair(item),
        action_form=ActionForm(),
        editable=editable(item),
    )


def _number(name: str, fallback: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return fallback
    if not raw.isdigit():
        abort(404)
    return int(raw)


@bp.route("/<int:request_id>/versions/compare")
@permission_required("request.read")
def compare(request_id: int) -> str:
    """`?a=N&b=M`: versions N and M side by side, only the fields that differ."""
    item = load_request(request_id)
    first, second = default_pair(item)
    try:
        pair = compare_versions(item, _number("a", first), _number("b", second), _, ui_language())
    except RequestError:
        abort(404)
    return render_template("requests/version_compare.html", **_versions_context(item), pair=pair)
