"""The legal-basis finder: which instruments serve a request of one kind between two
states, how the requested state's declarations change the route, reciprocity as the fallback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..i18n import N_
from ..request_kinds import ASSISTANCE_FAMILY, EXTRADITION_FAMILY, kinds_of_family
from .errors import DirectoryError
from .instrument_data import REGION_MEMBERS, REQUEST_KINDS
from .models import Declaration, Instrument, Participation
from .party_facts import list_dates, party_fact
from .states import state_by_iso3, state_name
from .treaties import INSTRUMENT_KIND_RANK, participation_as_dict


@dataclass(frozen=True)
class DeclarationRule:
    """How a declaration of the requested state changes the route for some kinds of request."""

    instruments: frozenset[str]
    kinds: frozenset[str]
    field: str
    #: the declared value that triggers the rule; "*" = any non-empty text
    value: str
    effect: str  # not_a_legal_basis | confirms | unknown | route
    articles: dict[str, str]
    message: str


_EXTRADITION = kinds_of_family(EXTRADITION_FAMILY)
_ASSISTANCE = kinds_of_family(ASSISTANCE_FAMILY)
_LEGAL_BASIS_ARTICLES = {"UNTOC": "art. 16(5)", "UNCAC": "art. 44(6)"}
_CA_ARTICLES = {"UNTOC": "art. 18(13)", "UNCAC": "art. 46(13)"}
_LANGUAGE_ARTICLES = {"UNTOC": "art. 18(14)", "UNCAC": "art. 46(14)"}

#: The rules, as data: which declarations change which routes.
DECLARATION_RULES: tuple[DeclarationRule, ...] = (
    DeclarationRule(
        frozenset(_LEGAL_BASIS_ARTICLES),
        _EXTRADITION,
        "legal_basis_extradition",
        "no",
        "not_a_legal_basis",
        _LEGAL_BASIS_ARTICLES,
        N_(
            "{state} does not take {code} as the legal basis for extradition ({article}): "
            "use a bilateral treaty, another convention or its domestic law."
        ),
    ),
    DeclarationRule(
        frozenset(_LEGAL_BASIS_ARTICLES),
        _EXTRADITION,
        "legal_basis_extradition",
        "yes",
        "confirms",
        _LEGAL_BASIS_ARTICLES,
        N_("{state} takes {code} as the legal basis for extradition ({article})."),
    ),
    DeclarationRule(
        frozenset(_LEGAL_BASIS_ARTICLES),
        _EXTRADITION,
        "legal_basis_extradition",
        "unknown",
        "unknown",
        _LEGAL_BASIS_ARTICLES,
        N_(
            "Not known whether {state} takes {code} as the legal basis for extradition "
            "({article}): check before relying on it."
        ),
    ),
    DeclarationRule(
        frozenset(_CA_ARTICLES),
        _ASSISTANCE,
        "central_authority",
        "*",
        "route",
        _CA_ARTICLES,
        N_("Central authority designated by {state} ({article}): {value}"),
    ),
    DeclarationRule(
        frozenset(_LANGUAGE_ARTICLES),
        _ASSISTANCE,
        "languages_text",
        "*",
        "route",
        _LANGUAGE_ARTICLES,
        N_("Languages accepted by {state} ({article}): {value}"),
    ),
)

_STATUS_LABELS = {
    "applies": N_("Both states are parties."),
    "check": N_("Participation is not recorded in the tool: check that both states are bound."),
    "not_a_legal_basis": N_("Both states are parties, but a declaration rules this route out."),
    "not_bound": N_(
        "Not recorded as binding both states: a signature or a domestic approval alone does "
        "not bind."
    ),
    "fallback": N_(
        "Fallback: no treaty; assistance on the basis of reciprocity (comity), "
        "if the requested state's law allows it."
    ),
}
#: Statuses that rule an instrument out: listed after every usable one.
_RULED_OUT = frozenset({"not_a_legal_basis", "not_bound"})

#: What the finder says about one state's participation in an instrument whose participation
#: data is partial (Instrument.participation_partial).
_PARTICIPATION_NOTES = {
    "not_recorded": N_(
        "No participation of {state} is recorded: check whether it is bound before relying on "
        "this instrument."
    ),
    "not_a_party": N_(
        "{state} is not recorded as a party ({consent_type}): a signature or a domestic "
        "approval alone does not bind."
    ),
}
#: The consent types of the reference data, for the pages to translate.
CONSENT_TYPE_LABELS = {
    "ratification": N_("ratification"),
    "accession": N_("accession"),
    "acceptance": N_("acceptance"),
    "approval": N_("approval"),
    "succession": N_("succession"),
    "formal confirmation": N_("formal confirmation"),
    "party (date unknown)": N_("party (date unknown)"),
    "party (implied by practice)": N_("party (implied by practice)"),
    "domestic approval only": N_("domestic approval only"),
    "signature only": N_("signature only"),
}


def _declaration_effects(
    instrument: Instrument, requested: str, kind: str, declaration: Declaration | None
) -> list[dict[str, Any]]:
    effects = []
    for rule in DECLARATION_RULES:
        if instrument.code not in rule.instruments or kind not in rule.kinds:
            continue
        value = getattr(declaration, rule.field, "") if declaration else ""
        if rule.field == "legal_basis_extradition":
            value = value or "unknown"
        if not (value == rule.value or (rule.value == "*" and value)):
            continue
        article = rule.articles[instrument.code]
        params = {
            "state": state_name(requested),
            "code": instrument.short_name or instrument.code,
            "article": article,
            "value": value,
        }
        effects.append(
            {
                "state": requested,
                "field": rule.field,
                "value": value,
                "effect": rule.effect,
                "article": article,
                "message": rule.message.format(**params),
                # the pages translate the template and fill it with the same values
                "message_template": rule.message,
                "params": params,
                "source": declaration.source if declaration else None,
                "quote": declaration.quote if declaration else None,
            }
        )
    return effects


def _participation(p: Participation | None) -> dict[str, Any] | None:
    """A state's participation with what the source says beyond the dates."""
    data = participation_as_dict(p)
    if data is None or p is None:
        return data
    data.update(
        consent_type_label=CONSENT_TYPE_LABELS.get(p.consent_type or "", p.consent_type or None),
        consent_detail=p.consent_detail or None,
        signature_as_stated=p.signature_as_stated or None,
        consent_as_stated=p.consent_as_stated or None,
        quote=p.quote or None,
    )
    return data


