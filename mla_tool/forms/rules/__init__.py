"""The completeness rules: one table, the checks it composes, the evaluator and the score.

A rule's check returns the places where it is not met ((field path, message parameters)); an
empty list means the rule is met. This module only re-exports the names other modules import.
"""

from .authority import (
    ALSO_ACCEPTED_FUNCTIONS,
    CENTRAL_FUNCTIONS,
    authority_not_central,
    authority_not_found,
    authority_wrong_state,
    requirements_to_confirm,
)
from .conditions import (
    each_item_needs,
    has_coercive_measure,
    is_confidential,
    is_urgent,
    only_if,
    only_service_of_documents,
    required,
    unless,
)
from .dates import PERIOD_PATHS, measure_period_reversed, respond_by_past
from .dismissal import DISMISSED_FINDINGS, dismissed_pairs
from .evaluation import SEVERITY_WEIGHT, CheckResult, evaluate
from .findings import ERROR, WARNING, Finding, Label, Miss
from .language import (
    TRANSLATABLE_FIELDS,
    TRANSLATABLE_ITEM_FIELDS,
    language_not_accepted,
    text_needs_translation,
)
from .language_identification import IDENTIFIED_LANGUAGES, guess_language, other_language
from .legal_basis import legal_basis_not_shared
from .measures_sought import (
    measure_details_missing,
    no_measures,
    no_offences,
    offence_text_missing,
)
from .persons import persons_lacking
from .rule import ALL_KINDS, MLA_KINDS, Check, Rule, RuleContext
from .table import RULES, RULES_BY_CODE, register_rule, rules_for

__all__ = [
    "ALL_KINDS",
    "ALSO_ACCEPTED_FUNCTIONS",
    "CENTRAL_FUNCTIONS",
    "DISMISSED_FINDINGS",
    "ERROR",
    "IDENTIFIED_LANGUAGES",
    "MLA_KINDS",
    "PERIOD_PATHS",
    "RULES",
    "RULES_BY_CODE",
    "SEVERITY_WEIGHT",
    "TRANSLATABLE_FIELDS",
    "TRANSLATABLE_ITEM_FIELDS",
    "WARNING",
    "Check",
    "CheckResult",
    "Finding",
    "Label",
    "Miss",
    "Rule",
    "RuleContext",
    "authority_not_central",
    "authority_not_found",
    "authority_wrong_state",
    "dismissed_pairs",
    "each_item_needs",
    "evaluate",
    "guess_language",
    "has_coercive_measure",
    "is_confidential",
    "is_urgent",
    "language_not_accepted",
    "legal_basis_not_shared",
    "measure_details_missing",
    "measure_period_reversed",
    "no_measures",
    "no_offences",
    "offence_text_missing",
    "other_language",
    "only_if",
    "only_service_of_documents",
    "persons_lacking",
    "register_rule",
    "required",
    "requirements_to_confirm",
    "respond_by_past",
    "rules_for",
    "text_needs_translation",
    "unless",
]
