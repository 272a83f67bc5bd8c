"""Every rule held against a realistic request that must pass and one that must fail, with the
rule's source (issue 18): the failing request's finding cites the provision the rule-source
table records, and no request that must pass is blocked by an error of any rule.

The rows are the per-kind case tables (tests/test_requests_rules.py, test_extradition_rules.py,
test_eevidence.py) read as (complete request, what the directory says, mutation that breaks the
rule, mutation under which it holds); a few rows are completed here so that the request that
must pass is valid as a whole (its authority of the right state, a coercive measure's offence
text), and `text_untranslated` is held against a request being translated into French.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

import tests.factories.rule_cases_eevidence as eevidence_cases
import tests.factories.rule_cases_extradition as extradition_cases
import tests.factories.rule_cases_mla as mla_cases
from mla_tool.forms.eevidence.rules import EEVIDENCE_RULES
from mla_tool.forms.extradition.rules import EXTRADITION_RULES
from mla_tool.forms.rules import ERROR, Rule, RuleContext, evaluate
from mla_tool.forms.rules import translation as translation_check
from mla_tool.forms.rules.sources import rule_sources
from mla_tool.forms.rules.table import RULES

Mutation = Callable[[dict[str, Any], dict[str, Any]], None]


def nothing(_doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
    return None


@dataclass(frozen=True)
class Row:
    """A complete request of the rule's kind, what the directory says, and the two mutations."""

    sample: Callable[[], dict[str, Any]]
    context: dict[str, Any]
    fails: Mutation
    passes: Mutation
    #: Run before both requests are checked (a directory entry the rule looks up).
    setup: Callable[[], None] | None = None
    #: Stored translations the check reads: {language: translated field paths or None = all}.
    translations: dict[str, list[str] | None] = field(default_factory=dict)


def _mla_rows() -> dict[str, Row]:
    document, context = mla_cases.base()
    return {
        code: Row(lambda d=document: copy.deepcopy(d), context, failing, passing)
        for code, (failing, passing) in mla_cases.CASES.items()
    }


