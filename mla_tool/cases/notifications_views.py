"""Pages of the signed-in user's notifications: the list, mark read, mark all read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from werkzeug.wrappers import Response as BaseResponse

from ..extensions import db
from ..home.panels import Panel
from . import notifications, sweep
from .dashboard import due_note
from .forms import DEADLINE_LABELS, EmptyForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


PANEL_ROWS = 5


def unread_panel(user: Any) -> list[Panel]:
    """The latest unread reminders, first on the dashboard; no panel when there are none."""
    if not user.may("case.read"):
        return []
    rows = notifications.list_for(user, limit=PANEL_ROWS, unread_only=True)
    if not rows:
        return []
    return [
        Panel(
            title=_("Unread notifications"),
            rows=[
                {
                    "label": ("⚠ " if row.urgent else "")
                    + f"{row.case_reference} · "
                    + (
                        row.event_label
                        or row.deadline_label
                        or str(DEADLINE_LABELS.get(row.deadline_kind, ""))
                    ),
                    "url": url_for("cases.show", case_id=row.case_id),
                    "note": due_note(row.due_on) if row.due_on else "",
                }
                for row in rows
            ],
            action_label=_("All notifications"),
            action_url=url_for("notifications.index"),
            order=10,
        )
    ]


def sweep_panel(user: Any) -> list[Panel]:
    """When the reminder sweep last ran, and whether this server runs it by itself."""
    if not user.may("case.read"):
        return []
    minutes = sweep.scheduled_minutes()
    last = sweep.last_run()
    if minutes:
        how = _("Reminders run by themselves every %(num)d minutes.", num=minutes)
    else:
        how = _(
            "Reminders do not run by themselves in this server: they run when "
            "`mla-tool cases remind` is run (e.g. by cron)."
        )
    when = last_run_note(last) if last else _("They have not run yet.")
    return [
        Panel(
            title=_("Reminders"),
            rows=[{"label": how, "url": url_for("notifications.index"), "note": when}],
            order=90,
        )
    ]


def last_run_note(last: datetime) -> Markup:
    """ "Last run: 2026-12-05 20:48 UTC", the time in `<time>`: an Arabic page would otherwise
    turn its date around ("05-12-2026") after the Arabic words."""
    stamp = Markup('<time datetime="{0}Z">{1}</time>').format(
        last.isoformat(), last.strftime("%Y-%m-%d %H:%M")
    )
    return escape(_("Last run: %(when)s UTC")) % {"when": stamp}


@bp.route("/")
@login_required
def index() -> str:
    rows = notifications.list_for(current_user)
    return render_template(
        "cases/notifications.html",
        rows=rows,
        unread=sum(1 for row in rows if not row.read),
        deadline_labels=DEADLINE_LABELS,
        sweep_minutes=sweep.scheduled_minutes(),
        sweep_last=sweep.last_run(),
        form=EmptyForm(),
    )


def _checked_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int) -> BaseResponse:
    _checked_form()
    notifications.mark_read(current_user, notification_id)
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@login_required
def mark_all_read() -> BaseResponse:
    _checked_form()
    changed = notifications.mark_all_read(current_user)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d notification marked read.", "%(num)d notifications marked read.", changed
        ),
        "success",
    )
    return redirect(url_for("notifications.index"))
