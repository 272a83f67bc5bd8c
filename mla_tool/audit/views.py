"""The auditor's page: search the audit log; whether the chain verifies; its last checkpoint."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError

from ..auth.login import permission_required
from ..extensions import db
from .labels import ACTION_LABELS, OBJECT_LABELS
from .models import AuditHead
from .search import AuditFilters, details_of, known_actions, search_entries
from .verification import ChainReport, last_signed_checkpoint, verify_chain

bp = Blueprint("audit", __name__, url_prefix="/audit")


FILTER_FIELDS = ("action", "actor", "object_type", "object_id", "since", "until", "page")
#: How the page labels each filter, to name a wrong one in the error as the reader sees it.
FILTER_LABELS = {
    "action": _l("Action"),
    "actor": _l("Actor (e-mail)"),
    "object_type": _l("Object type"),
    "object_id": _l("Object id"),
    "since": _l("From (UTC)"),
    "until": _l("To (UTC)"),
    "page": _l("Pages"),
}
#: Up to this many entries the page verifies the whole chain on every view (about a second);
#: a longer log is verified when the auditor asks (`?verify=1`).
AUTO_VERIFY_LIMIT = 20_000


def detail_text(value: Any) -> str:
    """One detail of an entry as text: "—" for none, a string as is, anything else as JSON."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def checkpoint_time(at: str) -> str:
    """A checkpoint's ISO time as the page shows times: `2026-12-05 01:22 UTC`."""
    try:
        return f"{datetime.fromisoformat(at).astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    except ValueError:
        return at


def _chain_report() -> ChainReport | None:
    head = db.session.get(AuditHead, 1)
    if request.args.get("verify") == "1" or head is None or head.last_seq <= AUTO_VERIFY_LIMIT:
        return verify_chain()
    return None


@bp.route("/")
@permission_required("audit.read")
def index() -> str:
    args = {name: request.args[name] for name in FILTER_FIELDS if request.args.get(name)}
    try:
        filters = AuditFilters.model_validate(args)
    except ValidationError as error:
        fields = [
            str(label)
            for name, label in FILTER_LABELS.items()
            if any(item["loc"] and item["loc"][0] == name for item in error.errors())
        ]
        flash(
            _(
                "These filters are not valid and were not applied: %(fields)s",
                fields=", ".join(fields),
            )
            if fields
            else _("The first day must not be after the last day; the filters were not applied."),
            "error",
        )
        args, filters = {}, AuditFilters()
    report = _chain_report()  # first: it chains what is pending, which the page then lists
    page = search_entries(filters)
    args.pop("page", None)

    def page_url(number: int) -> str:
        return url_for("audit.index", **args, page=number)

    return render_template(
        "audit/index.html",
        page=page,
        filters=filters,
        details={
            entry.id: {key: detail_text(value) for key, value in details_of(entry).items()}
            for entry in page.items
        },
        actions=known_actions(),
        action_labels={code: _(label) for code, label in ACTION_LABELS.items()},
        object_labels={code: _(label) for code, label in OBJECT_LABELS.items()},
        report=report,
        last_checkpoint=last_signed_checkpoint(),
        verify_url=url_for("audit.index", **args, verify="1"),
        page_url=page_url,
        checkpoint_time=checkpoint_time,
    )