def _participation_note(iso3: str, kind: str, record: Participation | None) -> dict[str, Any]:
    consent_type = record.consent_type if record is not None else ""
    params = {"state": state_name(iso3), "consent_type": consent_type}
    template = _PARTICIPATION_NOTES[kind]
    return {
        "state": iso3,
        "kind": kind,
        "consent_type": consent_type or None,
        "consent_type_label": CONSENT_TYPE_LABELS.get(consent_type, consent_type or None),
        "message": template.format(**params),
        "message_template": template,
        "params": params,
    }


def _partial_status(
    requesting: str, requested: str, mine: Participation | None, theirs: Participation | None
) -> tuple[str, list[dict[str, Any]]]:
    """Status of an instrument whose participation data is partial, and what to say about each
    state: a state recorded short of being a party rules it out; one not recorded means check."""
    sides = ((requesting, mine), (requested, theirs))
    not_parties = [
        _participation_note(iso3, "not_a_party", p)
        for iso3, p in sides
        if p is not None and p.status != "party"
    ]
    if not_parties:
        return "not_bound", not_parties
    missing = [_participation_note(iso3, "not_recorded", None) for iso3, p in sides if p is None]
    return ("check" if missing else "applies"), missing


def legal_basis(requesting: str, requested: str, kind: str) -> list[dict[str, Any]]:
    """The legal bases for a request of `kind` from `requesting` to `requested` (ISO3), best
    first, ending with reciprocity as the labelled fallback.

    Each item: `basis` ("instrument" | "reciprocity"), `code`, `name`, `short_name`,
    `instrument_kind` (bilateral | regional | global), `article` to cite for that kind (None
    when the tool records none), `status` (applies | check | not_a_legal_basis | not_bound |
    fallback),
    `label`, `article_source` (the articles as the data describes them: `text`, `verified`;
    None when the tool records only `article`), `requesting` / `requested` participation
    (status, dates, `consent_type`, `consent_detail`, dates as stated, `source`, `quote`,
    `data_as_of`), `requesting_party` / `requested_party` (the fact each side rests on:
    `status` or "not_recorded", `as_of`, `age_days`, `stale`, `source`; None for reciprocity),
    `participation_notes` (for instruments whose participation data is partial:
    a state `not_recorded`, or recorded but `not_a_party`), `declarations` of the requested
    state that change the route, `scope`, `notes`. Status `not_bound`: a state is recorded
    short of being a party (a signature alone never counts). Order: usable before ruled out;
    bilateral, regional, global; recorded before "check". DirectoryError (422) for unknown
    states or kinds.
    """
    fields: dict[str, str] = {}
    requesting = (requesting or "").strip().upper()
    requested = (requested or "").strip().upper()
    if state_by_iso3(requesting) is None:
        fields["requesting"] = N_("unknown ISO 3166-1 alpha-3 code")
    if state_by_iso3(requested) is None:
        fields["requested"] = N_("unknown ISO 3166-1 alpha-3 code")
    if kind not in REQUEST_KINDS:
        fields["kind"] = f"one of {', '.join(REQUEST_KINDS)}"
    if not fields and requesting == requested:
        fields["requested"] = N_("must differ from the requesting state")
    if fields:
        raise DirectoryError("the question is not valid", fields)

    participations: dict[tuple[int, str], Participation] = {
        (p.instrument_id, p.state_iso3): p
        for p in db.session.execute(
            select(Participation).where(Participation.state_iso3.in_([requesting, requested]))
        ).scalars()
    }
    declarations: dict[int, Declaration] = {
        d.instrument_id: d
        for d in db.session.execute(
            select(Declaration).where(Declaration.state_iso3 == requested)
        ).scalars()
    }
    results: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    dates = list_dates()
    for instrument in db.session.execute(select(Instrument)).scalars():
        if kind not in (instrument.articles or {}):
            continue
        mine = participations.get((instrument.id, requesting))
        theirs = participations.get((instrument.id, requested))
        notes: list[str] = []
        participation_notes: list[dict[str, Any]] = []
        if instrument.participation_partial:
            members = REGION_MEMBERS.get(instrument.region)
            if members is not None and not (requesting in members and requested in members):
                continue
            status, participation_notes = _partial_status(requesting, requested, mine, theirs)
        elif mine is not None and theirs is not None:
            if mine.status != "party" or theirs.status != "party":
                continue
            status = "applies"
        elif not instrument.participation_known and mine is None and theirs is None:
            members = REGION_MEMBERS.get(instrument.region)
            if members is not None and not (requesting in members and requested in members):
                continue
            status = "check"
        else:
            continue
        effects = _declaration_effects(instrument, requested, kind, declarations.get(instrument.id))
        if any(effect["effect"] == "not_a_legal_basis" for effect in effects):
            status = "not_a_legal_basis"
        if instrument.notes:
            notes.append(instrument.notes)
        article = instrument.articles.get(kind) or None
        if article is None and not (instrument.article_sources or {}).get(kind):
            notes.append(N_("No article is recorded for this kind of request: cite from the text."))
        entry = {
            "basis": "instrument",
            "code": instrument.code,
            "name": instrument.name_en,
            "names": {
                "en": instrument.name_en,
                "ar": instrument.name_ar,
                "fr": instrument.name_fr,
                "es": instrument.name_es,
            },
            "short_name": instrument.short_name or instrument.code,
            "instrument_kind": instrument.kind,
            "article": article,
            "status": status,
            "label": _STATUS_LABELS[status],
            "article_source": (instrument.article_sources or {}).get(kind),
            "requesting": _participation(mine),
            "requested": _participation(theirs),
            "requesting_party": party_fact(requesting, mine, instrument, dates.get(instrument.id)),
            "requested_party": party_fact(requested, theirs, instrument, dates.get(instrument.id)),
            "participation_notes": participation_notes,
            "declarations": effects,
            "scope": instrument.scope,
            "notes": notes,
        }
        key = (
            1 if status in _RULED_OUT else 0,
            # an instrument both states are recorded as bound by comes before one whose
            # participation nobody has recorded, whatever its kind
            1 if status == "check" else 0,
            INSTRUMENT_KIND_RANK.get(instrument.kind, 9),
            instrument.priority,
        )
        results.append((key, entry))
    ordered = [entry for _, entry in sorted(results, key=lambda item: (item[0], item[1]["code"]))]
    ordered.append(
        {
            "basis": "reciprocity",
            "code": "reciprocity",
            "name": N_("Reciprocity (no treaty)"),
            "names": {"en": "Reciprocity (no treaty)"},
            "short_name": N_("Reciprocity"),
            "instrument_kind": None,
            "article": None,
            "status": "fallback",
            "label": _STATUS_LABELS["fallback"],
            "article_source": None,
            "requesting": None,
            "requested": None,
            "requesting_party": None,
            "requested_party": None,
            "participation_notes": [],
            "declarations": [],
            "scope": "",
            "notes": [
                N_(
                    "Ask the requested state's central authority whether it assists on "
                    "reciprocity and what undertaking it needs."
                )
            ],
        }
    )
    for rank, entry in enumerate(ordered, start=1):
        entry["rank"] = rank
    return ordered
