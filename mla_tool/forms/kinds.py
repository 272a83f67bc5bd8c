"""The wizard's request kinds: each kind of the kind table with its steps and measures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..request_kinds import MLA as MLA_CODE
from ..request_kinds import KindFacts, kind_facts
from .compliance_fields import ISSUER_FIELDS, TIME_LIMIT_FIELDS
from .costs_fields import COSTS_FIELDS
from .death_penalty_fields import DEATH_PENALTY_ASSURANCE_FIELD
from .fieldspec import N_, FieldSpec, adapted_fields
from .measures import MEASURES
from .person_fields import LEGAL_PERSON_FIELDS, PERSON_LANGUAGES_FIELD, PERSON_TYPE_FIELD
from .statement_fields import DUAL_CRIMINALITY_FIELDS, PROPORTIONALITY_FIELDS

PROCEEDING_STAGES = (
    ("investigation", N_("Investigation")),
    ("prosecution", N_("Prosecution")),
    ("trial", N_("Trial")),
    ("appeal", N_("Appeal")),
    ("enforcement", N_("Enforcement")),
    ("confiscation", N_("Confiscation")),
)
PERSON_ROLES = (
    ("suspect", N_("Suspect")),
    ("accused", N_("Accused")),
    ("convicted", N_("Convicted person")),
    ("witness", N_("Witness")),
    ("victim", N_("Victim")),
    ("account_holder", N_("Account holder")),
    ("other", N_("Other")),
)
REQUEST_STATUSES = ("draft", "submitted", "returned", "approved", "transmitted", "withdrawn")


@dataclass(frozen=True)
class Step:
    """One page of the wizard. `layout` says how it is edited:

    fields: the `fields` (dotted document paths) on one form; items: a list at `list_field`
    whose entries have `fields`; measures: the measure list with each type's sub-form;
    review: the whole request with its findings.
    """

    code: str
    label: str
    layout: str = "fields"
    fields: tuple[FieldSpec, ...] = ()
    list_field: str = ""
    help: str = ""


@dataclass(frozen=True)
class RequestKind:
    """A kind of the table (`request_kinds.KIND_TABLE`) as the wizard fills it in: its steps,
    the measures it may ask for and the extra values of its document's template."""

    code: str
    steps: tuple[Step, ...]
    measure_codes: tuple[str, ...]
    #: (document, language, gettext) -> more template values for its document's template.
    document_context: Callable[[dict[str, Any], str, Any], dict[str, Any]] | None = None

    @property
    def facts(self) -> KindFacts:
        return kind_facts(self.code)

    @property
    def label(self) -> str:
        return self.facts.label

    @property
    def title(self) -> str:
        return self.facts.title

    @property
    def document_template(self) -> str:
        return self.facts.document_template

    def step(self, code: str) -> Step | None:
        return next((step for step in self.steps if step.code == code), None)

    def step_number(self, code: str) -> int:
        return next(i for i, step in enumerate(self.steps, start=1) if step.code == code)

    def field_spec(self, path: str) -> FieldSpec | None:
        for step in self.steps:
            for spec in step.fields:
                if spec.name == path:
                    return spec
        return None


