"""A person of an MLA request as the official forms describe one: natural or legal person, and
the languages a natural person understands.

A company or association is a person concerned too (UNTOC art. 18(15)(e)): it is identified by
its name, legal form, registration number and registered seat, and acts through a
representative (EIO Annex A section E). A person to be heard or served needs an interpreter or
a translation in a language they understand.
"""

from __future__ import annotations

from .fieldspec import N_, FieldSpec

#: Languages a person may be said to understand in the wizard, each named in itself as CLDR names
#: it (`cldr_names.own_language_name`; tests/test_person_languages.py checks that they agree):
#: written out, as reading 20 CLDR locales when the module is imported cost every start-up a
#: tenth of a second. The API takes any ISO 639-1 code.
PERSON_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("ar", "العربية"),
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("zh", "中文 (简体)"),
    ("pt", "Português"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("tr", "Türkçe"),
    ("fa", "فارسی"),
    ("ur", "اردو"),
    ("hi", "हिन्दी"),
    ("bn", "বাংলা"),
    ("sw", "Kiswahili"),
    ("ro", "Română"),
    ("sq", "Shqip"),
    ("pl", "Polski"),
    ("uk", "Українська"),
)
PERSON_LANGUAGE_CODES = tuple(code for code, _name in PERSON_LANGUAGES)

#: Whether a person is a human being or a company, association or other legal person.
PERSON_TYPES: tuple[tuple[str, str], ...] = (
    ("natural", N_("Natural person")),
    ("legal", N_("Legal person (company, association…)")),
)
PERSON_TYPE_FIELD = FieldSpec("type", N_("Natural or legal person"), "choice", choices=PERSON_TYPES)
LEGAL_PERSON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "legal_form",
        N_("Legal form"),
        hint=N_(
            "For a legal person: the legal form, registration number, seat and representative."
        ),
    ),
    FieldSpec("registration_number", N_("Registration number")),
    FieldSpec("seat", N_("Registered seat")),
    FieldSpec("representative", N_("Legal representative")),
)


PERSON_LANGUAGES_FIELD = FieldSpec(
    "languages",
    N_("Languages the person understands"),
    "multichoice",
    choices=PERSON_LANGUAGES,
)


def is_legal_person(person: dict) -> bool:
    return person.get("type") == "legal"
