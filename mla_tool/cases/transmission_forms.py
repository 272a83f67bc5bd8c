"""Forms of the case page's transmission box: recording a transmission and its acknowledgement."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from .dates import today
from .transmission import MANUAL_CHANNELS

#: The channels a transmission goes through, as the form names them.
TRANSMISSION_CHANNEL_LABELS = {
    "central_authority": _l("Central authority to central authority"),
    "diplomatic": _l("Diplomatic channel"),
    "interpol": _l("INTERPOL"),
    "direct": _l("Direct transmission"),
    "secure_exchange": _l("Secure exchange"),
}
_ONE_LINE = Regexp(r"^[^\r\n\t]*$", message=_l("One line of text."))


class TransmissionForm(FlaskForm):
    sent_on = DateField(_l("Sent on"), validators=[DataRequired()], default=today)
    channel = SelectField(
        _l("Channel"),
        choices=[(c, TRANSMISSION_CHANNEL_LABELS[c]) for c in MANUAL_CHANNELS],
        validators=[DataRequired()],
    )
    reference = StringField(
        _l("Outgoing reference or note verbale number"),
        validators=[DataRequired(), Length(max=120), _ONE_LINE],
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])


class AcknowledgementForm(FlaskForm):
    acknowledged_on = DateField(_l("Acknowledged on"), validators=[DataRequired()], default=today)
    ack_reference = StringField(
        _l("Their reference"), validators=[Optional(), Length(max=120), _ONE_LINE]
    )
