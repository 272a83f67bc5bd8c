"""The evaluator: run the rules of a document's kind, translate findings, score the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...i18n import Phrase
from .findings import ERROR, WARNING, Finding, Label
from .profile import profile_basis
from .rule import RuleContext
from .table import rules_for

SEVERITY_WEIGHT = {ERROR: 3, WARNING: 1}


def _translated(value: Any, gettext: Callable[[str], str]) -> Any:
    if isinstance(value, Phrase):
        return value.translated(gettext)
    return gettext(value) if isinstance(value, Label) else value


def _format(message: str, params: dict[str, Any], gettext: Callable[[str], str] | None) -> str:
    text = gettext(message) if gettext else message
    if gettext:
        params = {k: _translated(v, gettext) for k, v in params.items()}
    try:
        return text % params if params else text
    except (KeyError, ValueError, TypeError):
        return message % params if params else message


@dataclass
class CheckResult:
    findings: list[Finding]
    score: int
    next_fixes: list[Finding]
    rules_met: int
    rules_total: int
    #: Findings the author dismissed for their field: shown apart, with a way to restore them.
    dismissed: list[Finding] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not any(finding.severity == ERROR for finding in self.findings)

    def by_field(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.field, []).append(finding)
        return grouped

    def dismissed_for(self, path: str) -> list[Finding]:
        """The dismissed findings of a field and of the fields inside it (an entry's)."""
        inside = (path + ".", path + "[")
        return [f for f in self.dismissed if f.field == path or f.field.startswith(inside)]

    def for_prefix(self, prefix: str) -> list[Finding]:
        return [f for f in self.findings if f.field == prefix or f.field.startswith(prefix)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "findings": [finding.as_dict() for finding in self.findings],
            "score": self.score,
            "next_fixes": [finding.as_dict() for finding in self.next_fixes],
        }


def evaluate(ctx: RuleContext, gettext: Callable[[str], str] | None = None) -> CheckResult:
    """Run every rule of the document's kind; score = weighted share of the rules met.

    A dismissible rule's finding that the author dismissed for its field is set apart in
    `dismissed`; a rule whose every finding is dismissed counts as met."""
    findings: list[Finding] = []
    dismissed: list[Finding] = []
    unmet: list[tuple[int, int, Finding]] = []
    total = met = 0
    rules_met = 0
    applicable = rules_for(ctx.kind)
    applicable = [rule for rule in applicable if rule.applies is None or rule.applies(ctx)]
    dismissed_pairs = ctx.dismissed
    for position, rule in enumerate(applicable):
        weight = SEVERITY_WEIGHT[rule.severity] * rule.weight
        total += weight
        misses = rule.check(ctx)
        basis = profile_basis(ctx, rule.profile_fields) if misses and rule.profile_fields else ()
        rule_findings = [
            Finding(
                field=path,
                severity=rule.severity,
                code=rule.code,
                message=_format(rule.message, params, gettext),
                reference=rule.reference_for(ctx.kind),
                dismissible=rule.dismissible,
                profile=basis,
            )
            for path, params in misses
        ]
        if rule.dismissible:
            dismissed.extend(f for f in rule_findings if (f.code, f.field) in dismissed_pairs)
            rule_findings = [f for f in rule_findings if (f.code, f.field) not in dismissed_pairs]
        if not rule_findings:
            met += weight
            rules_met += 1
            continue
        findings.extend(rule_findings)
        unmet.append((-weight, position, rule_findings[0]))
    score = round(100 * met / total) if total else 100
    next_fixes = [finding for _w, _p, finding in sorted(unmet, key=lambda t: (t[0], t[1]))[:3]]
    return CheckResult(findings, score, next_fixes, rules_met, len(applicable), dismissed)
