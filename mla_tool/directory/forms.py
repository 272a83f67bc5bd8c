"""Forms of the directory pages (Flask-WTF, CSRF-protected; search forms are GET forms)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..request_kinds import KIND_LABELS
from . import states
from .instrument_data import REQUEST_KINDS
from .schemas import CHANNELS, FUNCTIONS, language_is_known

REQUEST_KIND_LABELS: dict[str, Any] = {code: _l(label) for code, label in KIND_LABELS.items()}
TRISTATE = [("", _l("Not known")), ("yes", _l("Yes")), ("no", _l("No"))]


def state_choices(language: str, blank: Any = None) -> list[tuple[str, str]]:
    """The directory's pickers show each state's code beside its name."""
    return states.state_choices(language, None if blank is None else str(blank), with_code=True)


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    country = SelectField(_l("State"), validators=[Optional()])
    function = SelectField(_l("Function"), validators=[Optional()])
    language = StringField(
        _l("Language accepted (ISO 639-1, e.g. ar)"), validators=[Optional(), Length(max=2)]
    )
    q = StringField(_l("Search (any language)"), validators=[Optional(), Length(max=200)])
    retired = SelectField(
        _l("Retired entries"),
        choices=[("", _l("Hide")), ("1", _l("Show"))],
        validators=[Optional()],
    )
    stale = SelectField(
        _l("Verification"),
        choices=[("", _l("All entries")), ("1", _l("Not verified for 12 months"))],
        validators=[Optional()],
    )

    def fill_choices(self, language: str) -> None:
        self.country.choices = state_choices(language, _l("All states"))
        self.function.choices = [("", str(_l("All functions")))] + [
            (key, str(label)) for key, label in FUNCTIONS.items()
        ]


class LegalBasisForm(FlaskForm):
    class Meta:
        csrf = False

    requesting = SelectField(_l("Requesting state"), validators=[DataRequired()])
    requested = SelectField(_l("Requested state"), validators=[DataRequired()])
    kind = SelectField(
        _l("Kind of request"),
        choices=[(kind, REQUEST_KIND_LABELS[kind]) for kind in REQUEST_KINDS],
        default="mla",  # what the picker shows first: a link naming the two states only means it
        validators=[DataRequired()],
    )

    def fill_choices(self, language: str) -> None:
        choices = state_choices(language, "")
        self.requesting.choices = choices
        self.requested.choices = choices


def language_codes(text: str | None) -> list[str]:
    """ "ar, EN; fr" → ["ar", "en", "fr"]."""
    return [
        code.strip().lower() for code in (text or "").replace(";", ",").split(",") if code.strip()
    ]


def _known_languages(form: Any, field: Any) -> None:
    """A code that is not a language, said in the reader's language (the entry's rules, shared
    with the API and the import, say it in English)."""
    for code in language_codes(field.data):
        if not language_is_known(code):
            raise ValidationError(_("'%(value)s' is not an ISO 639-1 language code", value=code))


class AuthorityForm(FlaskForm):
    country = SelectField(_l("State"), validators=[DataRequired()])
    functions = MultiCheckboxField(
        _l("Functions"), choices=[(key, label) for key, label in FUNCTIONS.items()]
    )
    other_functions = StringField(
        _l("Other functions (comma-separated, lower case)"),
        validators=[Optional(), Length(max=200)],
    )
    name = StringField(
        _l("Name (in the authority's own language)"), validators=[DataRequired(), Length(max=400)]
    )
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=400)])
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=400)])
    parent_body = StringField(_l("Parent body"), validators=[Optional(), Length(max=400)])
    languages = StringField(
        _l("Languages accepted for requests (ISO 639-1 codes, comma-separated)"),
        validators=[Optional(), Length(max=100), _known_languages],
    )
    channels = MultiCheckboxField(
        _l("Channels accepted"), choices=[(key, label) for key, label in CHANNELS.items()]
    )
    urgent_by_email = SelectField(_l("Urgent requests accepted by email"), choices=TRISTATE)
    urgent_by_interpol = SelectField(_l("Urgent requests accepted via INTERPOL"), choices=TRISTATE)
    address = TextAreaField(_l("Postal address"), validators=[Optional(), Length(max=2000)])
    email = StringField(_l("Email"), validators=[Optional(), Length(max=320)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=200)])
    fax = StringField(_l("Fax"), validators=[Optional(), Length(max=200)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=500)])
    contact_persons = TextAreaField(
        _l("Contact persons"), validators=[Optional(), Length(max=2000)]
    )
    office_hours = StringField(_l("Office hours"), validators=[Optional(), Length(max=200)])
    timezone = StringField(
        _l("Time zone (e.g. Africa/Cairo)"), validators=[Optional(), Length(max=64)]
    )
    requirements = TextAreaField(
        _l("Requirements and tips"), validators=[Optional(), Length(max=10000)]
    )
    legal_texts = TextAreaField(
        _l("Legal texts and model forms (one per line: title | https://…)"),
        validators=[Optional(), Length(max=10000)],
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=10000)])
    verified_on = DateField(_l("Verified on"), validators=[Optional()])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=2000)])
    public_key = TextAreaField(
        _l("Public key for secure exchange (paste what `mla-tool exchange identity` prints)"),
        validators=[Optional(), Length(max=20000)],
    )
    external_id = StringField(
        _l("External identifier (for bulk import)"), validators=[Optional(), Length(max=120)]
    )
    change_note = StringField(_l("What changed and why"), validators=[Optional(), Length(max=500)])
    #: shown for a sample entry only: the maintainer says it now holds real data
    real_data = BooleanField(_l("This entry now holds real data: remove the “Sample” badge"))

    #: form field -> entry field, for showing the service's validation errors
    FIELD_FOR = {"country": "country", "functions": "functions", "legal_texts": "legal_texts"}

    def fill_choices(self, language: str) -> None:
        self.country.choices = state_choices(language, "")

    def to_entry(self) -> dict[str, Any]:
        """The form's content in AuthorityIn's shape (validated by the service)."""
        functions = list(self.functions.data or [])
        for item in (self.other_functions.data or "").split(","):
            if item.strip():
                functions.append(item.strip().lower())
        texts = []
        for line in (self.legal_texts.data or "").splitlines():
            if line.strip():
                title, _, url = line.partition("|")
                texts.append({"title": title.strip(), "url": url.strip()})
        tristate = {"": None, "yes": True, "no": False}
        return {
            "country": self.country.data or "",
            "functions": functions,
            "name": self.name.data or "",
            "name_en": self.name_en.data or "",
            "name_ar": self.name_ar.data or "",
            "parent_body": self.parent_body.data or "",
            "languages": language_codes(self.languages.data),
            "channels": list(self.channels.data or []),
            "urgent_by_email": tristate.get(self.urgent_by_email.data or ""),
            "urgent_by_interpol": tristate.get(self.urgent_by_interpol.data or ""),
            "address": self.address.data or "",
            "email": self.email.data or "",
            "phone": self.phone.data or "",
            "fax": self.fax.data or "",
            "website": self.website.data or "",
            "contact_persons": self.contact_persons.data or "",
            "office_hours": self.office_hours.data or "",
            "timezone": self.timezone.data or "",
            "requirements": self.requirements.data or "",
            "notes": self.notes.data or "",
            "legal_texts": texts,
            "verified_on": self.verified_on.data,
            "source": self.source.data or "",
            "public_key": (self.public_key.data or "").strip(),
            "external_id": self.external_id.data or None,
        }

    def load(self, entry: dict[str, Any]) -> None:
        """Fill the form from an entry (authority_input)."""
        known = [f for f in entry["functions"] if f in FUNCTIONS]
        other = [f for f in entry["functions"] if f not in FUNCTIONS]
        tristate = {None: "", True: "yes", False: "no"}
        self.country.data = entry["country"]
        self.functions.data = known
        self.other_functions.data = ", ".join(other)
        for name in (
            "name",
            "name_en",
            "name_ar",
            "parent_body",
            "address",
            "email",
            "phone",
            "fax",
            "website",
            "contact_persons",
            "office_hours",
            "timezone",
            "requirements",
            "notes",
            "source",
            "public_key",
        ):
            getattr(self, name).data = entry.get(name) or ""
        self.external_id.data = entry.get("external_id") or ""
        self.languages.data = ", ".join(entry["languages"])
        self.channels.data = list(entry["channels"])
        self.urgent_by_email.data = tristate[entry["urgent_by_email"]]
        self.urgent_by_interpol.data = tristate[entry["urgent_by_interpol"]]
        self.legal_texts.data = "\n".join(
            f"{t['title']} | {t['url']}" for t in entry["legal_texts"]
        )
        verified = entry.get("verified_on")
        self.verified_on.data = date.fromisoformat(verified) if verified else None

    def show_errors(self, fields: dict[str, str]) -> None:
        """Attach the service's {field: message} errors to the form fields."""
        for key, message in fields.items():
            name = key.split(".")[0]
            field = getattr(self, name, None)
            if field is None or not hasattr(field, "errors"):
                field = self.name
            errors = list(field.errors) if isinstance(field.errors, list | tuple) else []
            errors.append(_(message))  # a rule's message in the interface language
            field.errors = errors


