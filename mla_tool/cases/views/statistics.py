"""The statistics pages of the case tracker (charts by dimension, durations, the UNTOC review
figures) for a period, and their CSV."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Response, flash, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.login import permission_required
from ...collation import name_sort_key
from ...directory.states import state_name, states_by_name
from ...directory.treaties import instrument_name, list_instruments
from ...i18n import text_direction
from .. import stats
from ..charts import bar_chart
from ..errors import CaseError
from ..forms import DIRECTION_LABELS, KIND_LABELS, STATUS_LABELS
from ..milestones import REFUSAL_GROUNDS
from ..stats_sql import Period, parse_period
from ..untoc_report import untoc_csv, untoc_report
from ..workflow import STATUSES
from .blueprint import bp


def _period() -> Period:
    """The period of the `from` and `to` query arguments; a bad one is said and ignored."""
    try:
        return parse_period(request.args.get("from"), request.args.get("to"))
    except CaseError:
        flash(_("The period is not valid: give two dates, the end not before the start."), "error")
        return Period()


def in_order(values: Mapping[str, Any], order: Iterable[str]) -> dict[str, Any]:
    """`values` with the keys of `order` first, in that order, then any other, as they were."""
    ordered = {key: values[key] for key in order if key in values}
    return {**ordered, **{key: value for key, value in values.items() if key not in ordered}}


def state_order(language: str) -> list[str]:
    """Every state's code, in the order of their names in `language` (`states_by_name`)."""
    return [state.iso3 for state in states_by_name(language)]


def by_name(names: Mapping[str, str], language: str) -> list[str]:
    """The codes of `names` (code -> name) in the order a reader of `language` sorts the names."""
    key = name_sort_key(language)
    return sorted(names, key=lambda code: key(names[code]))


def _csv(body: str, name: str) -> Response:
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}"}
    )


@bp.route("/stats")
@permission_required("stats.read")
def stats_page() -> str:
    period = _period()
    data = stats.compute_stats(current_user, period)
    counts = data["counts"]
    language = str(get_locale() or "en")
    rtl = text_direction(language) == "rtl"
    states = {code: state_name(code, language) for code in counts["by_counterpart_state"]}
    for block in data["durations"].values():
        states.update({code: state_name(code, language) for code in block["by_state"]})
    # bars in the order a reader follows: the workflow's, the kinds' and directions' tables, the
    # states by name, the months in time
    states_in_order = state_order(language)
    labelled = (
        (_("Cases by status"), "by_status", STATUS_LABELS, STATUSES),
        (_("Cases by kind"), "by_kind", KIND_LABELS, KIND_LABELS),
        (_("Cases by direction"), "by_direction", DIRECTION_LABELS, DIRECTION_LABELS),
        (_("Cases by other state"), "by_counterpart_state", states, states_in_order),
        (_("Cases opened by month"), "by_month", {}, sorted(counts["by_month"])),
    )
    charts = [
        (
            title,
            bar_chart(
                {str(labels.get(k, k)): v for k, v in in_order(counts[key], order).items()},
                rtl=rtl,
            ),
        )
        for title, key, labels, order in labelled
    ]
    duration_titles = {
        "transmission_to_execution": _("Days from transmission to execution (outgoing)"),
        "receipt_to_reply": _("Days from receipt to execution or refusal (incoming)"),
    }
    duration_charts = []
    for name, block in data["durations"].items():
        block = {
            **block,
            "by_state": in_order(block["by_state"], states_in_order),
            "by_kind": in_order(block["by_kind"], KIND_LABELS),
        }
        by_state = {states[k]: v["median_days"] for k, v in block["by_state"].items()}
        by_kind = {KIND_LABELS.get(k, k): v["median_days"] for k, v in block["by_kind"].items()}
        duration_charts.append(
            (
                duration_titles.get(name, name),
                block,
                bar_chart(by_state, rtl=rtl),
                bar_chart(by_kind, rtl=rtl),
            )
        )
    return render_template(
        "cases/stats.html",
        data=data,
        charts=charts,
        duration_charts=duration_charts,
        period=period,
        state_names=states,
    )


@bp.route("/stats.csv")
@permission_required("stats.read")
def stats_csv() -> Response:
    return _csv(
        stats.stats_csv(stats.compute_stats(current_user, _period())), "case-statistics.csv"
    )


#: The legal basis recorded when no treaty applies.
RECIPROCITY = "reciprocity"


def _untoc_labels(language: str, report: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Display names of the report's keys: states, kinds, legal bases (the directory's
    instrument names), refusal grounds."""
    states: set[str] = set()
    bases: set[str] = set()
    for blocks in report["directions"].values():
        states.update(blocks["by_state"])
        bases.update(blocks["by_legal_basis"])
    instruments = {i.code: instrument_name(i, language) for i in list_instruments()}
    return {
        "by_state": {code: state_name(code, language) for code in states},
        "by_legal_basis": {
            code: _("Reciprocity") if code == RECIPROCITY else instruments.get(code, code)
            for code in bases
        },
        "by_kind": {code: str(label) for code, label in KIND_LABELS.items()},
        "refused_by_ground": {code: str(label) for code, label in REFUSAL_GROUNDS.items()},
    }


def _untoc_in_reading_order(
    report: dict[str, Any], labels: dict[str, dict[str, str]], language: str
) -> dict[str, Any]:
    """The report with each breakdown's rows in the order a reader follows: states and legal
    bases by name (reciprocity, then "not recorded", last), kinds and refusal grounds in their
    tables' order."""
    order = {
        "by_state": state_order(language),
        "by_legal_basis": by_name(
            {k: v for k, v in labels["by_legal_basis"].items() if k != RECIPROCITY}, language
        )
        + [RECIPROCITY],
        "by_kind": list(KIND_LABELS),
        "refused_by_ground": list(REFUSAL_GROUNDS),
    }
    directions = {
        direction: {
            **blocks,
            **{
                name: in_order(blocks[name], keys) for name, keys in order.items() if name in blocks
            },
        }
        for direction, blocks in report["directions"].items()
    }
    return {**report, "directions": directions}


@bp.route("/stats/untoc")
@permission_required("stats.read")
def untoc_page() -> str:
    period = _period()
    report = untoc_report(current_user, period)
    language = str(get_locale() or "en")
    labels = _untoc_labels(language, report)
    return render_template(
        "cases/untoc_report.html",
        report=_untoc_in_reading_order(report, labels, language),
        period=period,
        labels=labels,
    )


@bp.route("/stats/untoc.csv")
@permission_required("stats.read")
def untoc_csv_download() -> Response:
    return _csv(untoc_csv(untoc_report(current_user, _period())), "untoc-review-figures.csv")
