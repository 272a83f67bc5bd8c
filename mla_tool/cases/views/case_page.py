"""The page of one case: status and moves, members, timeline, deadlines and their forms."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...auth.login import permission_required
from ...directory.states import state_name
from ...extensions import db
from .. import workflow
from ..access import record_confidential_view
from ..correspondence import usual_consultation_basis
from ..dates import today
from ..deadlines import countdown, deadlines_of, is_overdue
from ..forms import (
    CHANNEL_LABELS,
    CONSULTATION_LABELS,
    DEADLINE_LABELS,
    EVENT_LABELS,
    MEMBER_ROLE_LABELS,
    WAY_LABELS,
    AssignForm,
    ConsultationForm,
    CorrespondenceForm,
    DeadlineForm,
    EmptyForm,
    InfoRequestForm,
    MemberForm,
    NoteForm,
    TransitionForm,
)
from ..hooks import request_ids, review_fields
from ..membership import assignable_users, member_candidates, members_of, users_by_id
from ..page_panels import case_panels_for
from ..review import (
    labelled_review_comments,
    pending_review,
    request_decisions,
    requests_holding_back,
)
from ..timeline import events_of
from ..transmission import MOVES_WITH_OWN_FORM
from .blueprint import bp
from .outcome import case_or_404

#: A reviewer's decision on one request, as the timeline and the list of requests say it.
DECISION_LABELS = {
    "approve": _l("approved"),
    "return": _l("returned for correction"),
    "transmitted": _l("marked as transmitted"),
}


#: The forms of the case page that keep what was typed when they are refused: the page is shown
#: again with the form as sent, open, under the name the template reads it by.
TYPED_FORMS: dict[type, str] = {
    TransitionForm: "transition_form",
    NoteForm: "note_form",
    CorrespondenceForm: "correspondence_form",
    ConsultationForm: "consultation_form",
    InfoRequestForm: "info_form",
    DeadlineForm: "deadline_form",
}


def _consultation_form(case: Any) -> ConsultationForm:
    """The consultation form with the article the case's kind calls for chosen."""
    form = ConsultationForm(formdata=None)
    form.basis.data = usual_consultation_basis(case.kind)
    return form


def _assign_form(case: Any) -> AssignForm:
    form = AssignForm()
    form.assigned_to.choices = [("", _("— nobody —"))] + [
        (str(u.id), u.display_name or u.email) for u in assignable_users(case)
    ]
    form.assigned_to.data = str(case.assigned_to or "")
    return form


@bp.route("/<int:case_id>")
@permission_required("case.read")
def show(case_id: int) -> str:
    return case_page(case_id)


def case_page(case_id: int, typed: Any = None) -> str:
    """The case page; `typed`, a refused form of TYPED_FORMS, is shown as it was sent, open."""
    case = case_or_404(case_id)
    forms = {name: form_class(formdata=None) for form_class, name in TYPED_FORMS.items()}
    forms["consultation_form"] = _consultation_form(case)
    open_form = TYPED_FORMS.get(type(typed))
    if open_form:
        forms[open_form] = typed
    record_confidential_view(current_user, case)
    db.session.commit()
    members = members_of(case)
    events = events_of(case)
    people = users_by_id([e.actor_id for e in events] + [case.assigned_to])
    on = today()
    countdowns = [countdown(d, on) for d in deadlines_of(case)]
    rules = {
        t.to_status: t
        for t in workflow.transitions_from(case.direction, case.status)
        if current_user.role in t.roles and t.to_status not in MOVES_WITH_OWN_FORM
    }
    return render_template(
        "cases/show.html",
        case=case,
        members=members,
        events=events,
        consulted=any(e.type == "consultation" for e in events),
        people=people,
        member_role_labels=MEMBER_ROLE_LABELS,
        transitions=rules,
        review_comments=labelled_review_comments(case),
        review_fields=review_fields(case),
        pending_review=pending_review(case),
        held_back={to: requests_holding_back(case, to) for to in rules},
        request_decisions=request_decisions(case),
        decision_labels=DECISION_LABELS,
        deadlines=countdowns,
        deadline_labels=DEADLINE_LABELS,
        channel_labels=CHANNEL_LABELS,
        consultation_labels=CONSULTATION_LABELS,
        way_labels=WAY_LABELS,
        event_labels=EVENT_LABELS,
        overdue=is_overdue(
            case, on, late_deadline=any(item["state"] == "overdue" for item in countdowns)
        ),
        title_visible=True,
        counterpart_name=state_name(case.counterpart_state, str(get_locale() or "en")),
        can_write=current_user.may("case.write"),
        can_manage=current_user.may("case.supervise"),
        request_ids=request_ids(case),
        **forms,
        open_form=open_form,
        member_form=MemberForm(),
        member_choices=member_candidates(case, members),
        assign_form=_assign_form(case),
        empty_form=EmptyForm(),
        case_panels=case_panels_for(case),
    )
