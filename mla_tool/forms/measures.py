"""The catalogue of measures a request may ask for, each with the fields of its own sub-form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fieldspec import DATA_CATEGORIES, N_, FieldSpec, check_value, is_filled
from .measure_terms import INTERCEPTION_TERMS, TRANSFER_TERMS, VIDEOCONFERENCE_TERMS


@dataclass(frozen=True)
class MeasureType:
    """A kind of assistance: `coercive` ones need dual criminality (art. 18(9)) and offence text."""

    code: str
    label: str
    reference: str
    fields: tuple[FieldSpec, ...] = ()
    coercive: bool = False
    electronic: bool = False

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)

    def missing_details(self, details: dict[str, Any]) -> list[str]:
        """Names of the sub-form fields required here and not given."""
        return [
            spec.name
            for spec in self.fields
            if spec.is_required(details) and not is_filled(details.get(spec.name))
        ]

    def validate_details(self, details: Any) -> dict[str, Any]:
        if details is None:
            return {}
        if not isinstance(details, dict):
            raise ValueError("details must be an object")
        known = {spec.name: spec for spec in self.fields}
        unknown = sorted(set(details) - set(known))
        if unknown:
            raise ValueError(
                f"details of a {self.code} measure have unknown keys: {', '.join(unknown)}"
            )
        for name, value in details.items():
            try:
                check_value(known[name], value)
            except ValueError as error:
                raise ValueError(f"details.{name} {error}") from error
        return details


ATTENDANCE = (
    ("none", N_("No one from the requesting side attends")),
    ("attend", N_("Officials of the requesting side wish to attend")),
    ("videoconference", N_("Hearing by videoconference (art. 18(18))")),
)
RECORD_TYPES = (
    ("bank", N_("Bank or financial records")),
    ("business", N_("Business or corporate records")),
    ("government", N_("Government records")),
)

_PERSON = FieldSpec("person", N_("Person (name, as in the persons section)"), required=True)


def _electronic_fields() -> tuple[FieldSpec, ...]:
    return (
        FieldSpec(
            "identifiers",
            N_("Identifiers"),
            "identifiers",
            required=True,
            # One literal, so that the hint is found in the catalogue where it is displayed.
            hint=N_(
                "One per line: type | value | observed at (ISO 8601) | time zone. "
                "Types: ip, email, phone, account, url, domain, device."
            ),
        ),
        FieldSpec("provider", N_("Service provider"), "provider", required=True),
        # Budapest art. 29(2)(d): "any available information identifying the custodian of the
        # stored computer data or the location of the computer system"
        FieldSpec("system_location", N_("Where the computer system is, if known")),
        FieldSpec(
            "data_categories",
            N_("Data categories"),
            "multichoice",
            choices=tuple((category, category) for category in DATA_CATEGORIES),
        ),
        FieldSpec("date_range", N_("Period"), "date_range"),
    )


MEASURE_TYPES: tuple[MeasureType, ...] = (
    MeasureType(
        "take_evidence",
        N_("Taking evidence or statements"),
        "UNTOC art. 18(3)(a)",
        (
            _PERSON,
            FieldSpec("questions", N_("Questions to be put"), "textarea", required=True),
            FieldSpec(
                "attendance",
                N_("Attendance of the requesting side"),
                "choice",
                required=True,
                choices=ATTENDANCE,
            ),
            FieldSpec("under_oath", N_("Statement under oath"), "bool"),
            FieldSpec("place", N_("Place where the person may be found")),
        ),
    ),
    MeasureType(
        "service_of_documents",
        N_("Service of judicial documents"),
        "UNTOC art. 18(3)(b)",
        (
            FieldSpec("documents", N_("Documents to serve"), "textarea", required=True),
            FieldSpec("recipient", N_("Recipient"), required=True),
            FieldSpec("recipient_address", N_("Address of the recipient"), required=True),
            FieldSpec("proof_of_service", N_("Proof of service requested"), "bool"),
        ),
    ),
    MeasureType(
        "search_and_seizure",
        N_("Search and seizure"),
        "UNTOC art. 18(3)(c)",
        (
            FieldSpec("premises", N_("Premises or place to search"), required=True),
            FieldSpec("items_sought", N_("Items sought"), "textarea", required=True),
            FieldSpec("order", N_("Domestic order (court, date, number)")),
        ),
        coercive=True,
    ),
    MeasureType(
        "examine_objects_and_sites",
        N_("Examining objects and sites"),
        "UNTOC art. 18(3)(d)",
        (FieldSpec("object_or_site", N_("Object or site"), required=True),),
    ),
    MeasureType(
        "provide_information",
        N_("Providing information and evidentiary items"),
        "UNTOC art. 18(3)(e)",
        (FieldSpec("information", N_("Information sought"), "textarea", required=True),),
    ),
    MeasureType(
        "expert_evaluation",
        N_("Expert evaluation"),
        "UNTOC art. 18(3)(e)",
        (
            FieldSpec("subject", N_("What is to be evaluated"), required=True),
            FieldSpec("expert_questions", N_("Questions for the expert"), "textarea"),
        ),
    ),
    MeasureType(
        "records",
        N_("Records (bank, business, government)"),
        "UNTOC art. 18(3)(f)",
        (
            FieldSpec(
                "record_type", N_("Kind of records"), "choice", required=True, choices=RECORD_TYPES
            ),
            FieldSpec("institution", N_("Bank or institution holding them"), required=True),
            FieldSpec("account", N_("Account number(s)"), required_when=("record_type", "bank")),
            FieldSpec("holder", N_("Holder of the account or records")),
            FieldSpec("period_from", N_("Period from"), "date", required=True),
            FieldSpec("period_to", N_("Period to"), "date", required=True),
            FieldSpec("certified", N_("Certified copies requested"), "bool"),
        ),
        coercive=True,
    ),
    MeasureType(
        "identify_trace_proceeds",
        N_("Identifying or tracing proceeds of crime"),
        "UNTOC art. 18(3)(g), art. 13",
        (
            FieldSpec("property", N_("Proceeds, property or instrumentalities"), required=True),
            FieldSpec("holder", N_("Presumed holder")),
        ),
    ),
    MeasureType(
        "freeze",
        N_("Freezing"),
        "UNTOC art. 13(2)",
        (
            FieldSpec("property", N_("Property to freeze"), "textarea", required=True),
            FieldSpec("order", N_("Freezing order (court, date, number)"), required=True),
            FieldSpec("value", N_("Estimated value")),
            FieldSpec("location", N_("Where the property is")),
        ),
        coercive=True,
    ),
    MeasureType(
        "confiscate",
        N_("Confiscation"),
        "UNTOC art. 13(1), 13(3)",
        (
            FieldSpec("property", N_("Property to confiscate"), "textarea", required=True),
            FieldSpec("order", N_("Confiscation order (court, date, number)"), required=True),
            FieldSpec("order_is_final", N_("The order is final"), "bool"),
        ),
        coercive=True,
    ),
    MeasureType(
        "asset_return",
        N_("Return of assets"),
        "UNTOC art. 14; UNCAC art. 57",
        (
            FieldSpec("property", N_("Assets to return"), required=True),
            FieldSpec("return_to", N_("To whom and where"), required=True),
        ),
    ),
    MeasureType(
        "videoconference",
        N_("Hearing by videoconference"),
        "UNTOC art. 18(18)",
        (
            _PERSON,
            FieldSpec("proposed_date", N_("Proposed date"), "date"),
            FieldSpec("technical_contact", N_("Technical contact")),
            *VIDEOCONFERENCE_TERMS,
        ),
    ),
    MeasureType(
        "voluntary_appearance",
        N_("Facilitating voluntary appearance"),
        "UNTOC art. 18(3)(h)",
        (_PERSON, FieldSpec("expenses_covered", N_("Expenses covered"), "bool")),
    ),
    MeasureType(
        "transfer_detained_person",
        N_("Transfer of a detained person to testify"),
        "UNTOC art. 18(10)-(12)",
        (
            _PERSON,
            FieldSpec("place_of_detention", N_("Place of detention"), required=True),
            FieldSpec("return_by", N_("Return by"), "date"),
            *TRANSFER_TERMS,
        ),
        coercive=True,
    ),
    MeasureType(
        "transfer_of_proceedings",
        N_("Transfer of criminal proceedings"),
        "UNTOC art. 21",
        (FieldSpec("reasons", N_("Reasons for the transfer"), "textarea", required=True),),
    ),
    MeasureType(
        "joint_investigation",
        N_("Joint investigation"),
        "UNTOC art. 19",
        (
            FieldSpec("scope", N_("Scope and purpose"), "textarea", required=True),
            FieldSpec("duration", N_("Duration")),
        ),
    ),
    MeasureType(
        "controlled_delivery",
        N_("Controlled delivery"),
        "UNTOC art. 20",
        (
            FieldSpec("consignment", N_("Consignment"), required=True),
            FieldSpec("route", N_("Expected route and dates")),
        ),
        coercive=True,
    ),
    MeasureType(
        "preserve_data",
        N_("Expedited preservation of stored data"),
        "Budapest Convention art. 29",
        _electronic_fields(),
        electronic=True,
    ),
    MeasureType(
        "disclose_traffic_data",
        N_("Expedited disclosure of preserved traffic data"),
        "Budapest Convention art. 30",
        _electronic_fields(),
        electronic=True,
    ),
    MeasureType(
        "subscriber_information",
        N_("Subscriber information"),
        "Budapest Convention art. 31; Second Protocol art. 8",
        _electronic_fields(),
        electronic=True,
    ),
    MeasureType(
        "stored_content",
        N_("Access to stored computer data"),
        "Budapest Convention art. 31",
        _electronic_fields(),
        coercive=True,
        electronic=True,
    ),
    MeasureType(
        "realtime_traffic_data",
        N_("Real-time collection of traffic data"),
        "Budapest Convention art. 33",
        _electronic_fields(),
        coercive=True,
        electronic=True,
    ),
    MeasureType(
        "interception",
        N_("Interception of content data"),
        "Budapest Convention art. 34",
        (*_electronic_fields(), *INTERCEPTION_TERMS),
        coercive=True,
        electronic=True,
    ),
)

MEASURES: dict[str, MeasureType] = {measure.code: measure for measure in MEASURE_TYPES}
MEASURE_CODES: tuple[str, ...] = tuple(MEASURES)


def measure_type(code: str | None) -> MeasureType | None:
    return MEASURES.get(code or "")


def register_measure(measure: MeasureType) -> None:
    """Later request kinds add measures as data."""
    MEASURES[measure.code] = measure
