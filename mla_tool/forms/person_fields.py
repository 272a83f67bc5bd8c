"""A person of an MLA request as the official forms describe one: natural or legal person, and
the languages a natural person understands.

A company or association is a person concerned too (UNTOC art. 18(15)(e)): it is identified by
its name, legal form, registration number and registered seat, and acts through a
representative (EIO Annex A section E). A person to be heard or served needs an interpreter or
a translation in a language they understand.
"""

from __future__ import annotations

from ..cldr_names import own_language_name
from .fieldspec import N_, FieldSpec

#: Languages a person may be said to understand in the wizard (names in themselves, CLDR); the
#: API takes any ISO 639-1 code.
PERSON_LANGUAGE_CODES = (
    "ar", "en", "fr", "es", "ru", "zh", "pt", "de", "it", "nl", "tr", "fa", "ur", "hi", "bn",
    "sw", "ro", "sq", "pl", "uk",
)  # fmt: skip

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
    choices=tuple((code, own_language_name(code)) for code in PERSON_LANGUAGE_CODES),
)


def is_legal_person(person: dict) -> bool:
    return person.get("type") == "legal"
