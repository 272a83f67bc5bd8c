"""Sign-in and preference forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..i18n import LANGUAGES


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    totp = StringField(_l("One-time code (if enabled)"), validators=[Optional(), Length(max=10)])


class LanguageForm(FlaskForm):
    lang = SelectField(_l("Language"), choices=list(LANGUAGES))
