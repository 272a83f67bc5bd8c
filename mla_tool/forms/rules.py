"""The completeness rules as one table, their evaluator and the quality score.

The wizard, `GET /requests/{id}/check`, the review page and the document's annex all read RULES.
A rule's check returns the places where it is not met ((field path, message parameters));
an empty list means the rule is met.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..i18n import Phrase
from .fieldspec import N_, get_path, is_filled
from .measures import MEASURES, measure_type

Miss = tuple[str, dict[str, Any]]


class Label(str):
    """A label from a data table used in a rule's message: translated with the message."""

    __slots__ = ()


ERROR = "error"
WARNING = "warning"
ALL_KINDS = frozenset(
    {"mla", "extradition", "provisional_arrest", "preservation", "emergency_disclosure"}
)
MLA_KINDS = frozenset({"mla"})


@dataclass
class RuleContext:
    """What the rules look at: the document (JSON form) and what the directory says."""

    document: dict[str, Any]
    #: Languages the requested state accepts; None when the directory does not know.
    accepted_languages: list[str] | None = None
    #: The addressed authority as a plain dict (country, functions, requirements…), if found.
    authority: dict[str, Any] | None = None
    #: Requirements the directory records for the requested state and authority.
    requirements: list[str] = field(default_factory=list)
    #: Instrument codes both states share for this kind; None when unknown.
    available_legal_bases: list[str] | None = None
    today: date = field(default_factory=date.today)

    @property
    def kind(self) -> str:
        return str(self.document.get("kind") or "mla")

    def value(self, path: str) -> Any:
        return get_path(self.document, path)

    def items(self, name: str) -> list[dict[str, Any]]:
        value = self.document.get(name)
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


Check = Callable[[RuleContext], list[Miss]]


@dataclass(frozen=True)
class Rule:
    code: str
    field: str
    severity: str
    check: Check
    message: str
    reference: str
    weight: int = 1
    kinds: frozenset[str] = MLA_KINDS
    #: When given and false, the rule does not concern this document and is not scored.
    applies: Callable[[RuleContext], bool] | None = None
    #: The article to cite instead of `reference` for some request kinds (extradition…).
    kind_references: tuple[tuple[str, str], ...] = ()

    def reference_for(self, kind: str) -> str:
        return dict(self.kind_references).get(kind, self.reference)


@dataclass(frozen=True)
class Finding:
    field: str
    severity: str
    code: str
    message: str
    reference: str

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "reference": self.reference,
        }


# -- conditions: small predicates the table composes --------------------------------------------


def required(path: str) -> Check:
    return lambda ctx: [] if is_filled(ctx.value(path)) else [(path, {})]


def unless(condition: Callable[[RuleContext], bool], check: Check) -> Check:
    return lambda ctx: [] if condition(ctx) else check(ctx)


def only_if(condition: Callable[[RuleContext], bool], check: Check) -> Check:
    return lambda ctx: check(ctx) if condition(ctx) else []


def each_item_needs(
    list_name: str, attribute: str, skip: Callable[[dict], bool] | None = None
) -> Check:
    def check(ctx: RuleContext) -> list[Miss]:
        return [
            (f"{list_name}[{index}].{attribute}", {"number": index + 1})
            for index, item in enumerate(ctx.items(list_name))
            if not (skip and skip(item)) and not is_filled(item.get(attribute))
        ]

    return check


def only_service_of_documents(ctx: RuleContext) -> bool:
    measures = ctx.items("measures")
    return bool(measures) and all(m.get("type") == "service_of_documents" for m in measures)


def is_urgent(ctx: RuleContext) -> bool:
    return bool(ctx.value("urgent.is_urgent"))


def is_confidential(ctx: RuleContext) -> bool:
    return bool(ctx.value("confidential.is_confidential"))


def has_coercive_measure(ctx: RuleContext) -> bool:
    return any(
        (measure := measure_type(item.get("type"))) is not None and measure.coercive
        for item in ctx.items("measures")
    )


def no_measures(ctx: RuleContext) -> list[Miss]:
    return [] if ctx.items("measures") else [("measures", {})]


def no_offences(ctx: RuleContext) -> list[Miss]:
    return (
        [] if any(is_filled(o.get("name")) for o in ctx.items("offences")) else [("offences", {})]
    )


