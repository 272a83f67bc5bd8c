"""A person of an MLA request as the official forms describe one: natural or legal person.

A company or association is a person concerned too (UNTOC art. 18(15)(e)): it is identified by
its name, legal form, registration number and registered seat, and acts through a
representative (EIO Annex A section E).
"""

from __future__ import annotations

from .fieldspec import N_, FieldSpec

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


def is_legal_person(person: dict) -> bool:
    return person.get("type") == "legal"
