"""The states of the directory: the list, and one state's overview."""

from __future__ import annotations

from flask import abort, render_template, request

from ...auth.login import permission_required
from ..authorities import authority_as_dict
from ..overview import state_overview
from ..states import find_states, state_by_iso3
from ..treaties import instrument_label
from .blueprint import bp, ui_language


@bp.route("/states")
@permission_required("directory.read")
def states() -> str:
    language = ui_language()
    query = request.args.get("q", "")[:200]
    listed = find_states(query, language)
    return render_template("directory/states.html", states=listed, language=language, q=query)


@bp.route("/state/<iso3>")
@permission_required("directory.read")
def state(iso3: str) -> str:
    if state_by_iso3(iso3) is None:
        abort(404)
    overview = state_overview(iso3)
    language = ui_language()
    overview["authorities"] = [authority_as_dict(a, language) for a in overview["authorities"]]
    return render_template(
        "directory/state.html",
        o=overview,
        language=language,
        instrument_label=lambda instrument: instrument_label(instrument, language),
    )
