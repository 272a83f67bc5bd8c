"""The rule-source table: every rule of the rule tables has an entry, the reference the rule
prints is the table's, each cited provision is in that reference, and a quote always says
where it comes from; the requirement profiles hold only sourced, well-typed values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mla_tool.directory.profiles.lookup import parse_profiles, profiles
from mla_tool.forms.eevidence.rules import EEVIDENCE_RULES
from mla_tool.forms.extradition.rules import EXTRADITION_RULES
from mla_tool.forms.rules import Rule
from mla_tool.forms.rules.sources import Citation, rule_sources
from mla_tool.forms.rules.table import RULES

ROOT = Path(__file__).resolve().parent.parent


def all_rules() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for rule in (*RULES, *EEVIDENCE_RULES, *EXTRADITION_RULES):
        found.setdefault(rule.code, rule)
    return found


def test_every_rule_has_an_entry_and_no_entry_is_stale() -> None:
    assert set(rule_sources()) == set(all_rules())


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_the_printed_reference_matches_the_table(code: str) -> None:
    rule, source = all_rules()[code], rule_sources()[code]
    assert rule.reference == source.reference
    assert dict(rule.kind_references) == {
        kind: reference for kind, (reference, _c) in source.kind_references.items()
    }
    for reference, citations in [
        (source.reference, source.citations),
        *source.kind_references.values(),
    ]:
        assert citations, reference
        for citation in citations:
            assert citation.instrument in reference
            if citation.article is not None:
                assert f"{citation.article}{citation.paragraph or ''}" in reference


def test_a_quote_names_its_source_and_a_missing_quote_is_marked_missing() -> None:
    citations: list[Citation] = [
        citation
        for source in rule_sources().values()
        for citation in (
            *source.citations,
            *(c for _r, cs in source.kind_references.values() for c in cs),
        )
    ]
    assert all((c.quote is None) == (c.quote_from is None) for c in citations)
    assert any(c.quote is None for c in citations)  # no text held: missing, not invented
    quoted = [c for c in citations if c.quote]
    assert quoted and all(c.quote_from and c.quote_from.startswith("DOMAIN.md") for c in quoted)


def test_subscriber_information_in_mla_cites_no_direct_order() -> None:
    """Protocol art. 7 is a direct order to a provider, not mutual assistance."""
    from mla_tool.forms.eevidence.categories import CATEGORY_THRESHOLDS
    from mla_tool.forms.measures import MEASURES

    assert "art. 7" not in MEASURES["subscriber_information"].reference
    assert "art. 31" in MEASURES["subscriber_information"].reference
    assert "arts. 6-7" not in CATEGORY_THRESHOLDS["subscriber"].reference


def test_every_evidence_standard_a_profile_may_name_has_words() -> None:
    from mla_tool.directory.profiles.fields import PROFILE_FIELDS
    from mla_tool.forms.eevidence.categories import EVIDENCE_STANDARDS

    assert set(EVIDENCE_STANDARDS) == set(PROFILE_FIELDS["evidence_standard_content"].choices)


def test_profiles_are_sourced_and_refuse_bad_values() -> None:
    for holder in profiles().values():
        for fields in holder.values():
            assert all(value.source for value in fields.values())
    good = {"value": 12, "source": "IRG § 3(2)", "verified_on": "2026-12-05"}
    parsed = parse_profiles({"states": {"DEU": {"extradition_min_penalty_months": good}}})
    assert parsed["states"]["DEU"]["extradition_min_penalty_months"].verified_on is not None
    for bad in (
        {"no_such_field": good},
        {"extradition_min_penalty_months": {**good, "value": "one year"}},
        {"extradition_min_penalty_months": {**good, "source": ""}},
        {"extradites_nationals": {**good, "value": "maybe"}},
    ):
        with pytest.raises(ValueError):
            parse_profiles({"states": {"DEU": bad}})


@pytest.mark.slow  # a process; `scripts/test --fast` runs the same `scripts/rules-doc --check`
def test_docs_rules_md_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "rules-doc"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