def _extradition_rows() -> dict[str, Row]:
    base = {
        "accepted_languages": ["ar", "en"],
        "authority": extradition_cases.AUTHORITY,
        "requirements": [],
        "available_legal_bases": ["UNTOC"],
        "today": extradition_cases.TODAY,
    }

    def row(make: Any, breaks: Any, fixes: Any, overrides: dict[str, Any]) -> Row:
        def passes(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
            breaks(doc)
            fixes(doc)

        return Row(make, {**base, **overrides}, lambda doc, _c: breaks(doc), passes)

    return {code: row(*case) for code, case in extradition_cases.CASES.items()}


def _eevidence_rows() -> dict[str, Row]:
    base = {
        "authority": eevidence_cases.AUTHORITY_24_7,
        "accepted_languages": ["en"],
        "available_legal_bases": ["BUDAPEST"],
    }
    return {
        code: Row(make, {**base, **over}, lambda d, _c, b=breaks: b(d), lambda d, _c, h=holds: h(d))
        for code, (make, breaks, holds, over) in eevidence_cases.CASES.items()
    }


def _in_state(iso3: str) -> dict[str, Any]:
    """The directory's entry of the requested state's extradition authority (language unknown)."""
    return {
        "authority": {**extradition_cases.AUTHORITY, "country": iso3},
        "accepted_languages": None,
    }


def _with_offence_text(doc: dict[str, Any], _ctx: dict[str, Any]) -> None:
    doc["offences"] = [
        {"name": "Fraud", "text": "Whoever deceives another to obtain property is punished."}
    ]


def _with_identification(passes: Mutation) -> Mutation:
    """The fingerprints found again are attached as the identification material."""

    def mutate(doc: dict[str, Any], ctx: dict[str, Any]) -> None:
        passes(doc, ctx)
        doc["supporting_documents"].append(
            {"type": "identification", "status": "attached", "language": "en"}
        )

    return mutate


def _irish_garda() -> None:
    from tests.factories.authorities import make_authority

    make_authority("IRL", ["cybercrime_24_7"], name_en="Garda 24/7")


def rows() -> dict[str, Row]:
    table = {**_mla_rows(), **_eevidence_rows(), **_extradition_rows()}
    ext = table["offence_accessory_below_threshold"]
    table["offence_accessory_below_threshold"] = Row(
        ext.sample, {**ext.context, **_in_state("DEU")}, ext.fails, ext.passes
    )
    ext = table["extradition_treaty_required"]
    table["extradition_treaty_required"] = Row(
        ext.sample, {**ext.context, **_in_state("USA")}, ext.fails, ext.passes
    )
    eev = table["preservation_dual_criminality_reserved"]
    reserving = {**eevidence_cases.AUTHORITY_24_7, "country": "XXR"}
    table["preservation_dual_criminality_reserved"] = Row(
        eev.sample, {**eev.context, "authority": reserving}, eev.fails, eev.passes
    )
    mla = table["offences_missing"]
    table["offences_missing"] = Row(mla.sample, mla.context, mla.fails, _with_offence_text)
    central = {**eevidence_cases.AUTHORITY_24_7, "functions": ["central_authority_mla"]}
    table["eevidence_recipient_not_24_7"] = Row(
        eevidence_cases.preservation,
        {
            **table["eevidence_recipient_not_24_7"].context,
            "authority": eevidence_cases.AUTHORITY_24_7,
        },
        lambda _d, ctx: ctx.update(authority=central),
        nothing,
        setup=_irish_garda,
    )
    ext = table["identification_material_missing"]
    table["identification_material_missing"] = Row(
        ext.sample, ext.context, ext.fails, _with_identification(ext.passes)
    )
    document, context = mla_cases.base()
    table["text_untranslated"] = Row(
        lambda: copy.deepcopy(document),
        {**context, "request_id": 1},
        nothing,
        nothing,
        translations={"fr": None},
    )
    return table


ROWS = rows()


def all_rules() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for rule in (*RULES, *EEVIDENCE_RULES, *EXTRADITION_RULES):
        found.setdefault(rule.code, rule)
    return found


#: The fictional state "XXR" whose profile records a Budapest art. 29(4) reservation (autouse).
reserving_state = eevidence_cases.reserving_state


def _stored_translations(
    monkeypatch: pytest.MonkeyPatch, languages: dict[str, list[str] | None], translated: bool
) -> None:
    """The request is being translated into `languages`: every field (or none) done."""
    monkeypatch.setattr(translation_check, "languages_of", lambda _id: list(languages))

    def current(_id: int, _code: str, fields: list[Any]) -> dict[str, str]:
        return {f.path: "traduit" for f in fields} if translated else {}

    monkeypatch.setattr(translation_check, "current_texts", current)


def check(row: Row, mutation: Mutation) -> list[Any]:
    document, context = row.sample(), copy.deepcopy(row.context)
    mutation(document, context)
    return evaluate(RuleContext(document=document, **context)).findings


def test_every_rule_has_a_row() -> None:
    assert set(ROWS) == set(all_rules())


@pytest.mark.parametrize(
    "code", sorted(ROWS), ids=[f"{c} [{rule_sources()[c].reference}]" for c in sorted(ROWS)]
)
def test_rule_fails_on_its_request_and_cites_its_source(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    row, rule, source = ROWS[code], all_rules()[code], rule_sources()[code]
    if row.setup:
        row.setup()
    if row.translations:
        _stored_translations(monkeypatch, row.translations, translated=False)
    document = row.sample()
    found = [f for f in check(row, row.fails) if f.code == code]
    assert found, f"{code} ({source.reference}) should fire"
    kind = str(document.get("kind") or "mla")
    cited = dict((k, ref) for k, (ref, _c) in source.kind_references.items())
    assert {f.reference for f in found} == {cited.get(kind, source.reference)}
    assert {f.severity for f in found} == {rule.severity}


@pytest.mark.parametrize(
    "code", sorted(ROWS), ids=[f"{c} [{rule_sources()[c].reference}]" for c in sorted(ROWS)]
)
def test_rule_holds_on_a_valid_request_that_nothing_blocks(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    row, source = ROWS[code], rule_sources()[code]
    if row.setup:
        row.setup()
    if row.translations:
        _stored_translations(monkeypatch, row.translations, translated=True)
    findings = check(row, row.passes)
    assert code not in [f.code for f in findings], f"{code} ({source.reference}) should hold"
    blocking = [f.as_dict() for f in findings if f.severity == ERROR]
    assert blocking == [], f"a valid request is blocked: {blocking}"
