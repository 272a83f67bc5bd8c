"""The case page's transmission box: its data, recording a transmission (the move to transmitted)
and the requested state's acknowledgement of receipt."""

from __future__ import annotations

from typing import Any

from flask import flash, g, request
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.login import permission_required
from ...extensions import db
from ...i18n import Phrase
from .. import hooks, transmission
from ..errors import CaseError
from ..membership import users_by_id
from ..transmission_forms import (
    TRANSMISSION_CHANNEL_LABELS,
    AcknowledgementForm,
    TransmissionForm,
)
from .blueprint import bp
from .case_page import show
from .outcome import back, case_or_404, flash_errors, require

#: Where a refused form keeps what was typed, for the page shown again (`transmission_panel`).
_FAILED_FORM = "transmission_failed_form"


def _ids(name: str) -> list[int]:
    return [int(v) for v in request.form.getlist(name) if v.isdigit()]


def _said(text: Any) -> str:
    return text.translated(_) if isinstance(text, Phrase) else _(str(text))


def _shown_again(case_id: int, form: Any, error: CaseError | None) -> tuple[str, int]:
    """The case page again with the form as typed and the errors beside its fields."""
    db.session.rollback()
    if error is not None:
        flash_errors(error)
        for name, message in (error.fields or {}).items():
            field = getattr(form, name, None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [*list(field.errors or []), _said(message)]
    else:
        flash(_("The transmission was not recorded: correct the fields marked below."), "error")
    setattr(g, _FAILED_FORM, form)
    return show(case_id), 422


def _asked_to_send() -> set[int] | None:
    """The request a request list's 'Record its transmission' chose (?transmit=<id>), if any."""
    asked = request.args.get("transmit", "")
    return {int(asked)} if asked.isdigit() else None


def transmission_panel(case: Any) -> dict[str, Any] | None:
    """The box's data: the transmissions with their documents, and the forms open to the reader."""
    rows = transmission.transmissions_of(case)
    may = current_user.role in transmission.TRANSMITTER_ROLES and current_user.may("case.write")
    can_transmit = (
        may and case.direction == "outgoing" and case.status in transmission.TRANSMITTABLE_STATUSES
    )
    if not rows and not can_transmit:
        return None
    failed = g.get(_FAILED_FORM)
    people = users_by_id([r.sent_by for r in rows] + [r.ack_recorded_by for r in rows])
    return {
        "records": [
            {
                **transmission.transmission_dict(r),
                "channel_label": TRANSMISSION_CHANNEL_LABELS.get(r.channel, r.channel),
                "sender": people.get(r.sent_by),
            }
            for r in reversed(rows)
        ],
        "can_transmit": can_transmit,
        "first": case.status == transmission.FIRST_SENDING_STATUS,
        "asked": _asked_to_send() is not None,
        "choices": hooks.transmission_choices(case) if can_transmit else {},
        "chosen_requests": set(_ids("request_ids")) if failed else _asked_to_send(),
        "chosen_attachments": set(_ids("attachment_ids")) if failed else set(),
        "form": failed if isinstance(failed, TransmissionForm) else TransmissionForm(formdata=None),
        "ack_form": AcknowledgementForm(formdata=None),
        "can_acknowledge": may,
        "ack_days": transmission.ack_reminder_days(),
    }


@bp.route("/<int:case_id>/transmissions", methods=["POST"])
@permission_required("case.read")
def record_transmission(case_id: int) -> Any:
    case = case_or_404(case_id)
    require("case.write")
    form = TransmissionForm()
    if not form.validate_on_submit():
        return _shown_again(case_id, form, None)
    try:
        hooks.record_transmission(
            case,
            current_user,
            request_ids=_ids("request_ids"),
            attachment_ids=_ids("attachment_ids"),
            sent_on=form.sent_on.data,
            channel=form.channel.data,
            reference=form.reference.data,
            note=form.note.data,
        )
    except CaseError as error:
        return _shown_again(case_id, form, error)
    db.session.commit()
    flash(_("Transmission recorded."), "success")
    return back(case_id, "transmission")


@bp.route("/<int:case_id>/transmissions/<int:transmission_id>/acknowledgement", methods=["POST"])
@permission_required("case.read")
def record_acknowledgement(case_id: int, transmission_id: int) -> Any:
    case = case_or_404(case_id)
    require("case.write")
    form = AcknowledgementForm()
    if not form.validate_on_submit():
        for name, messages in form.errors.items():
            flash(f"{getattr(form, name).label.text}: {'; '.join(map(str, messages))}", "error")
        return back(case_id, "transmission")
    try:
        transmission.record_acknowledgement(
            case,
            current_user,
            transmission_id,
            on=form.acknowledged_on.data,
            reference=form.ack_reference.data,
        )
    except CaseError as error:
        db.session.rollback()
        flash_errors(error)
        return back(case_id, "transmission")
    db.session.commit()
    flash(_("Acknowledgement of receipt recorded."), "success")
    return back(case_id, "transmission")
