"""Rules of the fields the official forms ask for: earlier requests, legal persons, languages,
costs."""

from __future__ import annotations

from ..costs_fields import EXTRAORDINARY_COST_MEASURES
from ..fieldspec import N_, is_filled
from ..person_fields import is_legal_person
from .conditions import required
from .findings import WARNING, Miss
from .rule import ALL_KINDS, Rule, RuleContext

EIO_SECTION_D = "Directive 2014/41/EU Annex A, section D"
EIO_SECTION_E = "Directive 2014/41/EU Annex A, section E"


def related_request_unidentified(ctx: RuleContext) -> list[Miss]:
    """Each earlier request needs its date and reference for the requested state to find it."""
    return [
        (f"related_requests[{index}]", {"number": index + 1})
        for index, item in enumerate(ctx.items("related_requests"))
        if not (is_filled(item.get("date")) and is_filled(item.get("reference")))
    ]


def legal_person_unidentified(ctx: RuleContext) -> list[Miss]:
    """A legal person is found by its registration number and registered seat."""
    return [
        (f"persons[{index}].registration_number", {"number": index + 1})
        for index, person in enumerate(ctx.items("persons"))
        if is_legal_person(person)
        and not (is_filled(person.get("registration_number")) and is_filled(person.get("seat")))
    ]


#: Measures that hear a person (named in the measure's `details.person`): the person needs an
#: interpreter in a language they understand.
HEARING_MEASURES = frozenset({"take_evidence", "videoconference", "transfer_detained_person"})


def _heard_names(ctx: RuleContext) -> set[str]:
    return {
        str(item["details"].get("person") or "").strip().casefold()
        for item in ctx.items("measures")
        if item.get("type") in HEARING_MEASURES and isinstance(item.get("details"), dict)
    } - {""}


def heard_person_languages_unknown(ctx: RuleContext) -> list[Miss]:
    heard = _heard_names(ctx)
    return [
        (f"persons[{index}].languages", {"number": index + 1})
        for index, person in enumerate(ctx.items("persons"))
        if str(person.get("name") or "").strip().casefold() in heard
        and not is_legal_person(person)
        and not is_filled(person.get("languages"))
    ]


def has_costly_measure(ctx: RuleContext) -> bool:
    return any(item.get("type") in EXTRAORDINARY_COST_MEASURES for item in ctx.items("measures"))


def has_legal_person(ctx: RuleContext) -> bool:
    return any(is_legal_person(person) for person in ctx.items("persons"))


REQUEST_FIELD_RULES: tuple[Rule, ...] = (
    Rule(
        "related_request_unidentified",
        "related_requests",
        WARNING,
        related_request_unidentified,
        N_(
            "Earlier request %(number)s: give its date and reference, so that the requested "
            "state can find it."
        ),
        EIO_SECTION_D,
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.items("related_requests")),
    ),
    Rule(
        "legal_person_unidentified",
        "persons",
        WARNING,
        legal_person_unidentified,
        N_(
            "Person %(number)s is a legal person: give its registration number and registered "
            "seat, so that the requested state can identify it."
        ),
        "UNTOC art. 18(15)(e)",
        applies=has_legal_person,
    ),
    Rule(
        "person_languages_unknown",
        "persons",
        WARNING,
        heard_person_languages_unknown,
        N_(
            "Person %(number)s is to be heard: say which languages they understand, so that an "
            "interpreter can be arranged."
        ),
        EIO_SECTION_E,
        applies=lambda ctx: bool(_heard_names(ctx)),
    ),
    Rule(
        "extraordinary_costs_unaddressed",
        "costs.borne_by",
        WARNING,
        required("costs.borne_by"),
        N_(
            "A measure asked usually costs more than ordinary (videoconference, transfer, "
            "expert, interception): say who bears the extraordinary costs."
        ),
        "UNTOC art. 18(28)",
        applies=has_costly_measure,
    ),
)
