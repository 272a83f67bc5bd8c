"""The directory health page for maintainers, and its CSV exports."""

from __future__ import annotations

from flask import Response, render_template

from ...auth.login import permission_required
from ..health import HEALTH_FUNCTIONS, directory_health, verification_queue
from ..health_csv import health_csv, queue_csv
from ..states import name_order
from .blueprint import bp, ui_language

#: Entries the page lists in its queue (the CSV has them all).
QUEUE_ON_PAGE = 50


def _csv(body: str, name: str) -> Response:
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}"}
    )


@bp.route("/health")
@permission_required("directory.edit")
def health() -> str:
    order = name_order(ui_language())
    rows = sorted(directory_health(), key=lambda row: (order.get(row.iso3, len(order)), row.iso3))
    return render_template(
        "directory/health.html",
        rows=rows,
        functions=HEALTH_FUNCTIONS,
        queue=verification_queue(limit=QUEUE_ON_PAGE),
        gaps=sum(1 for row in rows if row.missing),
    )


@bp.route("/health.csv")
@permission_required("directory.edit")
def health_export() -> Response:
    return _csv(health_csv(directory_health(), ui_language()), "directory-health.csv")


@bp.route("/health/queue.csv")
@permission_required("directory.edit")
def queue_export() -> Response:
    return _csv(queue_csv(verification_queue(limit=None)), "directory-verification-queue.csv")
