"""The case list's "assigned to" filter: a text field naming a colleague, which works without
script, and the small JSON endpoint its autocomplete asks (`GET /cases/assignees?q=`)."""

from __future__ import annotations

from flask import Response, flash, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.login import permission_required
from ..colleague_search import colleague_by_key, colleague_named, find_colleagues
from .blueprint import bp

#: Longest text searched for (a name or an email).
QUERY_LENGTH = 100


@bp.route("/assignees")
@permission_required("case.read")
def assignee_choices() -> Response:
    """Colleagues of the signed-in user whose name or email contains `q`: id, name, email."""
    people = find_colleagues(current_user, request.args.get("q", "")[:QUERY_LENGTH])
    choices = [{"id": u.id, "name": u.display_name or u.email, "email": u.email} for u in people]
    return jsonify({"choices": choices})


def assignee_from_args() -> int | None:
    """The user id the filter names: digits as they are (the links of earlier pages), else the
    colleague the typed text names; text naming nobody or several is said and not applied."""
    value = request.args.get("assigned_to", "").strip()[:QUERY_LENGTH]
    if not value:
        return None
    if value.isdigit():
        return int(value)
    chosen = colleague_named(current_user, value)
    if chosen is None:
        flash(_("No single colleague matches the name or email given for “Assigned to”."), "error")
        return None
    return chosen.id


def assignee_text(user_id: int | None) -> str:
    """What the filter's field shows: the chosen colleague's email, else the id, else the text
    as typed (naming nobody or several), to be corrected."""
    if user_id is None:
        return request.args.get("assigned_to", "").strip()[:QUERY_LENGTH]
    chosen = colleague_by_key(current_user, user_id)
    return chosen.email if chosen is not None else str(user_id)
