"""The wizard steps of the extradition and provisional-arrest requests and their field specs."""

from __future__ import annotations

from dataclasses import replace

from ..fieldspec import N_, FieldSpec, adapted_fields
from ..kinds import FACTS as MLA_FACTS
from ..kinds import OFFENCE_FIELDS, PERSON_FIELDS, REQUESTING_SIDE, REVIEW, Step
from ..kinds import REQUESTED_STATE as MLA_REQUESTED_STATE
from .choices import (
    ASSURANCE_TYPES,
    CHANNELS,
    DOCUMENT_STATUSES,
    DOCUMENT_TYPES,
    EXTRADITION_STAGES,
    OFFENCE_NATURES,
    SOUGHT_ROLES,
)
from .refusal_grounds import REFUSAL_STEP

#: The requesting side, with the help of an extradition request rather than art. 18's.
EXTRADITION_REQUESTING_SIDE = replace(
    REQUESTING_SIDE,
    help=N_(
        "The authority making the request and who can answer for it (UNTOC art. 16; "
        "UN Model Treaty on Extradition art. 5(1))."
    ),
)

#: The requested state and the facts, with an extradition request's help rather than art. 18's.
REQUESTED_STATE = replace(
    MLA_REQUESTED_STATE,
    help=N_(
        "UN Model Treaty on Extradition art. 5(1): the request goes through the diplomatic "
        "channel or the authorities the requested state designates; art. 5(3): in a language "
        "it accepts."
    ),
)
FACTS = replace(
    MLA_FACTS,
    help=N_(
        "UN Model Treaty on Extradition art. 5(2)(c)-(d): the acts or omissions, with the time "
        "and place of their commission."
    ),
)