REQUESTING_SIDE = Step(
    "requesting",
    N_("Requesting side"),
    fields=(
        FieldSpec("requesting_state", N_("Requesting state"), "state", required=True),
        FieldSpec("requesting_authority.name", N_("Requesting authority"), required=True),
        *ISSUER_FIELDS,
        FieldSpec("requesting_authority.address", N_("Address"), "textarea", translate=False),
        FieldSpec("requesting_authority.contact_name", N_("Contact person")),
        FieldSpec("requesting_authority.email", N_("Email")),
        FieldSpec("requesting_authority.phone", N_("Telephone")),
        FieldSpec("reference", N_("Your reference")),
        FieldSpec("signatory.name", N_("Signed by")),
        FieldSpec("signatory.title", N_("Function of the signatory")),
    ),
    help=N_("Art. 18(15)(a): the identity of the authority making the request."),
)
REQUESTED_STATE = Step(
    "requested",
    N_("Requested state"),
    fields=(
        FieldSpec("requested_state", N_("Requested state"), "state", required=True),
        FieldSpec("requested_authority", N_("Authority the request goes to"), "authority"),
        FieldSpec("language", N_("Language of the request"), "language", required=True),
    ),
    help=N_("Art. 18(13)-(14): requests go to the central authority, in a language it accepts."),
)
LEGAL_BASIS = Step(
    "legal_basis",
    N_("Legal basis"),
    fields=(FieldSpec("legal_basis", N_("Legal basis"), "multichoice"),),
    help=N_("Instruments both states are bound by; UNTOC art. 18(7) applies without a treaty."),
)
#: Earlier requests in the same matter (EIO Annex A section D), one a line.
RELATED_REQUESTS_FIELD = FieldSpec(
    "related_requests",
    N_("Earlier requests in this matter"),
    "related_requests",
    hint=N_("One per line: date (YYYY-MM-DD) | authority it went to | its reference."),
)
PROCEEDINGS = Step(
    "proceedings",
    N_("Proceedings"),
    fields=(
        FieldSpec("subject", N_("Nature of the investigation or proceedings"), "textarea", True),
        FieldSpec(
            "proceedings.stage", N_("Stage"), "choice", required=True, choices=PROCEEDING_STAGES
        ),
        FieldSpec("proceedings.authority", N_("Authority conducting them"), required=True),
        FieldSpec("proceedings.case_number", N_("Case number")),
        RELATED_REQUESTS_FIELD,
    ),
    help=N_("Art. 18(15)(b): subject matter, nature, and the authority conducting it."),
)
#: The fields of an offence, one entry of a request's `offences` (extradition asks for more).
OFFENCE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", N_("Offence"), required=True),
    FieldSpec("provision", N_("Provision of the law")),
    FieldSpec("text", N_("Text of the law"), "textarea"),
    FieldSpec("max_penalty", N_("Maximum penalty")),
    FieldSpec("limitation", N_("Limitation period")),
)
OFFENCES = Step(
    "offences",
    N_("Offences"),
    layout="items",
    list_field="offences",
    fields=OFFENCE_FIELDS,
    help=N_("Quote the text of the law: the requested state checks dual criminality (18(9))."),
)
FACTS = Step(
    "facts",
    N_("Facts"),
    fields=(FieldSpec("facts", N_("Summary of the relevant facts"), "textarea"),),
    help=N_("Art. 18(15)(c): not needed when only service of documents is asked."),
)
#: MLA's facts, with the dual criminality statement where the requested state requires one.
MLA_FACTS = replace(
    FACTS, fields=(*FACTS.fields, *DUAL_CRIMINALITY_FIELDS, DEATH_PENALTY_ASSURANCE_FIELD)
)
#: The fields of a person, one entry of a request's `persons` (other kinds adapt the wording).
PERSON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("role", N_("Role"), "choice", required=True, choices=PERSON_ROLES),
    FieldSpec("name", N_("Name"), required=True),
    FieldSpec("aliases", N_("Aliases")),
    FieldSpec("birth_date", N_("Date of birth"), "date"),
    FieldSpec("birth_place", N_("Place of birth")),
    FieldSpec("nationality", N_("Nationality"), "state"),
    FieldSpec("id_documents", N_("Identity documents")),
    FieldSpec("address", N_("Address or location")),
    FieldSpec("description", N_("Description"), "textarea"),
)
#: A person of an MLA request: natural or legal, with a legal person's identification.
MLA_PERSON_FIELDS = adapted_fields(
    PERSON_FIELDS,
    {},
    added_after={
        "role": (PERSON_TYPE_FIELD,),
        "nationality": (PERSON_LANGUAGES_FIELD,),
        "description": LEGAL_PERSON_FIELDS,
    },
)
PERSONS = Step(
    "persons",
    N_("Persons"),
    layout="items",
    list_field="persons",
    fields=MLA_PERSON_FIELDS,
    help=N_("Art. 18(15)(e): where possible, identity, location and nationality."),
)
MEASURES_STEP = Step(
    "measures",
    N_("Assistance sought"),
    layout="measures",
    list_field="measures",
    fields=(
        FieldSpec("description", N_("Description of the assistance"), "textarea", True),
        FieldSpec("link_to_facts", N_("Link to the facts"), "textarea", True),
        FieldSpec("procedure", N_("Particular procedure to follow"), "textarea"),
    ),
    help=N_("Art. 18(15)(d): each measure, its link to the facts and any procedure wished."),
)
PURPOSE = Step(
    "purpose",
    N_("Purpose, confidentiality, urgency"),
    fields=(
        FieldSpec("purpose", N_("Purpose of the request"), "textarea", True),
        *PROPORTIONALITY_FIELDS,
        FieldSpec("procedures", N_("Procedures to follow (general)"), "textarea"),
        FieldSpec("confidential.is_confidential", N_("Keep the request confidential"), "bool"),
        FieldSpec("confidential.reason", N_("Reason for confidentiality"), "textarea"),
        FieldSpec("urgent.is_urgent", N_("Urgent"), "bool"),
        FieldSpec("urgent.reason", N_("Reason for urgency"), "textarea"),
        FieldSpec("urgent.respond_by", N_("Response needed by"), "date"),
        *TIME_LIMIT_FIELDS,
        *COSTS_FIELDS,
        FieldSpec("annexes", N_("Annexes (one per line)"), "lines"),
    ),
    help=N_("Art. 18(15)(f), 18(20) confidentiality, 18(24) urgency."),
)
REVIEW = Step("review", N_("Review"), layout="review")

MLA = RequestKind(
    MLA_CODE,
    (
        REQUESTING_SIDE,
        REQUESTED_STATE,
        LEGAL_BASIS,
        PROCEEDINGS,
        OFFENCES,
        MLA_FACTS,
        PERSONS,
        MEASURES_STEP,
        PURPOSE,
        REVIEW,
    ),
    tuple(code for code, measure in MEASURES.items()),
)

#: The kinds the wizard knows: MLA, and those the wiring registers (wiring.KIND_REGISTRATIONS).
KINDS: dict[str, RequestKind] = {MLA.code: MLA}


def request_kind(code: str | None) -> RequestKind:
    """The kind's definition; kinds not yet described fall back to the MLA steps."""
    return KINDS.get(code or "", MLA)


def register_kind(kind: RequestKind) -> None:
    KINDS[kind.code] = kind
