"""Which of the legal bases chosen on a request its document cites: those that bind both states."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..directory.errors import DirectoryError
from ..directory.legal_basis import legal_basis
from ..directory.models import Instrument, Participation
from ..extensions import db
from ..request_kinds import ASSISTANCE_FAMILY, MLA, kinds_of_family

#: Kinds that are forms of mutual legal assistance: an instrument with no article of its own for
#: them (UNTOC, UNCAC) is cited by its article on mutual legal assistance (UNTOC art. 18(1),
#: UNCAC art. 46(1): "the widest measure of mutual legal assistance").
MLA_FORMS: frozenset[str] = kinds_of_family(ASSISTANCE_FAMILY) - {MLA}
#: The finder's statuses under which an instrument may be cited: recorded as binding both
#: states, or participation not recorded (the wizard asks the user to check).
CITABLE: frozenset[str] = frozenset({"applies", "check"})
RECIPROCITY = "reciprocity"


def kind_article(articles: dict[str, str], kind: str) -> str:
    """The article an instrument's directory entry gives for `kind` (for an MLA form without one
    of its own, e.g. preservation under UNTOC, its article on mutual legal assistance)."""
    if kind in MLA_FORMS:
        return articles.get(kind) or articles.get(MLA, "")
    return articles.get(kind, "")


def _bound_codes(requesting: str, requested: str, kind: str) -> set[str] | None:
    """The instruments the legal-basis finder (directory/legal_basis.py) lets both states use
    for `kind`; None when it cannot answer (a state or kind it does not know)."""
    kinds = (kind, MLA) if kind in MLA_FORMS else (kind,)
    codes: set[str] = set()
    for each in kinds:
        try:
            found = legal_basis(requesting, requested, each)
        except DirectoryError:
            return None
        codes.update(
            str(item["code"]).upper()
            for item in found
            if item["basis"] == "instrument" and item["status"] in CITABLE
        )
    return codes


def _unjudged(codes: list[str]) -> set[str]:
    """Chosen codes the directory cannot judge: no such instrument, or one whose participation
    is meant to be recorded but none is loaded (a directory without reference data)."""
    wanted = {code.upper() for code in codes}
    instruments = {
        instrument.code.upper(): instrument
        for instrument in db.session.execute(
            select(Instrument).where(Instrument.code.in_(wanted))
        ).scalars()
    }
    with_participation = set(
        db.session.execute(
            select(Participation.instrument_id)
            .where(Participation.instrument_id.in_([i.id for i in instruments.values()]))
            .distinct()
        ).scalars()
    )
    return {
        code
        for code in wanted
        if code not in instruments
        or (
            instruments[code].participation_known and instruments[code].id not in with_participation
        )
    }


def cited_bases(data: dict[str, Any], kind: str | None = None) -> list[str]:
    """The chosen legal bases the document cites, in the order chosen.

    A treaty the two states are not both bound by (per the directory's participation data) is
    not cited as if it applied. Reciprocity is the no-treaty fallback (the finder's "Reciprocity
    (no treaty)"): it is cited when it was chosen and no chosen treaty is cited. The templates
    print an instrument's own articles (UNTOC art. 18(19), Budapest art. 29(7)) only when it is
    one of these (`cited_codes` in the document context)."""
    kind = str(kind or data.get("kind") or "mla")
    chosen = [str(code) for code in data.get("legal_basis") or [] if code]
    requesting = str(data.get("requesting_state") or "")
    requested = str(data.get("requested_state") or "")
    bound = _bound_codes(requesting, requested, kind) if requesting and requested else None
    if bound is not None:
        bound |= _unjudged([code for code in chosen if code != RECIPROCITY])
    treaties = [
        code for code in chosen if code != RECIPROCITY and (bound is None or code.upper() in bound)
    ]
    if treaties:
        return treaties
    return [RECIPROCITY] if RECIPROCITY in chosen else []


#: How the measure table (measures.py) names an instrument in a reference -> its directory code.
REFERENCE_INSTRUMENTS: dict[str, str] = {
    "UNTOC": "UNTOC",
    "UNCAC": "UNCAC",
    "Budapest Convention": "BUDAPEST",
    "Second Protocol": "BUDAPEST_P2",
}


def cited_reference(reference: str, codes: set[str]) -> str:
    """The parts of a measure's reference ("Budapest Convention art. 18; Second Protocol art. 7")
    whose instrument the document rests on: no article of a treaty that does not apply."""
    parts = []
    for part in reference.split("; "):
        code = next((c for p, c in REFERENCE_INSTRUMENTS.items() if part.startswith(p)), None)
        if code is not None and code in codes:
            parts.append(part)
    return "; ".join(parts)
