"""The e-evidence kinds' steps and fields: preservation (Budapest art. 29), emergency disclosure."""

from __future__ import annotations

from dataclasses import replace

from ...imported_on_call import ImportedOnCall
from ..compliance_fields import TIME_LIMIT_FIELDS
from ..costs_fields import COSTS_FIELDS
from ..fieldspec import N_, FieldSpec
from ..kinds import (
    LEGAL_BASIS,
    OFFENCES,
    RELATED_REQUESTS_FIELD,
    REQUESTING_SIDE,
    REVIEW,
    RequestKind,
    Step,
)
from ..statement_fields import PROPORTIONALITY_FIELDS
from .codes import EMERGENCY, PRESERVATION

#: The values of the documents, imported when one is printed: the printing modules were most of a
#: command's start-up, which registers the kinds.
document_values = ImportedOnCall("mla_tool.forms.eevidence.document:document_values")

REQUESTED_24_7 = Step(
    "requested",
    N_("Requested state"),
    fields=(
        FieldSpec("requested_state", N_("Requested state"), "state", required=True),
        FieldSpec("requested_authority", N_("24/7 contact or central authority"), "authority"),
        FieldSpec("language", N_("Language of the request"), "language", required=True),
    ),
    help=N_(
        "Budapest art. 35: the requested state's 24/7 contact point takes preservation and "
        "emergency requests at any hour; its central authority is the other route."
    ),
)
PRESERVATION_FACTS = Step(
    "facts",
    N_("Facts"),
    fields=(
        FieldSpec("subject", N_("Nature of the investigation"), "textarea"),
        FieldSpec("proceedings.authority", N_("Authority conducting the investigation")),
        FieldSpec("proceedings.case_number", N_("Case number")),
        FieldSpec("facts", N_("Brief summary of the facts"), "textarea", required=True),
        RELATED_REQUESTS_FIELD,
    ),
    help=N_("Budapest art. 29(2)(a)-(b): the authority, the offence and a brief summary of facts."),
)
#: Preservation names the offence; dual criminality is no condition of it (Budapest art. 29(3)).
PRESERVATION_OFFENCES = replace(
    OFFENCES,
    help=N_(
        "Budapest art. 29(2)(b): the offence the data relates to. Dual criminality is not a "
        "condition of preservation (art. 29(3)), unless the requested state reserved art. 29(4)."
    ),
)
DATA_TO_PRESERVE = Step(
    "measures",
    N_("Data to preserve"),
    layout="measures",
    list_field="measures",
    fields=(
        FieldSpec("description", N_("The data to preserve"), "textarea", True),
        FieldSpec("link_to_facts", N_("How the data relates to the offence"), "textarea", True),
        FieldSpec("procedure", N_("Particular instructions (e.g. do not notify the user)")),
    ),
    help=N_(
        "Budapest art. 29(2)(c)-(d): the stored data, its relation to the offence, the "
        "custodian or provider and where the data is. After an identifier's time zone you may "
        "add | port=51234 (shared IPv4 address), | platform=… (username), "
        "| categories=subscriber,traffic,content."
    ),
)
NECESSITY = Step(
    "necessity",
    N_("Necessity and undertaking"),
    fields=(
        FieldSpec("purpose", N_("Why preservation is needed"), "textarea", required=True),
        *PROPORTIONALITY_FIELDS,
        FieldSpec(
            "preservation.mla_to_follow",
            N_("We will send a request for mutual assistance to obtain the data"),
            "bool",
            required=True,
        ),
        FieldSpec(
            "preservation.mla_expected_by", N_("Mutual assistance request expected by"), "date"
        ),
        FieldSpec("confidential.is_confidential", N_("Keep the request confidential"), "bool"),
        FieldSpec("confidential.reason", N_("Reason for confidentiality"), "textarea"),
        *TIME_LIMIT_FIELDS,
        *COSTS_FIELDS,
    ),
    help=N_(
        "Budapest art. 29(2)(e)-(f): why the data must be preserved, and that a request follows."
    ),
)
EMERGENCY_STEP = Step(
    "emergency",
    N_("The emergency"),
    fields=(
        FieldSpec(
            "urgent.reason",
            N_("The imminent risk to life or of serious injury"),
            "textarea",
            required=True,
        ),
        FieldSpec("purpose", N_("Why it cannot wait for a normal request"), "textarea", True),
        *PROPORTIONALITY_FIELDS,
        FieldSpec("facts", N_("Brief summary of the facts"), "textarea", required=True),
        RELATED_REQUESTS_FIELD,
        FieldSpec("urgent.respond_by", N_("Response needed by"), "date"),
        *TIME_LIMIT_FIELDS,
        *COSTS_FIELDS,
    ),
    help=N_(
        "Second Additional Protocol arts. 3(2)(c), 9-10: a significant and imminent risk to the "
        "life or safety of a person, and how the data sought relates to it."
    ),
)
EMERGENCY_DATA = Step(
    "measures",
    N_("Data needed"),
    layout="measures",
    list_field="measures",
    fields=DATA_TO_PRESERVE.fields,
    help=N_(
        "Second Additional Protocol art. 9(3): the provider, a detailed description of the data "
        "and how it relates to the emergency."
    ),
)

PRESERVATION_KIND = RequestKind(
    PRESERVATION,
    (
        REQUESTING_SIDE,
        REQUESTED_24_7,
        LEGAL_BASIS,
        PRESERVATION_OFFENCES,
        PRESERVATION_FACTS,
        DATA_TO_PRESERVE,
        NECESSITY,
        REVIEW,
    ),
    ("preserve_data", "disclose_traffic_data"),
    document_context=document_values,
)
EMERGENCY_KIND = RequestKind(
    EMERGENCY,
    (
        REQUESTING_SIDE,
        REQUESTED_24_7,
        LEGAL_BASIS,
        EMERGENCY_STEP,
        OFFENCES,
        EMERGENCY_DATA,
        REVIEW,
    ),
    ("subscriber_information", "disclose_traffic_data", "preserve_data", "stored_content"),
    document_context=document_values,
)
