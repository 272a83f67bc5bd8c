"""Checks of the legal basis: an instrument both states are bound by, and if not, which dated fact
of the directory says so (a party not in the list, a signature only, a declaration)."""

from __future__ import annotations

from typing import Any

from ...i18n import N_, Phrase
from ...request_kinds import EXTRADITION_FAMILY, kinds_of_family
from .fact_phrases import FactPhrase
from .findings import Miss
from .rule import RuleContext

#: The multilateral instruments the directory records participation in.
RECORDED_INSTRUMENTS = frozenset({"UNTOC", "UNCAC", "BUDAPEST", "DRUGS1988", "UNCC"})

#: What a finding says about one party's side, by its participation status.
PARTY_FACTS = {
    "not_recorded": N_(
        "%(state)s is not in the list of parties the tool holds (as of %(date)s; source: "
        "%(source)s)"
    ),
    "not_a_party": N_("%(state)s is not recorded as a party (as of %(date)s; source: %(source)s)"),
}
#: The requested state's declaration that it does not take the instrument for extradition.
DECLARED_NO = N_(
    "%(state)s declared it does not take it as the legal basis for extradition (as of "
    "%(date)s; source: %(source)s)"
)
NOT_COVERED = N_("it does not cover this kind of request")
NO_FACT = N_("no participation fact was read: see the legal-basis finder")


def _party_phrase(fact: dict[str, Any] | None) -> FactPhrase | None:
    if not fact or fact.get("status") == "party":
        return None
    key = "not_recorded" if fact.get("status") == "not_recorded" else "not_a_party"
    return FactPhrase(PARTY_FACTS[key], fact.get("state"), fact.get("as_of"), fact.get("source"))


def why_not_shared(facts: dict[str, Any], kind: str, requested: str | None) -> list[Phrase]:
    """The dated facts that keep an instrument from serving, each as a phrase for the finding."""
    if not facts:
        return [Phrase(NO_FACT)]
    phrases: list[Phrase] = [
        phrase
        for side in ("requesting", "requested")
        if (phrase := _party_phrase(facts.get(side))) is not None
    ]
    declaration = facts.get("declaration") or {}
    if kind in kinds_of_family(EXTRADITION_FAMILY) and (
        declaration.get("legal_basis_extradition") == "no"
    ):
        phrases.append(
            FactPhrase(DECLARED_NO, requested, declaration.get("as_of"), declaration.get("source"))
        )
    if not phrases and facts.get("covers") is False:
        phrases.append(Phrase(NOT_COVERED))
    return phrases or [Phrase(NO_FACT)]


def legal_basis_not_shared(ctx: RuleContext) -> list[Miss]:
    chosen = ctx.value("legal_basis") or []
    if ctx.available_legal_bases is None or not chosen:
        return []
    known = set(ctx.available_legal_bases) | {"reciprocity"}
    return [
        ("legal_basis", {"basis": code, "fact": phrase})
        for code in chosen
        if code.upper() in RECORDED_INSTRUMENTS and code not in known
        for phrase in why_not_shared(
            ctx.legal_basis_facts.get(code.upper()) or ctx.legal_basis_facts.get(code) or {},
            ctx.kind,
            ctx.value("requested_state"),
        )
    ]
