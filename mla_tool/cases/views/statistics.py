"""The statistics page of the case tracker (bar charts by dimension, durations) and its CSV."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.login import permission_required
from ...directory.states import state_name
from .. import stats
from ..forms import DIRECTION_LABELS, KIND_LABELS, STATUS_LABELS
from .blueprint import bp


@bp.route("/stats")
@permission_required("stats.read")
def stats_page() -> str:
    data = stats.compute_stats(current_user)
    counts = data["counts"]
    language = str(get_locale() or "en")
    states = {code: state_name(code, language) for code in counts["by_counterpart_state"]}
    labelled = (
        (_("Cases by status"), "by_status", STATUS_LABELS),
        (_("Cases by kind"), "by_kind", KIND_LABELS),
        (_("Cases by direction"), "by_direction", DIRECTION_LABELS),
        (_("Cases by other state"), "by_counterpart_state", states),
        (_("Cases opened by month"), "by_month", {}),
    )
    charts = [
        (title, stats.bar_chart({str(labels.get(k, k)): v for k, v in counts[key].items()}))
        for title, key, labels in labelled
    ]
    duration_titles = {
        "transmission_to_execution": _("Days from transmission to execution (outgoing)"),
        "receipt_to_reply": _("Days from receipt to execution or refusal (incoming)"),
    }
    duration_charts = []
    for name, block in data["durations"].items():
        duration_charts.append(
            (
                duration_titles.get(name, name),
                block,
                stats.bar_chart(
                    {
                        state_name(k, language): v["median_days"]
                        for k, v in block["by_state"].items()
                    }
                ),
                stats.bar_chart(
                    {KIND_LABELS.get(k, k): v["median_days"] for k, v in block["by_kind"].items()}
                ),
            )
        )
    return render_template(
        "cases/stats.html", data=data, charts=charts, duration_charts=duration_charts
    )


@bp.route("/stats.csv")
@permission_required("stats.read")
def stats_csv() -> Response:
    body = stats.stats_csv(stats.compute_stats(current_user))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=case-statistics.csv"},
    )
