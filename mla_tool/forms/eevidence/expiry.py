"""The expiry countdown of a preservation (Budapest art. 29(7)) on its case, and its extension."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ...auth.models import User
from ...cases.dates import today
from ...cases.deadlines import add_deadline, deadlines_of
from ...cases.models import Case, Deadline
from ...extensions import db
from ...i18n import Phrase
from ..fieldspec import N_
from ..models import MlaRequest
from .codes import PRESERVATION
from .routing import preservation_days, remind_days

EXPIRY_LABEL = N_("Preservation expires (request #%(request)s, %(days)s days)")


def _add_expiry(request: MlaRequest, case: Case, actor: User | None, start: date) -> Deadline:
    """The expiry countdown of this preservation, from `start` for the requested state's period."""
    days = preservation_days(request.data or {})
    return add_deadline(
        case,
        kind="preservation_expiry",
        due_on=start + timedelta(days=days),
        label=Phrase(EXPIRY_LABEL, request=request.id, days=days),
        remind_days=remind_days(),
        actor=actor,
    )


def _expiry_of(request: MlaRequest, case: Case) -> Deadline | None:
    """The expiry countdown this request started: found by the label's message id and
    parameters, never by its text (which a user could type)."""
    candidates = db.session.execute(
        select(Deadline).where(
            Deadline.case_id == case.id,
            Deadline.kind == "preservation_expiry",
            Deadline.label_message == EXPIRY_LABEL,
        )
    ).scalars()
    return next(
        (d for d in candidates if str((d.label_params or {}).get("request")) == str(request.id)),
        None,
    )


def open_expiry(
    request: MlaRequest, case: Case, actor: User | None, on: date | None = None
) -> Deadline | None:
    """On submission of a preservation: the case's expiry deadline, and the date by which the
    MLA request is to be sent when one was given. An extension changes nothing yet: the running
    countdown stays until the extension is sent (extend_expiry)."""
    if request.kind != PRESERVATION:
        return None
    details = (request.data or {}).get("preservation") or {}
    if details.get("extension_of"):
        return None
    existing = _expiry_of(request, case)
    if existing is not None:
        return existing  # submitted again after a return: keep the first countdown
    if details.get("mla_expected_by"):
        add_deadline(
            case,
            kind="other",
            due_on=details["mla_expected_by"],
            label=Phrase(
                N_("Send the request for mutual assistance (preservation #%(request)s)"),
                request=request.id,
            ),
            remind_days=remind_days(),
            actor=actor,
        )
    return _add_expiry(request, case, actor, on or today())


def extend_expiry(
    request: MlaRequest, case: Case, actor: User | None, on: date | None = None
) -> Deadline | None:
    """When an extension is sent: the running countdown ends and the extended one starts."""
    details = (request.data or {}).get("preservation") or {}
    if request.kind != PRESERVATION or not details.get("extension_of"):
        return None
    existing = _expiry_of(request, case)
    if existing is not None:
        return existing
    for deadline in deadlines_of(case):
        if deadline.kind == "preservation_expiry" and not deadline.done:
            deadline.done = True
    db.session.flush()
    return _add_expiry(request, case, actor, on or today())
