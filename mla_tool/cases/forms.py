"""Forms of the case pages: open a case, transitions, notes, letters, deadlines, members."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..directory.states import state_choices
from ..request_kinds import KIND_LABELS as REQUEST_KIND_LABELS
from .correspondence import CONSULTATION_BASES, CORRESPONDENCE_CHANNELS
from .models import CASE_KINDS, DEADLINE_KINDS, MEMBER_ROLES

KIND_LABELS = {code: _l(label) for code, label in REQUEST_KIND_LABELS.items()}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "under_review": _l("Under review"),
    "returned": _l("Returned for correction"),
    "approved": _l("Approved"),
    "transmitted": _l("Transmitted"),
    "received": _l("Received"),
    "in_execution": _l("In execution"),
    "info_requested": _l("Information requested"),
    "postponed": _l("Postponed"),
    "partially_executed": _l("Partially executed"),
    "executed": _l("Executed"),
    "refused": _l("Refused"),
    "withdrawn": _l("Withdrawn"),
    "closed": _l("Closed"),
}
DIRECTION_LABELS = {"outgoing": _l("Outgoing"), "incoming": _l("Incoming")}
DEADLINE_LABELS = {
    "due": _l("Due date"),
    "respond_by": _l("Respond by"),
    "preservation_expiry": _l("Preservation expires"),
    "provisional_arrest_limit": _l("Provisional arrest limit"),
    "acknowledgement": _l("Acknowledgement of receipt expected"),
    "other": _l("Other"),
}
MEMBER_ROLE_LABELS = {
    "creator": _l("Creator"),
    "assignee": _l("Assignee"),
    "supervisor": _l("Supervisor"),
    "member": _l("Member"),
}
CHANNEL_LABELS = {
    "central_authority": _l("Central authority"),
    "diplomatic": _l("Diplomatic channel"),
    "interpol": _l("INTERPOL"),
    "direct": _l("Direct transmission"),
    "email": _l("E-mail"),
    "secure_exchange": _l("Secure exchange"),
    "post": _l("Post"),
    "phone": _l("Telephone"),
    "other": _l("Other"),
}
CONSULTATION_LABELS = {
    "untoc_16_16": _l("UNTOC art. 16(16) — before refusing extradition"),
    "untoc_18_26": _l("UNTOC art. 18(26) — before refusing or postponing assistance"),
    "uncac_46_26": _l("UNCAC art. 46(26)"),
    "other": _l("Other consultation"),
}
WAY_LABELS = {"sent": _l("Sent"), "received": _l("Received")}
#: Timeline entries shown by their kind alone (the others have their own line on the case page).
EVENT_LABELS = {
    "attachment": _l("file"),
    "request": _l("request"),
    "signature": _l("signed document"),
    "transmission": _l("transmission"),
    "acknowledgement": _l("acknowledgement of receipt"),
}


class CaseForm(FlaskForm):
    direction = HiddenField(validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=[(k, KIND_LABELS[k]) for k in CASE_KINDS])
    counterpart_state = SelectField(_l("Other state"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    reference = StringField(_l("Reference"), validators=[Optional(), Length(max=120)])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    confidential = BooleanField(_l("Confidential"))
    assigned_to = SelectField(_l("Assign to"), coerce=str, validate_choice=False)
    received_on = DateField(_l("Received on"), validators=[Optional()])
    channel = SelectField(
        _l("Received through"),
        choices=[(c, CHANNEL_LABELS[c]) for c in CORRESPONDENCE_CHANNELS],
        validators=[Optional()],
    )

    def fill_choices(self, language: str) -> None:
        self.counterpart_state.choices = state_choices(language)


class TransitionForm(FlaskForm):
    to = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Reason or note"), validators=[Optional(), Length(max=5000)])
    field_comments = TextAreaField(
        _l("Comments on fields (one per line: field: comment)"),
        validators=[Optional(), Length(max=20000)],
    )


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=5000)])


class CorrespondenceForm(FlaskForm):
    way = SelectField(_l("Sent or received"), choices=list(WAY_LABELS.items()))
    channel = SelectField(
        _l("Channel"), choices=[(c, CHANNEL_LABELS[c]) for c in CORRESPONDENCE_CHANNELS]
    )
    on = DateField(_l("Date"), validators=[DataRequired()])
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=5000)])


class ConsultationForm(FlaskForm):
    basis = SelectField(
        _l("Basis"), choices=[(c, CONSULTATION_LABELS[c]) for c in CONSULTATION_BASES]
    )
    with_whom = StringField(_l("With"), validators=[Optional(), Length(max=200)])
    on = DateField(_l("Date"), validators=[DataRequired()])
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=5000)])


class InfoRequestForm(FlaskForm):
    way = SelectField(_l("Sent or received"), choices=list(WAY_LABELS.items()))
    on = DateField(_l("Date"), validators=[DataRequired()])
    respond_by = DateField(_l("Reply expected by"), validators=[Optional()])
    summary = TextAreaField(_l("What is asked"), validators=[DataRequired(), Length(max=5000)])


class DeadlineForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[(k, DEADLINE_LABELS[k]) for k in DEADLINE_KINDS])
    due_on = DateField(_l("Date"), validators=[DataRequired()])
    label = StringField(_l("Label"), validators=[Optional(), Length(max=200)])
    remind_days = StringField(
        _l("Remind days before (comma-separated)"),
        default="14, 3",
        validators=[Optional(), Regexp(r"^[\d ,]*$", message=_l("Numbers separated by commas."))],
    )


class MemberForm(FlaskForm):
    user_id = IntegerField(_l("User"), validators=[DataRequired(), NumberRange(min=1)])
    role_in_case = SelectField(
        _l("Role in case"),
        choices=[(r, MEMBER_ROLE_LABELS[r]) for r in MEMBER_ROLES if r != "creator"],
    )


class AssignForm(FlaskForm):
    assigned_to = SelectField(_l("Assign to"), coerce=str, validate_choice=False)


class EmptyForm(FlaskForm):
    """Buttons that only need the CSRF token."""
