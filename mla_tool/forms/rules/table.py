"""The completeness rules as one table: each rule's check, message, severity and article.

The wizard, `GET /requests/{id}/check`, the review page and the document's annex all read RULES.
"""

# module-size: data table

from __future__ import annotations

from ...request_kinds import EXTRADITION_FAMILY, kinds_of_family
from ..fieldspec import N_, is_filled
from .authority import (
    authority_not_central,
    authority_not_found,
    authority_wrong_state,
    requirements_to_confirm,
)
from .compliance import COMPLIANCE_RULES
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
from .dates import measure_period_reversed, respond_by_past
from .death_penalty import DEATH_PENALTY_RULES
from .findings import ERROR, WARNING
from .language import language_not_accepted, text_needs_translation
from .legal_basis import legal_basis_not_shared
from .measure_terms import MEASURE_TERM_RULES
from .measures_sought import (
    measure_details_missing,
    no_measures,
    no_offences,
    offence_text_missing,
)
from .persons import persons_lacking
from .profile import dual_criminality_waived
from .request_fields import REQUEST_FIELD_RULES
from .rule import ALL_KINDS, Rule
from .statements import STATEMENT_RULES
from .translation import has_translations, text_untranslated

RULES: list[Rule] = [
    Rule(
        "requesting_state_missing",
        "requesting_state",
        ERROR,
        required("requesting_state"),
        N_("Say which state makes the request."),
        "UNTOC art. 18(15)(a)",
        kinds=ALL_KINDS,
        kind_references=(
            ("extradition", "UN Model Treaty on Extradition art. 5(1)"),
            ("provisional_arrest", "UN Model Treaty on Extradition art. 9(1)"),
            ("preservation", "Budapest Convention art. 29(2)(a)"),
        ),
    ),
    Rule(
        "requesting_authority_missing",
        "requesting_authority.name",
        ERROR,
        required("requesting_authority.name"),
        N_("Name the authority making the request."),
        "UNTOC art. 18(15)(a)",
        weight=2,
        kinds=ALL_KINDS,
        kind_references=(
            ("extradition", "UN Model Treaty on Extradition art. 5(1)"),
            ("provisional_arrest", "UN Model Treaty on Extradition art. 9(1)"),
            ("preservation", "Budapest Convention art. 29(2)(a)"),
        ),
    ),
    Rule(
        "requesting_contact_missing",
        "requesting_authority.email",
        WARNING,
        lambda ctx: (
            []
            if is_filled(ctx.value("requesting_authority.email"))
            or is_filled(ctx.value("requesting_authority.phone"))
            else [("requesting_authority.email", {})]
        ),
        N_("Give an email or telephone number where the requested state can reach you."),
        "UNTOC art. 18(16)",
        kinds=ALL_KINDS,
        kind_references=(
            ("extradition", "UN Model Treaty on Extradition art. 5(1)"),
            ("provisional_arrest", "UN Model Treaty on Extradition art. 9(1)"),
        ),
    ),
    Rule(
        "requested_state_missing",
        "requested_state",
        ERROR,
        required("requested_state"),
        N_("Choose the state the request goes to."),
        "UNTOC art. 18(13)",
        weight=2,
        kinds=ALL_KINDS,
    ),
    Rule(
        "requested_authority_missing",
        "requested_authority",
        ERROR,
        required("requested_authority"),
        N_("Choose the authority of the requested state the request goes to."),
        "UNTOC art. 18(13)",
        kinds=ALL_KINDS,
    ),
    Rule(
        "authority_not_found",
        "requested_authority",
        ERROR,
        authority_not_found,
        N_("The chosen authority is not in the directory."),
        "UNTOC art. 18(13)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.value("requested_authority")),
    ),
    Rule(
        "authority_wrong_state",
        "requested_authority",
        ERROR,
        authority_wrong_state,
        N_("The chosen authority belongs to another state (%(country)s)."),
        "UNTOC art. 18(13)",
        kinds=ALL_KINDS,
        applies=lambda ctx: ctx.authority is not None,
    ),
    Rule(
        "authority_not_central",
        "requested_authority",
        WARNING,
        authority_not_central,
        N_(
            "The chosen authority is not recorded as a central authority for this kind of "
            "request; requests go to the central authority unless the state accepts another "
            "channel."
        ),
        "UNTOC art. 18(13)",
        weight=2,
        kinds=ALL_KINDS,
        applies=lambda ctx: ctx.authority is not None,
    ),
    Rule(
        "language_missing",
        "language",
        ERROR,
        required("language"),
        N_("Choose the language the request is written in."),
        "UNTOC art. 18(14)",
        kinds=ALL_KINDS,
    ),
    Rule(
        "language_not_accepted",
        "language",
        ERROR,
        language_not_accepted,
        N_(
            "The requested state does not accept this language; it accepts: %(languages)s "
            "(%(fact)s)."
        ),
        "UNTOC art. 18(14)",
        weight=3,
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.value("language") and ctx.accepted_languages),
    ),
    Rule(
        "state_requirement_to_confirm",
        "requested_authority",
        WARNING,
        requirements_to_confirm,
        N_("The requested state asks for this; confirm the request meets it: %(requirement)s"),
        "UNTOC art. 18(17)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.requirements),
    ),
    Rule(
        "legal_basis_missing",
        "legal_basis",
        WARNING,
        required("legal_basis"),
        N_("Cite the legal basis (a treaty both states are bound by, or reciprocity)."),
        "UNTOC art. 18(1), 18(7)",
        kinds=ALL_KINDS,
        kind_references=(
            ("extradition", "UNTOC art. 16(4)-(6)"),
            ("provisional_arrest", "UNTOC art. 16(4)-(6)"),
            ("preservation", "Budapest Convention art. 29(1)"),
        ),
    ),
    Rule(
        "legal_basis_not_shared",
        "legal_basis",
        WARNING,
        legal_basis_not_shared,
        N_("The directory does not record both states as bound by %(basis)s: %(fact)s."),
        "UNTOC art. 18(1)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.value("legal_basis")),
        kind_references=(
            ("extradition", "UNTOC art. 16(4)"),
            ("provisional_arrest", "UNTOC art. 16(4)"),
        ),
    ),
    Rule(
        "subject_missing",
        "subject",
        ERROR,
        required("subject"),
        N_("Describe the subject matter and nature of the investigation or proceedings."),
        "UNTOC art. 18(15)(b)",
        weight=2,
    ),
    Rule(
        "proceedings_authority_missing",
        "proceedings.authority",
        ERROR,
        required("proceedings.authority"),
        N_("Name the authority conducting the investigation or proceedings."),
        "UNTOC art. 18(15)(b)",
    ),
    Rule(
        "proceedings_stage_missing",
        "proceedings.stage",
        WARNING,
        required("proceedings.stage"),
        N_("Say at which stage the proceedings are."),
        "UNTOC art. 18(15)(b)",
    ),
    Rule(
        "offences_missing",
        "offences",
        WARNING,
        unless(only_service_of_documents, no_offences),
        N_("Name the offences under investigation."),
        "UNTOC art. 18(15)(b)",
    ),
    Rule(
        "facts_missing",
        "facts",
        ERROR,
        unless(only_service_of_documents, required("facts")),
        N_("Summarise the relevant facts."),
        "UNTOC art. 18(15)(c)",
        weight=3,
    ),
    Rule(
        "measures_missing",
        "measures",
        ERROR,
        no_measures,
        N_("Describe the assistance sought: add at least one measure."),
        "UNTOC art. 18(15)(d)",
        weight=3,
        kinds=ALL_KINDS - kinds_of_family(EXTRADITION_FAMILY),  # surrender is not a measure
    ),
    Rule(
        "measure_description_missing",
        "measures",
        ERROR,
        each_item_needs("measures", "description"),
        N_("Describe measure %(number)s."),
        "UNTOC art. 18(15)(d)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.items("measures")),
    ),
    Rule(
        "measure_details_missing",
        "measures",
        ERROR,
        measure_details_missing,
        N_("Measure %(number)s needs: %(detail)s."),
        "UNTOC art. 18(15)(d)",
        weight=2,
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.items("measures")),
    ),
    Rule(
        "measure_period_reversed",
        "measures",
        ERROR,
        measure_period_reversed,
        N_("Measure %(number)s: the period ends before it begins."),
        "UNTOC art. 18(15)(c)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.items("measures")),
    ),
    Rule(
        "measure_not_linked_to_facts",
        "measures",
        ERROR,
        each_item_needs(
            "measures", "link_to_facts", skip=lambda m: m.get("type") == "service_of_documents"
        ),
        N_("Explain how measure %(number)s relates to the facts."),
        "UNTOC art. 18(15)(c)-(d)",
        weight=2,
        applies=lambda ctx: bool(ctx.items("measures")),
    ),
    Rule(
        "coercive_without_offence_text",
        "offences",
        ERROR,
        only_if(has_coercive_measure, offence_text_missing),
        N_(
            "Coercive measures are asked: quote the text of the law creating the offence, so "
            "that the requested state can check dual criminality."
        ),
        "UNTOC art. 18(9)",
        weight=2,
        applies=lambda ctx: has_coercive_measure(ctx) and not dual_criminality_waived(ctx),
        profile_fields=("dual_criminality_mla",),
    ),
    Rule(
        "person_name_missing",
        "persons",
        WARNING,
        persons_lacking("name"),
        N_("Give the identity of person %(number)s."),
        "UNTOC art. 18(15)(e)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.items("persons")),
    ),
    Rule(
        "person_nationality_missing",
        "persons",
        WARNING,
        persons_lacking("nationality"),
        N_("Where possible, give the nationality of person %(number)s."),
        "UNTOC art. 18(15)(e)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.items("persons")),
    ),
    Rule(
        "person_location_missing",
        "persons",
        WARNING,
        persons_lacking("address"),
        N_("Where possible, give the location of person %(number)s."),
        "UNTOC art. 18(15)(e)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.items("persons")),
    ),
    Rule(
        "purpose_missing",
        "purpose",
        ERROR,
        required("purpose"),
        N_("State the purpose for which the evidence, information or action is sought."),
        "UNTOC art. 18(15)(f)",
        weight=2,
    ),
    Rule(
        "urgent_without_reason",
        "urgent.reason",
        ERROR,
        only_if(is_urgent, required("urgent.reason")),
        N_("The request is marked urgent: give the reason."),
        "UNTOC art. 18(24)",
        kinds=ALL_KINDS,
        applies=is_urgent,
    ),
    Rule(
        "urgent_without_date",
        "urgent.respond_by",
        ERROR,
        only_if(is_urgent, required("urgent.respond_by")),
        N_("The request is marked urgent: give the date by which a response is needed."),
        "UNTOC art. 18(24)",
        kinds=ALL_KINDS,
        applies=is_urgent,
    ),
    Rule(
        "respond_by_in_past",
        "urgent.respond_by",
        WARNING,
        respond_by_past,
        N_("The response date has passed."),
        "UNTOC art. 18(24)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.value("urgent.respond_by")),
    ),
    Rule(
        "confidential_without_reason",
        "confidential.reason",
        WARNING,
        only_if(is_confidential, required("confidential.reason")),
        N_("Confidentiality is asked: say why, so the requested state can keep it."),
        "UNTOC art. 18(20)",
        kinds=ALL_KINDS,
        applies=is_confidential,
    ),
    Rule(
        "text_needs_translation",
        "language",
        WARNING,
        text_needs_translation,
        N_("This text seems to be in another language (%(language)s) and needs translation."),
        "UNTOC art. 18(14)",
        kinds=ALL_KINDS,
        applies=lambda ctx: bool(ctx.value("language")),
        dismissible=True,
    ),
    Rule(
        "text_untranslated",
        "language",
        WARNING,
        text_untranslated,
        N_(
            "Not translated into %(language)s, or changed since its translation: the document "
            "in that language prints the original text, marked untranslated."
        ),
        "UNTOC art. 18(14)",
        kinds=ALL_KINDS,
        applies=has_translations,
    ),
    *COMPLIANCE_RULES,
    *STATEMENT_RULES,
    *DEATH_PENALTY_RULES,
    *REQUEST_FIELD_RULES,
    *MEASURE_TERM_RULES,
]

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def register_rule(rule: Rule) -> None:
    """Later request kinds add their rules as data."""
    if rule.code in RULES_BY_CODE:
        raise ValueError(f"a rule {rule.code!r} exists")
    RULES.append(rule)
    RULES_BY_CODE[rule.code] = rule


def rules_for(kind: str) -> list[Rule]:
    return [rule for rule in RULES if kind in rule.kinds]
