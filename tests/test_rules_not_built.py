"""No rule demands what was decided against (mla_tool/forms/rules/not_built.py), and each
decision cites its provisions with a quote."""

from __future__ import annotations

from mla_tool.forms.eevidence.categories import CATEGORY_THRESHOLDS
from mla_tool.forms.rules.not_built import DECISIONS
from mla_tool.forms.rules.sources import rule_sources
from mla_tool.forms.rules.table import rules_for
from mla_tool.request_kinds import KIND_CODES


def test_no_rule_cites_what_was_decided_against() -> None:
    cited = [
        (rule.code, reference)
        for kind in KIND_CODES
        for rule in rules_for(kind)
        for reference in (rule.reference, *(ref for _k, ref in rule.kind_references))
    ]
    cited += [(code, s.reference) for code, s in rule_sources().items()]
    cited += [(code, c.provision) for code, s in rule_sources().items() for c in s.citations]
    cited += [(code, t.reference) for code, t in CATEGORY_THRESHOLDS.items()]
    for decision in DECISIONS:
        for text in decision.never_cited:
            assert not [code for code, ref in cited if text in ref], (decision.code, text)


def test_no_kind_is_a_production_order_to_a_provider() -> None:
    """The EPOC threshold would apply to orders to providers; the tool's kinds are requests
    between states (if an EPOC kind is added, the decision must be revisited)."""
    assert set(KIND_CODES) == {
        "mla",
        "extradition",
        "provisional_arrest",
        "preservation",
        "emergency_disclosure",
    }


def test_every_decision_quotes_its_provisions() -> None:
    for decision in DECISIONS:
        assert decision.provisions and decision.reasoning
        assert all(p.quote and p.quote_from and "art." in p.provision for p in decision.provisions)
