"""The kinds of request, as one table: code, label, family, who receives them, their document.

Every place that names a kind reads it here: the wizard (`forms/kinds.py` adds each kind's
steps and measures), the case tracker, the directory, the schemas of the API. A new kind is a
row here and its steps in the wizard.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from .i18n import N_

MLA = "mla"
EXTRADITION = "extradition"
PROVISIONAL_ARREST = "provisional_arrest"
PRESERVATION = "preservation"
EMERGENCY_DISCLOSURE = "emergency_disclosure"

#: The two families: assistance (art. 18 UNTOC and its kin) and extradition (art. 16).
ASSISTANCE_FAMILY = "assistance"
EXTRADITION_FAMILY = "extradition"

#: Directory functions of the authorities that receive requests.
CENTRAL_MLA = "central_authority_mla"
CENTRAL_EXTRADITION = "central_authority_extradition"
CONTACT_24_7 = "cybercrime_24_7"
POLICE_COOPERATION = "police_cooperation"
#: An INTERPOL National Central Bureau (the police channel of a provisional arrest).
INTERPOL_NCB = "interpol_ncb"


@dataclass(frozen=True)
class KindFacts:
    """What the whole tool knows of one kind of request (the wizard adds its steps)."""

    code: str
    #: Its name in lists, menus and the wizard (a message id).
    label: str
    #: The title its document prints (a message id).
    title: str
    family: str
    #: The central authority that receives it: the rules expect it unless `also_accepted` says.
    central_function: str
    #: Directory functions whose authorities are proposed first, best first.
    receivers: tuple[str, ...]
    #: Functions besides the central authority that may receive it.
    also_accepted: tuple[str, ...] = ()
    #: The template in templates/documents/ that prints it.
    document_template: str = "request.html"


KIND_TABLE: tuple[KindFacts, ...] = (
    KindFacts(
        MLA,
        N_("Mutual legal assistance"),
        N_("Request for mutual legal assistance in criminal matters"),
        ASSISTANCE_FAMILY,
        CENTRAL_MLA,
        (CENTRAL_MLA,),
    ),
    KindFacts(
        EXTRADITION,
        N_("Extradition"),
        N_("Request for extradition"),
        EXTRADITION_FAMILY,
        CENTRAL_EXTRADITION,
        (CENTRAL_EXTRADITION,),
        document_template="extradition.html",
    ),
    KindFacts(
        PROVISIONAL_ARREST,
        N_("Provisional arrest"),
        N_("Request for provisional arrest with a view to extradition"),
        EXTRADITION_FAMILY,
        CENTRAL_EXTRADITION,
        # a provisional arrest may go to the police channel (INTERPOL's national bureau)
        (CENTRAL_EXTRADITION, INTERPOL_NCB, POLICE_COOPERATION),
        also_accepted=(INTERPOL_NCB, POLICE_COOPERATION),
        document_template="extradition.html",
    ),
    KindFacts(
        PRESERVATION,
        N_("Preservation of stored data"),
        N_("Request for the expedited preservation of stored computer data"),
        ASSISTANCE_FAMILY,
        CENTRAL_MLA,
        # Budapest art. 35: the 24/7 contact point first, the central authority the other route
        (CONTACT_24_7, CENTRAL_MLA),
        also_accepted=(CONTACT_24_7,),
        document_template="eevidence_request.html",
    ),
    KindFacts(
        EMERGENCY_DISCLOSURE,
        N_("Emergency disclosure"),
        N_("Emergency request for the expedited disclosure of computer data"),
        ASSISTANCE_FAMILY,
        CENTRAL_MLA,
        (CONTACT_24_7, CENTRAL_MLA),
        also_accepted=(CONTACT_24_7,),
        document_template="eevidence_request.html",
    ),
)

#: The codes, in the table's order (the order of every list and enumeration of kinds).
KIND_CODES: tuple[str, ...] = tuple(kind.code for kind in KIND_TABLE)
KINDS_BY_CODE: dict[str, KindFacts] = {kind.code: kind for kind in KIND_TABLE}
#: code -> label (a message id: translate it where it is shown).
KIND_LABELS: dict[str, str] = {kind.code: kind.label for kind in KIND_TABLE}


def kind_facts(code: str | None) -> KindFacts:
    """The row of a kind; an unknown code reads as mutual legal assistance."""
    return KINDS_BY_CODE.get(code or "", KINDS_BY_CODE[MLA])


def kinds_of_family(family: str) -> frozenset[str]:
    """The codes of one family (`ASSISTANCE_FAMILY` or `EXTRADITION_FAMILY`)."""
    return frozenset(kind.code for kind in KIND_TABLE if kind.family == family)


def kind_label(code: str) -> str:
    """A kind's label in the reader's language (a template global); an unknown code as it is."""
    label = KIND_LABELS.get(code)
    return gettext(label) if label else str(code)
