"""Codes of the extradition and provisional-arrest kinds and the choices their fields offer."""

from __future__ import annotations

from ...request_kinds import EXTRADITION, EXTRADITION_FAMILY, PROVISIONAL_ARREST, kinds_of_family
from ..fieldspec import N_

EXTRADITION_KINDS = kinds_of_family(EXTRADITION_FAMILY)
FORMAL_ONLY = frozenset({EXTRADITION})
PROVISIONAL_ONLY = frozenset({PROVISIONAL_ARREST})

# -- choices --------------------------------------------------------------------------------------

EXTRADITION_STAGES = (
    ("prosecution", N_("Prosecution (arrest warrant)")),
    ("enforcement", N_("Enforcement of a sentence (judgment)")),
)
SOUGHT_ROLES = (
    ("accused", N_("Accused")),
    ("convicted", N_("Convicted person")),
    ("suspect", N_("Suspect")),
)
OFFENCE_NATURES = (
    ("ordinary", N_("Ordinary criminal offence")),
    ("political", N_("Could be seen as political")),
    ("fiscal", N_("Fiscal (taxes, customs, exchange)")),
    ("military", N_("Military offence")),
)
ASSURANCE_TYPES = (
    ("death_penalty", N_("Death penalty will not be imposed or carried out")),
    ("speciality", N_("Speciality: tried or punished only for the offences extradited for")),
    ("fair_trial", N_("Fair trial and treatment")),
    ("retrial_in_absentia", N_("Retrial after a conviction in absentia")),
    (
        "national_prosecution",
        N_("If a national is not extradited: prosecution in the requested state (art. 16(10))"),
    ),
    (
        "temporary_surrender",
        N_(
            "Conditional surrender of a national: returned to the requested state to serve "
            "the sentence (art. 16(11))"
        ),
    ),
    (
        "national_enforcement",
        N_("If a national is not extradited: enforcement of the sentence there (art. 16(12))"),
    ),
    ("other", N_("Other assurance")),
)
#: The answers the requesting state gives to a refusal to extradite a national.
NATIONAL_ALTERNATIVES = frozenset(
    {"national_prosecution", "temporary_surrender", "national_enforcement"}
)
DOCUMENT_TYPES = (
    ("warrant", N_("Arrest warrant (original or certified copy)")),
    ("judgment", N_("Judgment and sentence (original or certified copy)")),
    ("law_text", N_("Text of the law: offence, penalty and limitation")),
    ("identification", N_("Identification material (photograph, fingerprints)")),
    ("translation", N_("Translation")),
    ("certification", N_("Certification or authentication")),
    ("other", N_("Other document")),
)
DOCUMENT_STATUSES = (
    ("attached", N_("Attached")),
    ("to_follow", N_("To follow")),
)
CHANNELS = (
    ("central_authority", N_("Central authority to central authority")),
    ("interpol", N_("INTERPOL")),
    ("diplomatic", N_("Diplomatic channel")),
    ("direct", N_("Directly to the competent authority")),
)

DOCUMENT_LABELS = dict(DOCUMENT_TYPES)
CHANNEL_LABELS = dict(CHANNELS)
