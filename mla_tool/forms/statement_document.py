"""What a document prints of the statements the official forms ask for, earlier requests, the
persons' added rows and the costs."""

from __future__ import annotations

from typing import Any

from ..cldr_names import language_name
from ..i18n import N_
from .code_labels import choice_label, list_comma
from .costs_fields import COST_BEARERS
from .document_values import date_text
from .person_fields import LEGAL_PERSON_FIELDS, PERSON_TYPE_FIELD, PERSON_TYPES, is_legal_person

PERSON_TYPE_LABEL = PERSON_TYPE_FIELD.label
LANGUAGES_LABEL = N_("Languages understood")


def person_rows(person: dict[str, Any], gettext: Any, language: str) -> list[dict[str, Any]]:
    """The rows a person adds to its table in the document: the languages it understands (named
    in the document's language), a legal person's type, legal form, registration number, seat
    and representative (`typed`: the value is what the user wrote)."""
    rows: list[dict[str, Any]] = []
    codes = [code for code in person.get("languages") or [] if isinstance(code, str)]
    if codes:
        names = list_comma(language).join(language_name(code, language) for code in codes)
        rows.append({"label": gettext(LANGUAGES_LABEL), "value": names, "typed": False})
    if is_legal_person(person):
        rows.append(
            {
                "label": gettext(PERSON_TYPE_LABEL),
                "value": choice_label(PERSON_TYPES, "legal", gettext),
                "typed": False,
            }
        )
    for spec in LEGAL_PERSON_FIELDS:
        if person.get(spec.name):
            rows.append({"label": gettext(spec.label), "value": person[spec.name], "typed": True})
    return rows


def statement_values(data: dict[str, Any], language: str, gettext: Any) -> dict[str, Any]:
    """`statements` for the document's template (the necessity and proportionality statement,
    whether the domestic-case test is certified, the dual criminality statement) and
    `related_requests` (each earlier request's date as the language writes it, authority and
    reference), each person's added rows (`person_rows`) and the `costs`."""
    costs = data.get("costs") if isinstance(data.get("costs"), dict) else {}
    related = [
        {
            "date_text": date_text(item.get("date"), language),
            "authority": item.get("authority") or "",
            "reference": item.get("reference") or "",
        }
        for item in data.get("related_requests") or []
        if isinstance(item, dict)
    ]
    return {
        "statements": {
            "proportionality": data.get("proportionality") or "",
            "similar_domestic_case": data.get("similar_domestic_case") is True,
            "dual_criminality": data.get("dual_criminality") or "",
        },
        "related_requests": [item for item in related if any(item.values())],
        "costs": {
            "borne_by_label": choice_label(COST_BEARERS, costs.get("borne_by"), gettext),
            "details": costs.get("details") or "",
        },
        "person_rows": [
            person_rows(person, gettext, language) if isinstance(person, dict) else []
            for person in data.get("persons") or []
        ],
    }
