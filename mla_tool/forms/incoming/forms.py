"""The registration form of an incoming request: its fields and the choices they offer."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    Form,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ...auth.models import User
from ...cases.correspondence import CORRESPONDENCE_CHANNELS
from ...cases.forms import CHANNEL_LABELS
from ...cases.membership import colleagues_to_assign
from ...directory.authorities import find_authorities
from ...directory.models import Instrument
from ...directory.states import state_choices, state_name
from ...extensions import db
from ...request_kinds import KIND_CODES, KIND_LABELS
from ..document_languages import DOCUMENT_LANGUAGES, display_name
from ..kinds import request_kind
from ..measures import MEASURES


class IncomingForm(Form):
    """Filled from the multipart body the view parsed (its CSRF token is checked there)."""

    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    requesting_state = SelectField(_l("Requesting state"), validators=[DataRequired()])
    requesting_authority_id = SelectField(
        _l("Requesting authority"), validators=[DataRequired()], validate_choice=False
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    reference = StringField(_l("Their reference"), validators=[Optional(), Length(max=120)])
    received_on = DateField(_l("Received on"), validators=[Optional()])
    channel = SelectField(_l("Received through"))
    legal_basis = SelectMultipleField(_l("Legal basis"), validate_choice=False)
    language = SelectField(_l("Language of the request"), validators=[Optional()])
    measures = SelectMultipleField(_l("Assistance sought"), validate_choice=False)
    persons = TextAreaField(_l("Persons (one per line)"), validators=[Optional()])
    offences = TextAreaField(_l("Offences (one per line)"), validators=[Optional()])
    executing_authority_id = SelectField(
        _l("Executing authority"), validators=[Optional()], validate_choice=False
    )
    assigned_to = SelectField(_l("Assign to"), validators=[Optional()], validate_choice=False)
    due_date = DateField(_l("Due date"), validators=[Optional()])
    confidential = BooleanField(_l("Confidential"))

    def fill_choices(self, user: User, language: str) -> None:
        self.kind.choices = [(code, _(KIND_LABELS[code])) for code in KIND_CODES]
        self.requesting_state.choices = state_choices(language)
        self.requesting_authority_id.choices = [("", "—")] + [
            (str(a.id), f"{state_name(a.country_iso3, language)} — {a.name}")
            for a in find_authorities(states_named_in=language)
            if a.country_iso3 != user.country_iso3
        ]
        self.channel.choices = [(c, str(CHANNEL_LABELS[c])) for c in CORRESPONDENCE_CHANNELS]
        self.legal_basis.choices = [
            (code, name if language != "ar" or not name_ar else name_ar)
            for code, name, name_ar in db.session.execute(
                select(Instrument.code, Instrument.name_en, Instrument.name_ar).order_by(
                    Instrument.code
                )
            )
        ]
        self.language.choices = [("", "—")] + [
            (code, display_name(code, language)) for code in DOCUMENT_LANGUAGES
        ]
        self.measures.choices = [(code, _(m.label)) for code, m in MEASURES.items()]
        own = find_authorities(country=user.country_iso3) if user.country_iso3 else []
        self.executing_authority_id.choices = [("", "—")] + [(str(a.id), a.name) for a in own]
        self.assigned_to.choices = [("", _("— not yet —"))] + [
            (str(u.id), u.display_name or u.email) for u in colleagues_to_assign(user)
        ]

    def registration(self) -> dict[str, Any]:
        """The form's values as the registration schema takes them."""
        kind = request_kind(self.kind.data)
        measures = [code for code in self.measures.data or [] if code in kind.measure_codes]

        def number(value: Any) -> int | None:
            return int(value) if value and str(value).isdigit() else None

        def lines(text: str | None) -> list[str]:
            return [line.strip() for line in (text or "").splitlines() if line.strip()]

        return {
            "kind": self.kind.data,
            "requesting_state": self.requesting_state.data,
            "requesting_authority_id": number(self.requesting_authority_id.data),
            "title": (self.title.data or "").strip(),
            "reference": (self.reference.data or "").strip() or None,
            "received_on": self.received_on.data,
            "channel": self.channel.data,
            "legal_basis": list(self.legal_basis.data or []),
            "language": self.language.data or None,
            "measures": [{"type": code} for code in measures],
            "persons": [{"name": name} for name in lines(self.persons.data)],
            "offences": [{"name": name} for name in lines(self.offences.data)],
            "executing_authority_id": number(self.executing_authority_id.data),
            "assigned_to": number(self.assigned_to.data),
            "due_date": self.due_date.data,
            "confidential": bool(self.confidential.data),
        }