LEGAL_BASIS = Step(
    "legal_basis",
    N_("Legal basis"),
    fields=(
        FieldSpec("legal_basis", N_("Legal basis"), "multichoice"),
        FieldSpec(
            "extradition.treaty_threshold",
            N_("Treaty threshold: minimum maximum penalty (e.g. 1 year)"),
            hint=N_(
                "Leave empty to use the threshold the legal basis or the requested state's "
                "requirement profile records; where neither does, the check warns instead."
            ),
        ),
        FieldSpec(
            "extradition.treaty_enforcement_threshold",
            N_("Treaty threshold for enforcement: minimum time left to serve (e.g. 6 months)"),
            hint=N_(
                "Leave empty to use the time left to serve the legal basis or the requested "
                "state's requirement profile records; where neither does, the check warns."
            ),
        ),
    ),
    help=N_(
        "UNTOC art. 16(5): a state may take the Convention as the legal basis for extradition; "
        "record the treaty's own thresholds when it has them."
    ),
)
PROCEEDINGS = Step(
    "proceedings",
    N_("Proceedings"),
    fields=(
        FieldSpec("subject", N_("Nature of the proceedings"), "textarea", True),
        FieldSpec(
            "proceedings.stage",
            N_("Extradition is sought for"),
            "choice",
            required=True,
            choices=EXTRADITION_STAGES,
        ),
        FieldSpec("proceedings.authority", N_("Authority conducting them"), required=True),
        FieldSpec("proceedings.case_number", N_("Case number")),
    ),
    help=N_(
        "For prosecution the warrant is needed, for enforcement the judgment "
        "(UN Model Treaty on Extradition art. 5(2)(c)-(d))."
    ),
)
#: The person sought: the fields of a person, worded for extradition, with a second nationality.
PERSON_SOUGHT_FIELDS = adapted_fields(
    PERSON_FIELDS,
    {
        "role": {"choices": SOUGHT_ROLES},
        "name": {"label": N_("Full name")},
        "address": {"label": N_("Last known location")},
        "description": {"label": N_("Physical description")},
    },
    added_after={
        "nationality": (FieldSpec("other_nationality", N_("Other nationality"), "state"),)
    },
)
PERSON = Step(
    "person",
    N_("Person sought"),
    layout="items",
    list_field="persons",
    fields=PERSON_SOUGHT_FIELDS,
    help=N_("Model Treaty art. 5(2)(a): identity, nationality and location of the person sought."),
)
IDENTIFICATION = Step(
    "identification",
    N_("Identification"),
    fields=(
        FieldSpec("person_description.description", N_("Physical description"), "textarea"),
        FieldSpec("person_description.photograph", N_("A photograph is available"), "bool"),
        FieldSpec("person_description.fingerprints", N_("Fingerprints are available"), "bool"),
    ),
    help=N_("Model Treaty art. 5(2)(a): as accurate a description as possible."),
)
WARRANT = Step(
    "warrant",
    N_("Warrant or judgment"),
    fields=(
        FieldSpec("warrant.issued_by", N_("Warrant issued by (authority)")),
        FieldSpec("warrant.issued_on", N_("Date of the warrant"), "date"),
        FieldSpec("warrant.number", N_("Number of the warrant")),
        FieldSpec("judgment.court", N_("Court that gave the judgment")),
        FieldSpec("judgment.date", N_("Date of the judgment"), "date"),
        FieldSpec("judgment.sentence", N_("Sentence imposed")),
        FieldSpec("judgment.remaining", N_("Time left to serve (e.g. 3 years 2 months)")),
        FieldSpec("judgment.in_absentia", N_("Judgment given in absentia"), "bool"),
    ),
    help=N_(
        "Model Treaty art. 5(2)(c)-(e): the warrant for prosecution; for enforcement the "
        "judgment, the sentence and how much of it remains to be served."
    ),
)
OFFENCES = Step(
    "offences",
    N_("Offences"),
    layout="items",
    list_field="offences",
    fields=adapted_fields(
        OFFENCE_FIELDS,
        {
            "max_penalty": {"label": N_("Maximum penalty (e.g. 10 years)")},
            "limitation": {"label": N_("Limitation period (e.g. 20 years)")},
        },
        added_after={
            "max_penalty": (
                FieldSpec("death_penalty", N_("The death penalty can be imposed"), "bool"),
            ),
            "limitation": (
                FieldSpec("limitation_expires", N_("Date the limitation period ends"), "date"),
                FieldSpec("committed_on", N_("Date the offence was committed"), "date"),
                FieldSpec("place", N_("Place the offence was committed")),
                FieldSpec("facts", N_("Acts constituting the offence"), "textarea"),
                FieldSpec("nature", N_("Nature of the offence"), "choice", choices=OFFENCE_NATURES),
                FieldSpec(
                    "equivalent_offence",
                    N_("Equivalent offence in the requested state (if known)"),
                ),
            ),
        },
    ),
    help=N_(
        "Model Treaty art. 5(2)(b)-(c): the text of the law and the penalty, and for each "
        "offence the acts with their time and place."
    ),
)
ASSURANCES = Step(
    "assurances",
    N_("Assurances"),
    layout="items",
    list_field="assurances",
    fields=(
        FieldSpec("type", N_("Assurance"), "choice", required=True, choices=ASSURANCE_TYPES),
        FieldSpec("text", N_("Text of the assurance"), "textarea"),
    ),
    help=N_("Model Treaty arts. 3(g), 4(d) and 14: death penalty, retrial, speciality."),
)
DOCUMENTS = Step(
    "documents",
    N_("Supporting documents"),
    layout="items",
    list_field="supporting_documents",
    fields=(
        FieldSpec("type", N_("Document"), "choice", required=True, choices=DOCUMENT_TYPES),
        FieldSpec("title", N_("Title or description")),
        FieldSpec("status", N_("Status"), "choice", required=True, choices=DOCUMENT_STATUSES),
        FieldSpec("language", N_("Language of the document (ISO 639-1, e.g. fr)")),
        FieldSpec("translated", N_("A translation is attached"), "bool"),
        FieldSpec("certified", N_("Certified or authenticated copy"), "bool"),
    ),
    help=N_("Model Treaty art. 5: the documents in support, translated and certified as asked."),
)
PROVISIONAL = Step(
    "provisional",
    N_("Provisional arrest"),
    fields=(
        FieldSpec("extradition.channel", N_("Channel"), "choice", choices=CHANNELS),
        FieldSpec("extradition.interpol_notice", N_("INTERPOL notice (e.g. red notice number)")),
        FieldSpec(
            "extradition.formal_request_undertaking",
            N_("We undertake to send the formal extradition request within the time limit"),
            "bool",
        ),
        FieldSpec(
            "extradition.time_limit_days",
            N_("Time limit for the formal request, in days from the arrest"),
            hint=N_(
                "From the treaty; empty: the legal basis's or the requested state's "
                "requirement profile; where neither records it, 40 days are counted and the "
                "check warns."
            ),
        ),
        FieldSpec("urgent.reason", N_("Why the arrest is urgent"), "textarea"),
    ),
    help=N_(
        "UNTOC art. 16(9), Model Treaty art. 9: in urgent cases, ahead of the formal request, "
        "through INTERPOL or directly."
    ),
)

#: The formal request's steps, in the wizard's order.
EXTRADITION_STEPS: tuple[Step, ...] = (
    EXTRADITION_REQUESTING_SIDE,
    REQUESTED_STATE,
    LEGAL_BASIS,
    PROCEEDINGS,
    PERSON,
    IDENTIFICATION,
    WARRANT,
    OFFENCES,
    FACTS,
    ASSURANCES,
    REFUSAL_STEP,
    DOCUMENTS,
    REVIEW,
)
#: The provisional-arrest request's steps: no assurances or annex, the urgency instead.
PROVISIONAL_ARREST_STEPS: tuple[Step, ...] = (
    EXTRADITION_REQUESTING_SIDE,
    REQUESTED_STATE,
    LEGAL_BASIS,
    PROCEEDINGS,
    PERSON,
    IDENTIFICATION,
    WARRANT,
    OFFENCES,
    FACTS,
    PROVISIONAL,
    REVIEW,
)