def offence_text_missing(ctx: RuleContext) -> list[Miss]:
    if any(is_filled(o.get("text")) for o in ctx.items("offences")):
        return []
    return [("offences", {})]


def measure_details_missing(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in enumerate(ctx.items("measures")):
        measure = MEASURES.get(str(item.get("type")))
        if measure is None:
            continue
        details = item.get("details") if isinstance(item.get("details"), dict) else {}
        for name in measure.missing_details(details):
            spec = measure.field(name)
            misses.append(
                (
                    f"measures[{index}].details.{name}",
                    {"number": index + 1, "detail": Label(spec.label) if spec else name},
                )
            )
    return misses


#: Where a measure keeps a period: (start, end) paths inside its details.
PERIOD_PATHS = (("period_from", "period_to"), ("date_range.from", "date_range.to"))


def measure_period_reversed(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in enumerate(ctx.items("measures")):
        details = item.get("details") if isinstance(item.get("details"), dict) else {}
        for start_path, end_path in PERIOD_PATHS:
            try:
                start = date.fromisoformat(str(get_path(details, start_path)))
                end = date.fromisoformat(str(get_path(details, end_path)))
            except ValueError:
                continue
            if end < start:
                field = f"measures[{index}].details.{end_path}"
                misses.append((field, {"number": index + 1}))
    return misses


def language_not_accepted(ctx: RuleContext) -> list[Miss]:
    language = ctx.value("language")
    if not language or not ctx.accepted_languages:
        return []
    if language in ctx.accepted_languages:
        return []
    return [("language", {"languages": ", ".join(ctx.accepted_languages)})]


def authority_not_found(ctx: RuleContext) -> list[Miss]:
    if ctx.value("requested_authority") and ctx.authority is None:
        return [("requested_authority", {})]
    return []


def authority_wrong_state(ctx: RuleContext) -> list[Miss]:
    authority, state = ctx.authority, ctx.value("requested_state")
    if authority and state and authority.get("country") and authority["country"] != state:
        return [("requested_authority", {"country": authority["country"]})]
    return []


CENTRAL_FUNCTIONS = {
    "mla": "central_authority_mla",
    "extradition": "central_authority_extradition",
    "provisional_arrest": "central_authority_extradition",
}


#: kind -> functions besides its central authority that a request may be addressed to.
ALSO_ACCEPTED_FUNCTIONS: dict[str, tuple[str, ...]] = {}


def authority_not_central(ctx: RuleContext) -> list[Miss]:
    authority = ctx.authority
    wanted = CENTRAL_FUNCTIONS.get(ctx.kind, "central_authority_mla")
    accepted = {wanted, *ALSO_ACCEPTED_FUNCTIONS.get(ctx.kind, ())}
    if authority and not accepted & set(authority.get("functions") or []):
        return [("requested_authority", {})]
    return []


def requirements_to_confirm(ctx: RuleContext) -> list[Miss]:
    confirmed = set(ctx.value("requirements_confirmed") or [])
    return [
        ("requested_authority", {"requirement": text})
        for text in ctx.requirements
        if text not in confirmed
    ]


def legal_basis_not_shared(ctx: RuleContext) -> list[Miss]:
    chosen = ctx.value("legal_basis") or []
    if ctx.available_legal_bases is None or not chosen:
        return []
    known = set(ctx.available_legal_bases) | {"reciprocity"}
    return [
        ("legal_basis", {"basis": code})
        for code in chosen
        if code.upper() in {"UNTOC", "UNCAC", "BUDAPEST", "DRUGS1988", "UNCC"} and code not in known
    ]


def respond_by_past(ctx: RuleContext) -> list[Miss]:
    value = ctx.value("urgent.respond_by")
    if not value:
        return []
    try:
        when = date.fromisoformat(str(value))
    except ValueError:
        return []
    return [("urgent.respond_by", {})] if when < ctx.today else []


def persons_lacking(attribute: str) -> Check:
    return each_item_needs("persons", attribute)


# -- user text in another language than the document ---------------------------------------------

ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
_STOPWORD_TEXT = {
    "en": "the and of to in is was were for with that from by on which has have this are",
    "fr": "le la les et des du est une un pour dans avec qui que sur par au aux ont été",
    "es": "el los las la de y del es una un para en con que por se fue al su sus han",
}
STOPWORDS = {code: frozenset(words.split()) for code, words in _STOPWORD_TEXT.items()}


def guess_language(text: str) -> str | None:
    """A cautious guess of the language of user text: None unless the evidence is clear."""
    arabic, latin = len(ARABIC.findall(text)), len(LATIN.findall(text))
    if arabic > latin and arabic >= 3:
        return "ar"
    if latin < 3:
        return None
    words = [word.lower() for word in WORD.findall(text)]
    scores = sorted(
        ((sum(word in stops for word in words), code) for code, stops in STOPWORDS.items()),
        reverse=True,
    )
    (best, code), (second, _) = scores[0], scores[1]
    if best >= 2 and best > second:
        return code
    if arabic == 0 and best == 0 and len(words) >= 3:
        return "latin"  # some Latin-script language: at least not Arabic
    return None


TRANSLATABLE_FIELDS = (
    "subject",
    "facts",
    "purpose",
    "procedures",
    "urgent.reason",
    "confidential.reason",
)
TRANSLATABLE_ITEM_FIELDS = (
    ("offences", ("name", "text")),
    ("measures", ("description", "link_to_facts", "procedure")),
)


def _user_texts(ctx: RuleContext) -> Iterable[tuple[str, str]]:
    for path in TRANSLATABLE_FIELDS:
        value = ctx.value(path)
        if isinstance(value, str):
            yield path, value
    for list_name, attributes in TRANSLATABLE_ITEM_FIELDS:
        for index, item in enumerate(ctx.items(list_name)):
            for attribute in attributes:
                value = item.get(attribute)
                if isinstance(value, str):
                    yield f"{list_name}[{index}].{attribute}", value


def text_needs_translation(ctx: RuleContext) -> list[Miss]:
    language = ctx.value("language")
    if not language:
        return []
    misses: list[Miss] = []
    for path, text in _user_texts(ctx):
        guessed = guess_language(text)
        if guessed is None:
            continue
        if guessed == "latin":
            if language == "ar":
                misses.append((path, {"language": "?"}))
        elif guessed != language:
            misses.append((path, {"language": guessed}))
    return misses


# -- the table ----------------------------------------------------------------------------------

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
        N_("The requested state does not accept this language; it accepts: %(languages)s."),
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
        N_("The directory does not record both states as bound by %(basis)s."),
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
        kinds=ALL_KINDS - {"extradition", "provisional_arrest"},  # surrender is not a measure
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
        applies=has_coercive_measure,
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
    ),
]

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
SEVERITY_WEIGHT = {ERROR: 3, WARNING: 1}


