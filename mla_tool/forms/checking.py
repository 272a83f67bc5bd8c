"""Checking a request against the completeness rules: the context they read, and the result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from .. import clock
from ..directory.party_facts import basis_facts
from .directory_facts import (
    accepted_languages,
    authority_dict,
    language_fact,
    requirement_lines,
    shared_legal_bases,
)
from .models import MlaRequest
from .request_document import document_of
from .rules import CheckResult, RuleContext, evaluate


def rule_context(data: dict[str, Any], today: date | None = None) -> RuleContext:
    authority = authority_dict(data.get("requested_authority"))
    requirements = requirement_lines(authority["requirements"]) if authority else []
    _items, codes = shared_legal_bases(data)
    return RuleContext(
        document=data,
        accepted_languages=accepted_languages(
            data.get("requested_state"), authority, data.get("kind")
        ),
        authority=authority,
        requirements=requirements,
        available_legal_bases=codes,
        legal_basis_facts=basis_facts(
            data.get("requesting_state"),
            data.get("requested_state"),
            [str(code) for code in data.get("legal_basis") or [] if code != "reciprocity"],
            str(data.get("kind") or ""),
        ),
        language_fact=language_fact(data.get("requested_state"), authority, data.get("kind")),
        today=today or clock.today(),
    )


def check_request(request: MlaRequest, gettext: Callable[[str], str] | None = None) -> CheckResult:
    context = rule_context(document_of(request))
    context.request_id = request.id
    return evaluate(context, gettext)


def evaluate_document(
    data: dict[str, Any], gettext: Callable[[str], str] | None = None
) -> CheckResult:
    """The check of a document that is not (or not yet) stored."""
    return evaluate(rule_context(data), gettext)
