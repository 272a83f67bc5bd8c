"""Forms of the exchange pages: verifying a key, transmitting, receiving, status updates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional

from .models import VERIFICATION_METHODS

METHOD_LABELS = {
    "phone": _l("By telephone"),
    "videoconference": _l("By videoconference"),
    "in_person": _l("In person"),
    "diplomatic_note": _l("By diplomatic note"),
    "other": _l("Other way"),
}


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class VerifyKeyForm(FlaskForm):
    fingerprint = StringField(
        _l("Fingerprint as read out by the authority"),
        validators=[DataRequired(), Length(max=80)],
    )
    verified_on = DateField(_l("Verified on"), validators=[DataRequired()])
    method = SelectField(
        _l("How it was verified"), choices=[(m, METHOD_LABELS[m]) for m in VERIFICATION_METHODS]
    )
    expires_on = DateField(_l("Verify again by (optional)"), validators=[Optional()])
    note = TextAreaField(_l("Note (who read it out)"), validators=[Optional(), Length(max=2000)])


class RevokeKeyForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class TransmitForm(FlaskForm):
    recipient = SelectField(_l("Send to"), coerce=int, validators=[DataRequired()])
    languages = CheckboxesField(_l("Request document in"), validators=[DataRequired()])
    attachments = CheckboxesField(_l("Attachments to include"), coerce=int)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class ReceiveForm(FlaskForm):
    package = FileField(_l("Package file (.mlapkg)"), validators=[FileRequired()])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status to report"))
    reason = TextAreaField(_l("Reason or details"), validators=[Optional(), Length(max=5000)])