def register_rule(rule: Rule) -> None:
    """Later request kinds add their rules as data."""
    if rule.code in RULES_BY_CODE:
        raise ValueError(f"a rule {rule.code!r} exists")
    RULES.append(rule)
    RULES_BY_CODE[rule.code] = rule


def rules_for(kind: str) -> list[Rule]:
    return [rule for rule in RULES if kind in rule.kinds]


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

    @property
    def complete(self) -> bool:
        return not any(finding.severity == ERROR for finding in self.findings)

    def by_field(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.field, []).append(finding)
        return grouped

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
    """Run every rule of the document's kind; score = weighted share of the rules met."""
    findings: list[Finding] = []
    unmet: list[tuple[int, int, Finding]] = []
    total = met = 0
    rules_met = 0
    applicable = rules_for(ctx.kind)
    applicable = [rule for rule in applicable if rule.applies is None or rule.applies(ctx)]
    for position, rule in enumerate(applicable):
        weight = SEVERITY_WEIGHT[rule.severity] * rule.weight
        total += weight
        misses = rule.check(ctx)
        if not misses:
            met += weight
            rules_met += 1
            continue
        rule_findings = [
            Finding(
                field=path,
                severity=rule.severity,
                code=rule.code,
                message=_format(rule.message, params, gettext),
                reference=rule.reference_for(ctx.kind),
            )
            for path, params in misses
        ]
        findings.extend(rule_findings)
        unmet.append((-weight, position, rule_findings[0]))
    score = round(100 * met / total) if total else 100
    next_fixes = [finding for _w, _p, finding in sorted(unmet, key=lambda t: (t[0], t[1]))[:3]]
    return CheckResult(findings, score, next_fixes, rules_met, len(applicable))
