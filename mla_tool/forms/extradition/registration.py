"""The two extradition request kinds and `register()`, which installs them and their rules."""

from __future__ import annotations

from ...imported_on_call import ImportedOnCall
from ..kind_registration import install_kind
from ..kinds import RequestKind
from .choices import EXTRADITION, PROVISIONAL_ARREST
from .rules import EXTRADITION_RULES
from .steps import EXTRADITION_STEPS, PROVISIONAL_ARREST_STEPS

#: The values of the documents, imported when one is printed (the printing modules were most of a
#: command's start-up, which registers the kinds).
document_extras = ImportedOnCall("mla_tool.forms.extradition.document:document_extras")

EXTRADITION_REQUEST = RequestKind(
    EXTRADITION, EXTRADITION_STEPS, (), document_context=document_extras
)
PROVISIONAL_ARREST_REQUEST = RequestKind(
    PROVISIONAL_ARREST, PROVISIONAL_ARREST_STEPS, (), document_context=document_extras
)


def register() -> None:
    """Install the two kinds (their receivers come from the kind table) and the rules of both;
    calling it again changes nothing."""
    install_kind(EXTRADITION_REQUEST)
    install_kind(PROVISIONAL_ARREST_REQUEST, EXTRADITION_RULES)
