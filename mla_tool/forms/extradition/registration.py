"""The two extradition request kinds and `register()`, which installs them and their rules."""

from __future__ import annotations

from ..directory_facts import PREFERRED_FUNCTIONS
from ..fieldspec import N_
from ..kinds import RequestKind, register_kind
from ..rules import ALSO_ACCEPTED_FUNCTIONS, RULES_BY_CODE, register_rule
from .choices import EXTRADITION, PROVISIONAL_ARREST
from .document import document_extras
from .rules import EXTRADITION_RULES
from .steps import EXTRADITION_STEPS, PROVISIONAL_ARREST_STEPS

EXTRADITION_REQUEST = RequestKind(
    EXTRADITION,
    N_("Extradition"),
    EXTRADITION_STEPS,
    (),
    N_("Request for extradition"),
    document_template="extradition.html",
    document_context=document_extras,
)
PROVISIONAL_ARREST_REQUEST = RequestKind(
    PROVISIONAL_ARREST,
    N_("Provisional arrest"),
    PROVISIONAL_ARREST_STEPS,
    (),
    N_("Request for provisional arrest with a view to extradition"),
    document_template="extradition.html",
    document_context=document_extras,
)


def register() -> None:
    """Add the two kinds, their rules and routing preferences; calling it again changes nothing."""
    register_kind(EXTRADITION_REQUEST)
    register_kind(PROVISIONAL_ARREST_REQUEST)
    # a provisional arrest may go to the police channel (INTERPOL's national bureau)
    PREFERRED_FUNCTIONS[PROVISIONAL_ARREST] = (
        "central_authority_extradition",
        "police_cooperation",
    )
    ALSO_ACCEPTED_FUNCTIONS[PROVISIONAL_ARREST] = ("police_cooperation",)
    for rule in EXTRADITION_RULES:
        if rule.code not in RULES_BY_CODE:
            register_rule(rule)
