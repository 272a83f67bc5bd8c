"""Dismissing a finding for one field, and restoring it: saved as a new version and audited."""

from __future__ import annotations

from ..audit.service import record as audit_record
from ..auth.models import User
from ..i18n import N_
from .checking import check_request
from .drafting import update_request
from .errors import RequestError
from .models import MlaRequest
from .rules import DISMISSED_FINDINGS, RULES_BY_CODE, dismissed_pairs


def _save(
    request: MlaRequest,
    pairs: list[tuple[str, str]],
    action: str,
    rule: str,
    field: str,
    actor: User,
) -> MlaRequest:
    """Store the dismissed pairs as a new version and audit the one that changed."""
    update_request(request, {DISMISSED_FINDINGS: [list(pair) for pair in pairs] or None}, actor)
    details = {"rule": rule, "field": field, "version": request.version}
    audit_record(action, "request", request.id, details, actor=actor)
    return request


def dismiss_finding(request: MlaRequest, rule_code: str, field: str, actor: User) -> MlaRequest:
    """Set the rule's finding on this field apart (e.g. a quotation in its original language)."""
    rule = RULES_BY_CODE.get(rule_code)
    if rule is None or not rule.dismissible:
        raise RequestError(N_("this finding cannot be dismissed"), {"rule": rule_code})
    found = check_request(request).findings
    if not any(finding.code == rule_code and finding.field == field for finding in found):
        raise RequestError(
            N_("this finding is no longer reported: the page was out of date"),
            {"field": field},
            409,
        )
    pairs = [*dismissed_pairs(request.data or {}), (rule_code, field)]
    return _save(request, pairs, "request.finding_dismissed", rule_code, field, actor)


def restore_finding(request: MlaRequest, rule_code: str, field: str, actor: User) -> MlaRequest:
    """Report a dismissed finding again."""
    pairs = dismissed_pairs(request.data or {})
    kept = [pair for pair in pairs if pair != (rule_code, field)]
    if kept == pairs:
        raise RequestError(
            N_("this finding is not dismissed: the page was out of date"), {"field": field}, 409
        )
    return _save(request, kept, "request.finding_restored", rule_code, field, actor)