class ConfirmForm(FlaskForm):
    """A CSRF-protected POST button (retire, restore)."""

    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


PARTICIPATION_STATUSES = [
    ("party", _l("Party")),
    ("signatory", _l("Signatory")),
    ("withdrawn", _l("Withdrawn")),
]


class ParticipationForm(FlaskForm):
    """A maintainer adds or corrects a state's participation in an instrument."""

    instrument = SelectField(_l("Instrument"), validators=[DataRequired()])
    status = SelectField(_l("Status"), choices=PARTICIPATION_STATUSES)
    signature_date = DateField(_l("Signature date"), validators=[Optional()])
    consent_date = DateField(_l("Date of consent to be bound"), validators=[Optional()])
    consent_type = SelectField(
        _l("Consent by"),
        choices=[
            ("", _l("Not known")),
            ("ratification", _l("Ratification")),
            ("accession", _l("Accession")),
            ("acceptance", _l("Acceptance")),
            ("approval", _l("Approval")),
            ("succession", _l("Succession")),
        ],
        validators=[Optional()],
    )
    source = StringField(
        _l("Source (where this comes from)"), validators=[DataRequired(), Length(max=2000)]
    )
    data_as_of = DateField(_l("Data as of"), validators=[Optional()])


class DeclarationForm(FlaskForm):
    """A maintainer adds or corrects a state's declarations under an instrument."""

    instrument = SelectField(_l("Instrument"), validators=[DataRequired()])
    central_authority = TextAreaField(
        _l("Central authority designated"), validators=[Optional(), Length(max=2000)]
    )
    languages_text = StringField(
        _l("Languages accepted (as declared)"), validators=[Optional(), Length(max=2000)]
    )
    languages = StringField(
        _l("Languages accepted (ISO 639-1 codes, comma-separated)"),
        validators=[Optional(), Length(max=100)],
    )
    legal_basis_extradition = SelectField(
        _l("Takes the convention as legal basis for extradition"),
        choices=[("unknown", _l("Not known")), ("yes", _l("Yes")), ("no", _l("No"))],
    )
    source = StringField(
        _l("Source (where this comes from)"), validators=[DataRequired(), Length(max=2000)]
    )
    quote = TextAreaField(_l("Quote from the source"), validators=[Optional(), Length(max=5000)])


class BilateralTreatyForm(FlaskForm):
    """A maintainer records a bilateral treaty and the articles to cite per kind of request."""

    code = StringField(
        _l("Short code (e.g. FRA-EGY-MLA-2004)"), validators=[DataRequired(), Length(max=60)]
    )
    name_en = StringField(_l("Title"), validators=[DataRequired(), Length(max=500)])
    state_a = SelectField(_l("First state"), validators=[DataRequired()])
    state_b = SelectField(_l("Second state"), validators=[DataRequired()])
    in_force_since = DateField(_l("In force since"), validators=[Optional()])
    source = StringField(_l("Source"), validators=[DataRequired(), Length(max=2000)])
    article_mla = StringField(
        _l("Article for mutual legal assistance"), validators=[Optional(), Length(max=200)]
    )
    article_extradition = StringField(
        _l("Article for extradition"), validators=[Optional(), Length(max=200)]
    )
    article_provisional_arrest = StringField(
        _l("Article for provisional arrest"), validators=[Optional(), Length(max=200)]
    )
    article_preservation = StringField(
        _l("Article for preservation of data"), validators=[Optional(), Length(max=200)]
    )
    article_emergency_disclosure = StringField(
        _l("Article for emergency disclosure"), validators=[Optional(), Length(max=200)]
    )

    def fill_choices(self, language: str) -> None:
        choices = state_choices(language, "")
        self.state_a.choices = choices
        self.state_b.choices = choices

    def articles(self) -> dict[str, str]:
        out = {}
        for kind in REQUEST_KINDS:
            value = (getattr(self, f"article_{kind}").data or "").strip()
            if value:
                out[kind] = value
        return out
