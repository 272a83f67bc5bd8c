"""Extradition and provisional-arrest requests as data: their wizard steps and their rules.

References: UN Convention against Transnational Organized Crime (UNTOC) arts. 2(b) and 16;
UN Model Treaty on Extradition (General Assembly resolution 45/116, "Model Treaty") arts. 2-5,
9 and 14. The time limit for the formal request after a provisional arrest defaults to the
Model Treaty's 40 days (art. 9(4)) when neither the request nor the directory records one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ..i18n import Phrase
from .fieldspec import N_, FieldSpec, is_filled
from .kinds import (
    FACTS,
    REQUESTED_STATE,
    REQUESTING_SIDE,
    REVIEW,
    RequestKind,
    Step,
    register_kind,
)
from .rules import (
    ERROR,
    WARNING,
    Label,
    Miss,
    Rule,
    RuleContext,
    register_rule,
    required,
)

EXTRADITION = "extradition"
PROVISIONAL_ARREST = "provisional_arrest"
EXTRADITION_KINDS = frozenset({EXTRADITION, PROVISIONAL_ARREST})
FORMAL_ONLY = frozenset({EXTRADITION})
PROVISIONAL_ONLY = frozenset({PROVISIONAL_ARREST})

#: UNTOC art. 2(b): a serious crime is punishable by a maximum of at least four years.
SERIOUS_CRIME_MONTHS = 48
#: Model Treaty art. 2(1): enforcement when at least [four/six] months remain; six is used.
ENFORCEMENT_MONTHS = 6
#: Model Treaty art. 9(4): the person is released after [40] days without the formal request.
DEFAULT_TIME_LIMIT_DAYS = 40
DEFAULT_TIME_LIMIT_SOURCE = N_("UN Model Treaty on Extradition art. 9(4) (default)")
#: Reminders before the formal request is due (days before), as for preserved data.
ARREST_REMIND_DAYS = (14, 7, 3, 1)

# -- choices --------------------------------------------------------------------------------------

EXTRADITION_STAGES = (
    ("prosecution", N_("Prosecution (arrest warrant)")),
    ("enforcement", N_("Enforcement of a sentence (judgment)")),
)
SOUGHT_ROLES = (
    ("accused", N_("Accused")),
    ("convicted", N_("Convicted person")),
    ("suspect", N_("Suspect")),
)
OFFENCE_NATURES = (
    ("ordinary", N_("Ordinary criminal offence")),
    ("political", N_("Could be seen as political")),
    ("fiscal", N_("Fiscal (taxes, customs, exchange)")),
    ("military", N_("Military offence")),
)
ASSURANCE_TYPES = (
    ("death_penalty", N_("Death penalty will not be imposed or carried out")),
    ("speciality", N_("Speciality: tried or punished only for the offences extradited for")),
    ("fair_trial", N_("Fair trial and treatment")),
    ("retrial_in_absentia", N_("Retrial after a conviction in absentia")),
    (
        "national_prosecution",
        N_("If a national is not extradited: prosecution in the requested state (art. 16(10))"),
    ),
    (
        "temporary_surrender",
        N_("Temporary surrender: the sentence to be served in the requested state (art. 16(11))"),
    ),
    (
        "national_enforcement",
        N_("If a national is not extradited: enforcement of the sentence there (art. 16(12))"),
    ),
    ("other", N_("Other assurance")),
)
#: The answers the requesting state gives to a refusal to extradite a national.
NATIONAL_ALTERNATIVES = frozenset(
    {"national_prosecution", "temporary_surrender", "national_enforcement"}
)
DOCUMENT_TYPES = (
    ("warrant", N_("Arrest warrant (original or certified copy)")),
    ("judgment", N_("Judgment and sentence (original or certified copy)")),
    ("law_text", N_("Text of the law: offence, penalty and limitation")),
    ("identification", N_("Identification material (photograph, fingerprints)")),
    ("translation", N_("Translation")),
    ("certification", N_("Certification or authentication")),
    ("other", N_("Other document")),
)
DOCUMENT_STATUSES = (
    ("attached", N_("Attached")),
    ("to_follow", N_("To follow")),
)
CHANNELS = (
    ("central_authority", N_("Central authority to central authority")),
    ("interpol", N_("INTERPOL")),
    ("diplomatic", N_("Diplomatic channel")),
    ("direct", N_("Directly to the competent authority")),
)

# -- steps ----------------------------------------------------------------------------------------

#: The requesting side, with the help of an extradition request rather than art. 18's.
EXTRADITION_REQUESTING_SIDE = replace(
    REQUESTING_SIDE,
    help=N_(
        "The authority making the request and who can answer for it (UNTOC art. 16; "
        "UN Model Treaty on Extradition art. 5(1))."
    ),
)

LEGAL_BASIS = Step(
    "legal_basis",
    N_("Legal basis"),
    fields=(
        FieldSpec("legal_basis", N_("Legal basis"), "multichoice"),
        FieldSpec(
            "extradition.treaty_threshold",
            N_("Treaty threshold: minimum maximum penalty (e.g. 1 year)"),
            hint=N_("Leave empty to apply UNTOC's serious crime: at least 4 years."),
        ),
        FieldSpec(
            "extradition.treaty_enforcement_threshold",
            N_("Treaty threshold for enforcement: minimum time left to serve (e.g. 6 months)"),
            hint=N_("Leave empty to apply 6 months (UN Model Treaty art. 2(1))."),
        ),
    ),
    help=N_(
        "UNTOC art. 16(5): a state may take the Convention as the legal basis for extradition; "
        "record the treaty's own thresholds when it has them."
    ),
)
PROCEEDINGS = Step(
    "proceedings",
    N_("Proceedings"),
    fields=(
        FieldSpec("subject", N_("Nature of the proceedings"), "textarea", True),
        FieldSpec(
            "proceedings.stage",
            N_("Extradition is sought for"),
            "choice",
            required=True,
            choices=EXTRADITION_STAGES,
        ),
        FieldSpec("proceedings.authority", N_("Authority conducting them"), required=True),
        FieldSpec("proceedings.case_number", N_("Case number")),
    ),
    help=N_("For prosecution the warrant is needed, for enforcement the judgment (UNTOC 16(12))."),
)
PERSON = Step(
    "person",
    N_("Person sought"),
    layout="items",
    list_field="persons",
    fields=(
        FieldSpec("role", N_("Role"), "choice", required=True, choices=SOUGHT_ROLES),
        FieldSpec("name", N_("Full name"), required=True),
        FieldSpec("aliases", N_("Aliases")),
        FieldSpec("birth_date", N_("Date of birth"), "date"),
        FieldSpec("birth_place", N_("Place of birth")),
        FieldSpec("nationality", N_("Nationality"), "state"),
        FieldSpec("other_nationality", N_("Other nationality"), "state"),
        FieldSpec("id_documents", N_("Identity documents")),
        FieldSpec("address", N_("Last known location")),
        FieldSpec("description", N_("Physical description"), "textarea"),
    ),
    help=N_("Model Treaty art. 5(2)(a): identity, nationality and location of the person sought."),
)
IDENTIFICATION = Step(
    "identification",
    N_("Identification"),
    fields=(
        FieldSpec("person_description.description", N_("Physical description"), "textarea"),
        FieldSpec("person_description.photograph", N_("A photograph is available"), "bool"),
        FieldSpec("person_description.fingerprints", N_("Fingerprints are available"), "bool"),
    ),
    help=N_("Model Treaty art. 5(2)(a): as accurate a description as possible."),
)
WARRANT = Step(
    "warrant",
    N_("Warrant or judgment"),
    fields=(
        FieldSpec("warrant.issued_by", N_("Warrant issued by (authority)")),
        FieldSpec("warrant.issued_on", N_("Date of the warrant"), "date"),
        FieldSpec("warrant.number", N_("Number of the warrant")),
        FieldSpec("judgment.court", N_("Court that gave the judgment")),
        FieldSpec("judgment.date", N_("Date of the judgment"), "date"),
        FieldSpec("judgment.sentence", N_("Sentence imposed")),
        FieldSpec("judgment.remaining", N_("Time left to serve (e.g. 3 years 2 months)")),
        FieldSpec("judgment.in_absentia", N_("Judgment given in absentia"), "bool"),
    ),
    help=N_(
        "Model Treaty art. 5(2)(c)-(e): the warrant for prosecution; for enforcement the "
        "judgment, the sentence and how much of it remains to be served."
    ),
)
OFFENCES = Step(
    "offences",
    N_("Offences"),
    layout="items",
    list_field="offences",
    fields=(
        FieldSpec("name", N_("Offence"), required=True),
        FieldSpec("provision", N_("Provision of the law")),
        FieldSpec("text", N_("Text of the law"), "textarea"),
        FieldSpec("max_penalty", N_("Maximum penalty (e.g. 10 years)")),
        FieldSpec("death_penalty", N_("The death penalty can be imposed"), "bool"),
        FieldSpec("limitation", N_("Limitation period (e.g. 20 years)")),
        FieldSpec("limitation_expires", N_("Date the limitation period ends"), "date"),
        FieldSpec("committed_on", N_("Date the offence was committed"), "date"),
        FieldSpec("place", N_("Place the offence was committed")),
        FieldSpec("facts", N_("Acts constituting the offence"), "textarea"),
        FieldSpec("nature", N_("Nature of the offence"), "choice", choices=OFFENCE_NATURES),
        FieldSpec(
            "equivalent_offence",
            N_("Equivalent offence in the requested state (if known)"),
        ),
    ),
    help=N_(
        "Model Treaty art. 5(2)(b)-(c): the text of the law and the penalty, and for each "
        "offence the acts with their time and place."
    ),
)
ASSURANCES = Step(
    "assurances",
    N_("Assurances"),
    layout="items",
    list_field="assurances",
    fields=(
        FieldSpec("type", N_("Assurance"), "choice", required=True, choices=ASSURANCE_TYPES),
        FieldSpec("text", N_("Text of the assurance"), "textarea"),
    ),
    help=N_("Model Treaty arts. 3(g), 4(d) and 14: death penalty, retrial, speciality."),
)
DOCUMENTS = Step(
    "documents",
    N_("Supporting documents"),
    layout="items",
    list_field="supporting_documents",
    fields=(
        FieldSpec("type", N_("Document"), "choice", required=True, choices=DOCUMENT_TYPES),
        FieldSpec("title", N_("Title or description")),
        FieldSpec("status", N_("Status"), "choice", required=True, choices=DOCUMENT_STATUSES),
        FieldSpec("language", N_("Language of the document (ISO 639-1, e.g. fr)")),
        FieldSpec("translated", N_("A translation is attached"), "bool"),
        FieldSpec("certified", N_("Certified or authenticated copy"), "bool"),
    ),
    help=N_("Model Treaty art. 5: the documents in support, translated and certified as asked."),
)
PROVISIONAL = Step(
    "provisional",
    N_("Provisional arrest"),
    fields=(
        FieldSpec("extradition.channel", N_("Channel"), "choice", choices=CHANNELS),
        FieldSpec("extradition.interpol_notice", N_("INTERPOL notice (e.g. red notice number)")),
        FieldSpec(
            "extradition.formal_request_undertaking",
            N_("We undertake to send the formal extradition request within the time limit"),
            "bool",
        ),
        FieldSpec(
            "extradition.time_limit_days",
            N_("Time limit for the formal request, in days from the arrest"),
            hint=N_("From the treaty; empty: the directory's value, else 40 days."),
        ),
        FieldSpec("urgent.reason", N_("Why the arrest is urgent"), "textarea"),
    ),
    help=N_(
        "UNTOC art. 16(9), Model Treaty art. 9: in urgent cases, ahead of the formal request, "
        "through INTERPOL or directly."
    ),
)

# -- reading durations ----------------------------------------------------------------------------

#: Penalties with no end, for the threshold: life imprisonment, the death penalty.
UNLIMITED = float("inf")
_UNLIMITED_WORDS = re.compile(
    r"\blife\b|\bdeath\b|capital|perp[ée]tuit|perpetu|\bmort\b|muerte|مؤبد|الإعدام|إعدام|اعدام",
    re.IGNORECASE,
)
_DEATH_WORDS = re.compile(r"\bdeath\b|capital|\bmort\b|muerte|الإعدام|إعدام|اعدام", re.IGNORECASE)
_UNITS: tuple[tuple[str, float], ...] = (
    (r"years?|yrs?|ans?|ann[ée]es?|a[ñn]os?|سنة|سنوات|سنين|عام|أعوام|اعوام", 12.0),
    (r"months?|mois|mes(?:es)?|شهر|أشهر|اشهر|شهور", 1.0),
    (r"weeks?|semaines?|semanas?|أسبوع|أسابيع", 12 / 52),
    (r"days?|jours?|d[íi]as?|يوم|يوما|أيام|ايام", 12 / 365),
)
_AMOUNT = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(" + "|".join(f"(?:{unit})" for unit, _f in _UNITS) + r")",
    re.IGNORECASE,
)
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def duration_months(text: Any) -> float | None:
    """Months in a penalty or period as people write it ("10 years", "2 ans 6 mois",
    "٥ سنوات", "life imprisonment" = unlimited); None when it cannot be read."""
    if not isinstance(text, str) or not text.strip():
        return None
    plain = text.translate(_ARABIC_DIGITS)
    if _UNLIMITED_WORDS.search(plain):
        return UNLIMITED
    total, found = 0.0, False
    for match in _AMOUNT.finditer(plain):
        amount = float(match.group(1).replace(",", "."))
        unit = match.group(2).lower()
        for pattern, factor in _UNITS:
            if re.fullmatch(pattern, unit, re.IGNORECASE):
                total += amount * factor
                found = True
                break
    return total if found else None


def show_months(months: float) -> str:
    if months == UNLIMITED:
        return "∞"
    if months >= 12 and months % 12 == 0:
        return f"{int(months // 12)} y"
    return f"{round(months, 1):g} m"


# -- what the rules look at -----------------------------------------------------------------------


def stage(ctx: RuleContext) -> str | None:
    value = ctx.value("proceedings.stage")
    if value == "enforcement":
        return "enforcement"
    return "prosecution" if value else None


def for_prosecution(ctx: RuleContext) -> bool:
    return stage(ctx) == "prosecution"


def for_enforcement(ctx: RuleContext) -> bool:
    return stage(ctx) == "enforcement"


def has_offences(ctx: RuleContext) -> bool:
    return bool(ctx.items("offences"))


def death_penalty_possible(ctx: RuleContext) -> bool:
    return any(
        offence.get("death_penalty") is True
        or bool(_DEATH_WORDS.search(str(offence.get("max_penalty") or "")))
        for offence in ctx.items("offences")
    )


def in_absentia(ctx: RuleContext) -> bool:
    return ctx.value("judgment.in_absentia") is True


def has_assurance(ctx: RuleContext, kind: str) -> bool:
    return any(
        item.get("type") == kind and is_filled(item.get("text")) for item in ctx.items("assurances")
    )


def assurance_needed(kind: str) -> Any:
    def check(ctx: RuleContext) -> list[Miss]:
        return [] if has_assurance(ctx, kind) else [("assurances", {})]

    return check


def offence_threshold_months(ctx: RuleContext) -> tuple[float, str]:
    treaty = duration_months(ctx.value("extradition.treaty_threshold"))
    if treaty is not None:
        return treaty, "treaty"
    return float(SERIOUS_CRIME_MONTHS), "UNTOC"


def enforcement_threshold_months(ctx: RuleContext) -> tuple[float, str]:
    treaty = duration_months(ctx.value("extradition.treaty_enforcement_threshold"))
    if treaty is not None:
        return treaty, "treaty"
    return float(ENFORCEMENT_MONTHS), "Model Treaty"


def threshold_not_met(ctx: RuleContext) -> list[Miss]:
    threshold, source = offence_threshold_months(ctx)
    misses: list[Miss] = []
    for index, offence in enumerate(ctx.items("offences")):
        months = duration_months(offence.get("max_penalty"))
        if months is not None and months < threshold:
            misses.append(
                (
                    f"offences[{index}].max_penalty",
                    {
                        "number": index + 1,
                        "penalty": offence.get("max_penalty"),
                        "threshold": show_months(threshold),
                        "source": source,
                    },
                )
            )
    return misses


def penalty_unreadable(ctx: RuleContext) -> list[Miss]:
    return [
        (f"offences[{index}].max_penalty", {"number": index + 1})
        for index, offence in enumerate(ctx.items("offences"))
        if is_filled(offence.get("max_penalty"))
        and duration_months(offence.get("max_penalty")) is None
    ]


def remaining_below_threshold(ctx: RuleContext) -> list[Miss]:
    months = duration_months(ctx.value("judgment.remaining"))
    threshold, source = enforcement_threshold_months(ctx)
    if months is None or months >= threshold:
        return []
    return [
        (
            "judgment.remaining",
            {
                "remaining": ctx.value("judgment.remaining"),
                "threshold": show_months(threshold),
                "source": source,
            },
        )
    ]


def remaining_unreadable(ctx: RuleContext) -> list[Miss]:
    value = ctx.value("judgment.remaining")
    if is_filled(value) and duration_months(value) is None:
        return [("judgment.remaining", {})]
    return []


def limitation_end(offence: dict[str, Any]) -> date | None:
    """The recorded end of the limitation period, else the offence date plus the period."""
    if offence.get("limitation_expires"):
        try:
            return date.fromisoformat(str(offence["limitation_expires"]))
        except ValueError:
            return None
    months = duration_months(offence.get("limitation"))
    committed = offence.get("committed_on")
    if months is None or months == UNLIMITED or not committed:
        return None
    try:
        start = date.fromisoformat(str(committed))
    except ValueError:
        return None
    return start + timedelta(days=round(months * 365.25 / 12))


def limitation_expired(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, offence in enumerate(ctx.items("offences")):
        end = limitation_end(offence)
        if end is not None and end < ctx.today:
            misses.append((f"offences[{index}].limitation", {"number": index + 1, "date": end}))
    return misses


def limitation_unknown(ctx: RuleContext) -> list[Miss]:
    return [
        (f"offences[{index}].limitation", {"number": index + 1})
        for index, offence in enumerate(ctx.items("offences"))
        if limitation_end(offence) is None
        and duration_months(offence.get("limitation")) != UNLIMITED
    ]


def offences_needing(attribute: str, skip: Any = None) -> Any:
    def check(ctx: RuleContext) -> list[Miss]:
        return [
            (f"offences[{index}].{attribute}", {"number": index + 1})
            for index, offence in enumerate(ctx.items("offences"))
            if not is_filled(offence.get(attribute)) and not (skip and skip(ctx, offence))
        ]

    return check


def offences_of_nature(nature: str) -> Any:
    def check(ctx: RuleContext) -> list[Miss]:
        return [
            (f"offences[{index}].nature", {"number": index + 1})
            for index, offence in enumerate(ctx.items("offences"))
            if offence.get("nature") == nature
        ]

    return check


def acts_described(ctx: RuleContext, offence: dict[str, Any]) -> bool:
    return is_filled(ctx.value("facts"))


def person_sought_missing(ctx: RuleContext) -> list[Miss]:
    if any(is_filled(person.get("name")) for person in ctx.items("persons")):
        return []
    return [("persons", {})]


def description_missing(ctx: RuleContext) -> list[Miss]:
    if is_filled(ctx.value("person_description.description")):
        return []
    if any(is_filled(person.get("description")) for person in ctx.items("persons")):
        return []
    return [("person_description.description", {})]


def no_photo_or_fingerprints(ctx: RuleContext) -> list[Miss]:
    if ctx.value("person_description.photograph") or ctx.value("person_description.fingerprints"):
        return []
    return [("person_description.photograph", {})]


def national_of_requested_state(ctx: RuleContext) -> list[Miss]:
    requested = ctx.value("requested_state")
    if not requested:
        return []
    if any(item.get("type") in NATIONAL_ALTERNATIVES for item in ctx.items("assurances")):
        return []  # the requesting state has said which alternative it accepts
    return [
        (f"persons[{index}].nationality", {"number": index + 1})
        for index, person in enumerate(ctx.items("persons"))
        if requested in (person.get("nationality"), person.get("other_nationality"))
    ]


def group_missing(*paths: str) -> Any:
    def check(ctx: RuleContext) -> list[Miss]:
        return [(path, {}) for path in paths if not is_filled(ctx.value(path))]

    return check


# -- documents checklist --------------------------------------------------------------------------

CERTIFICATION_WORDS = re.compile(
    r"certif|authenticat|apostil|legali[sz]|notari|توثيق|تصديق|مصدق|موثق|légalis|copie conforme",
    re.IGNORECASE,
)
TIME_LIMIT_LINE = re.compile(r"provisional|arrest|arrestation|detenci|القبض", re.IGNORECASE)
DAYS = re.compile(r"(\d+)\s*(?:days?|jours?|d[íi]as?|يوما|يوم|أيام)", re.IGNORECASE)
CERTIFIED_TYPES = ("warrant", "judgment", "law_text")


def certification_requirement(requirements: list[str]) -> str | None:
    """The directory line asking for certified or authenticated documents, if any."""
    return next((line for line in requirements if CERTIFICATION_WORDS.search(line)), None)


def directory_time_limit(requirements: list[str]) -> int | None:
    """A provisional-arrest time limit written in the directory's requirements ("60 days")."""
    for line in requirements:
        plain = line.translate(_ARABIC_DIGITS)
        match = DAYS.search(plain)
        if match and TIME_LIMIT_LINE.search(plain):
            return int(match.group(1))
    return None


@dataclass(frozen=True)
class TimeLimit:
    days: int
    source: str


def provisional_time_limit(document: dict[str, Any], requirements: list[str]) -> TimeLimit:
    """Days from the arrest for the formal request: the request's (treaty) value, else the
    directory's, else the Model Treaty's default."""
    recorded = (document.get("extradition") or {}).get("time_limit_days")
    if isinstance(recorded, int) and recorded > 0:
        return TimeLimit(recorded, N_("the treaty, as recorded in the request"))
    from_directory = directory_time_limit(requirements)
    if from_directory:
        return TimeLimit(from_directory, N_("the directory entry of the requested state"))
    return TimeLimit(DEFAULT_TIME_LIMIT_DAYS, DEFAULT_TIME_LIMIT_SOURCE)


def required_documents(ctx: RuleContext) -> list[str]:
    """The supporting documents this request needs, by type."""
    needed: list[str] = []
    if for_enforcement(ctx):
        needed.append("judgment")
    elif for_prosecution(ctx):
        needed.append("warrant")
    needed.append("law_text")
    if ctx.value("person_description.photograph") or ctx.value("person_description.fingerprints"):
        needed.append("identification")
    if certification_requirement(ctx.requirements):
        needed.append("certification")
    return needed


DOCUMENT_LABELS = dict(DOCUMENT_TYPES)


def documents_missing(ctx: RuleContext) -> list[Miss]:
    present = {item.get("type") for item in ctx.items("supporting_documents")}
    return [
        ("supporting_documents", {"document": Label(DOCUMENT_LABELS[kind])})
        for kind in required_documents(ctx)
        if kind not in present
    ]


def documents_to_follow(ctx: RuleContext) -> list[Miss]:
    return [
        (f"supporting_documents[{index}].status", {"number": index + 1})
        for index, item in enumerate(ctx.items("supporting_documents"))
        if item.get("status") == "to_follow"
    ]


def documents_not_translated(ctx: RuleContext) -> list[Miss]:
    accepted = ctx.accepted_languages
    if not accepted:
        return []
    return [
        (
            f"supporting_documents[{index}].translated",
            {"number": index + 1, "languages": ", ".join(accepted)},
        )
        for index, item in enumerate(ctx.items("supporting_documents"))
        if item.get("language")
        and item["language"] not in accepted
        and not item.get("translated")
        and item.get("type") not in ("translation", "certification")
    ]


def documents_language_unknown(ctx: RuleContext) -> list[Miss]:
    return [
        (f"supporting_documents[{index}].language", {"number": index + 1})
        for index, item in enumerate(ctx.items("supporting_documents"))
        if not item.get("language") and item.get("type") not in ("translation", "certification")
    ]


def documents_not_certified(ctx: RuleContext) -> list[Miss]:
    line = certification_requirement(ctx.requirements)
    if line is None:
        return []
    return [
        (f"supporting_documents[{index}].certified", {"number": index + 1, "requirement": line})
        for index, item in enumerate(ctx.items("supporting_documents"))
        if item.get("type") in CERTIFIED_TYPES and not item.get("certified")
    ]


# -- provisional arrest ---------------------------------------------------------------------------


def undertaking_missing(ctx: RuleContext) -> list[Miss]:
    if ctx.value("extradition.formal_request_undertaking") is True:
        return []
    return [("extradition.formal_request_undertaking", {})]


def time_limit_to_confirm(ctx: RuleContext) -> list[Miss]:
    if ctx.value("extradition.time_limit_days"):
        return []
    limit = provisional_time_limit(ctx.document, ctx.requirements)
    return [("extradition.time_limit_days", {"days": limit.days, "source": limit.source})]


class ChannelNames(Phrase):
    """The directory's channel codes, quoted in a finding by their labels in its language."""

    labels: tuple[str, ...]

    def __new__(cls, codes: list[str]) -> ChannelNames:
        labels = tuple(CHANNEL_LABELS.get(code, code) for code in codes)
        names = super().__new__(cls, ", ".join(labels))
        names.labels = labels  # stored as its English text when a finding is saved
        return names

    def translated(self, translate: Any) -> str:
        return ", ".join(translate(label) for label in self.labels)


CHANNEL_LABELS = dict(CHANNELS)


def channel_not_accepted(ctx: RuleContext) -> list[Miss]:
    channel, authority = ctx.value("extradition.channel"), ctx.authority
    if not channel or not authority:
        return []
    channels = list(authority.get("channels") or [])
    if channel == "interpol" and authority.get("urgent_by_interpol") is False:
        return [("extradition.channel", {"channels": ChannelNames(channels)})]
    if channels and channel not in channels:
        return [("extradition.channel", {"channels": ChannelNames(channels)})]
    return []


# -- the rules ------------------------------------------------------------------------------------

MODEL = "UN Model Treaty on Extradition"
EXTRADITION_RULES: tuple[Rule, ...] = (
    Rule(
        "extradition_subject_missing",
        "subject",
        ERROR,
        required("subject"),
        N_("Describe the proceedings for which extradition is sought."),
        f"{MODEL} art. 5(2)",
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "extradition_stage_missing",
        "proceedings.stage",
        ERROR,
        required("proceedings.stage"),
        N_("Say whether extradition is sought for prosecution or to enforce a sentence."),
        f"{MODEL} art. 5(2)(c)-(d)",
        weight=2,
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "person_sought_missing",
        "persons",
        ERROR,
        person_sought_missing,
        N_("Identify the person sought: full name, aliases, nationality, location."),
        f"{MODEL} art. 5(2)(a); UNTOC art. 16(9)",
        weight=3,
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "person_birth_date_missing",
        "persons",
        WARNING,
        lambda ctx: [
            (f"persons[{i}].birth_date", {"number": i + 1})
            for i, person in enumerate(ctx.items("persons"))
            if not is_filled(person.get("birth_date"))
        ],
        N_("Give the date of birth of person %(number)s: it helps to establish identity."),
        f"{MODEL} art. 5(2)(a)",
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: bool(ctx.items("persons")),
    ),
    Rule(
        "person_description_missing",
        "person_description.description",
        ERROR,
        description_missing,
        N_("Describe the person sought as accurately as possible."),
        f"{MODEL} art. 5(2)(a)",
        weight=2,
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "identification_material_missing",
        "person_description.photograph",
        WARNING,
        no_photo_or_fingerprints,
        N_("Neither a photograph nor fingerprints are available: they make identification sure."),
        f"{MODEL} art. 5(2)(a)",
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "national_of_requested_state",
        "persons",
        WARNING,
        national_of_requested_state,
        N_(
            "Person %(number)s is a national of the requested state, which may refuse to "
            "extradite its nationals. If it does, it must submit the case to its own "
            "prosecutors (aut dedere aut judicare, art. 16(10)); for a sentence, it may "
            "enforce it itself (art. 16(12)). Say under Assurances which you would accept."
        ),
        "UNTOC art. 16(10), 16(11), 16(12)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: bool(ctx.items("persons") and ctx.value("requested_state")),
    ),
    Rule(
        "warrant_missing",
        "warrant",
        ERROR,
        group_missing("warrant.issued_by", "warrant.issued_on", "warrant.number"),
        N_("Give the arrest warrant: the authority that issued it, its date and its number."),
        f"{MODEL} art. 5(2)(c), art. 9(2)",
        weight=3,
        kinds=EXTRADITION_KINDS,
        applies=for_prosecution,
    ),
    Rule(
        "judgment_missing",
        "judgment",
        ERROR,
        group_missing("judgment.court", "judgment.date", "judgment.sentence", "judgment.remaining"),
        N_("Give the judgment: the court, its date, the sentence and the time left to serve."),
        f"{MODEL} art. 5(2)(d), art. 9(2)",
        weight=3,
        kinds=EXTRADITION_KINDS,
        applies=for_enforcement,
    ),
    Rule(
        "remaining_below_threshold",
        "judgment.remaining",
        ERROR,
        remaining_below_threshold,
        N_(
            "Time left to serve (%(remaining)s) is below the threshold for enforcement "
            "(%(threshold)s, %(source)s): extradition would be refused."
        ),
        f"{MODEL} art. 2(1); UNTOC art. 16(7)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=for_enforcement,
    ),
    Rule(
        "remaining_unreadable",
        "judgment.remaining",
        WARNING,
        remaining_unreadable,
        N_("Write the time left to serve as a duration (e.g. 2 years 6 months)."),
        f"{MODEL} art. 5(2)(d)",
        kinds=EXTRADITION_KINDS,
        applies=for_enforcement,
    ),
    Rule(
        "extradition_offences_missing",
        "offences",
        ERROR,
        lambda ctx: (
            []
            if any(is_filled(o.get("name")) for o in ctx.items("offences"))
            else [("offences", {})]
        ),
        N_("Name the offences for which extradition is sought."),
        f"{MODEL} art. 5(2)(b); UNTOC art. 16(1)",
        weight=3,
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "offence_law_text_missing",
        "offences",
        ERROR,
        offences_needing("text"),
        N_("Quote the text of the law creating offence %(number)s."),
        f"{MODEL} art. 5(2)(b)",
        weight=2,
        kinds=FORMAL_ONLY,
        applies=has_offences,
    ),
    Rule(
        "offence_penalty_missing",
        "offences",
        ERROR,
        offences_needing("max_penalty"),
        N_("Give the maximum penalty for offence %(number)s."),
        f"{MODEL} art. 5(2)(b), art. 9(2)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_below_threshold",
        "offences",
        ERROR,
        threshold_not_met,
        N_(
            "Offence %(number)s: the maximum penalty (%(penalty)s) is below the threshold "
            "(%(threshold)s, %(source)s): it is not an extraditable offence."
        ),
        "UNTOC art. 2(b), 16(1), 16(7); " + MODEL + " art. 2(1)",
        weight=3,
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: has_offences(ctx) and for_prosecution(ctx),
    ),
    Rule(
        "offence_penalty_unreadable",
        "offences",
        WARNING,
        penalty_unreadable,
        N_(
            "Offence %(number)s: write the maximum penalty as a duration (e.g. 10 years) so "
            "that the threshold can be checked."
        ),
        "UNTOC art. 2(b)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "limitation_expired",
        "offences",
        ERROR,
        limitation_expired,
        N_(
            "Offence %(number)s: the limitation period ended on %(date)s; extradition would "
            "be refused (lapse of time)."
        ),
        f"{MODEL} art. 3(e)",
        weight=3,
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "limitation_unknown",
        "offences",
        WARNING,
        limitation_unknown,
        N_(
            "Offence %(number)s: give the limitation period and the date of the offence (or "
            "the date the period ends) so that the requested state can see it has not expired."
        ),
        f"{MODEL} art. 3(e)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_time_missing",
        "offences",
        ERROR,
        offences_needing("committed_on"),
        N_("Give the time when offence %(number)s was committed."),
        f"{MODEL} art. 5(2)(c), art. 9(2)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_place_missing",
        "offences",
        ERROR,
        offences_needing("place"),
        N_("Give the place where offence %(number)s was committed."),
        f"{MODEL} art. 5(2)(c), art. 9(2)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_acts_missing",
        "offences",
        ERROR,
        offences_needing("facts", skip=acts_described),
        N_("Describe the acts or omissions constituting offence %(number)s."),
        f"{MODEL} art. 5(2)(c)-(d)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "dual_criminality_prompt",
        "offences",
        WARNING,
        offences_needing("equivalent_offence"),
        N_(
            "Offence %(number)s: if you know it, name the equivalent offence in the requested "
            "state's law (dual criminality)."
        ),
        f"UNTOC art. 16(1); {MODEL} art. 2(1)-(2)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_nature_unstated",
        "offences",
        WARNING,
        offences_needing("nature"),
        N_(
            "Offence %(number)s: say whether it is an ordinary offence or could be seen as "
            "political, fiscal or military."
        ),
        f"UNTOC art. 16(14)-(15); {MODEL} art. 3(a), 3(c)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "political_offence",
        "offences",
        WARNING,
        offences_of_nature("political"),
        N_(
            "Offence %(number)s could be seen as political, a ground to refuse: show that the "
            "prosecution is for an ordinary crime and not for a person's opinions, and ask "
            "for consultation before any refusal."
        ),
        f"{MODEL} art. 3(a)-(b); UNTOC art. 16(14), 16(16)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "fiscal_offence",
        "offences",
        WARNING,
        offences_of_nature("fiscal"),
        N_(
            "Offence %(number)s is fiscal: extradition may not be refused on the sole ground "
            "that it involves fiscal matters; say so and ask for consultation before any "
            "refusal."
        ),
        f"UNTOC art. 16(15), 16(16); {MODEL} art. 2(3)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "military_offence",
        "offences",
        WARNING,
        offences_of_nature("military"),
        N_("Offence %(number)s is military: the requested state may refuse for that reason."),
        f"{MODEL} art. 3(c)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "death_penalty_assurance_missing",
        "assurances",
        ERROR,
        assurance_needed("death_penalty"),
        N_(
            "The death penalty can be imposed for an offence: give the assurance that it will "
            "not be imposed or, if imposed, not carried out."
        ),
        f"{MODEL} art. 4(d)",
        weight=3,
        kinds=FORMAL_ONLY,
        applies=death_penalty_possible,
    ),
    Rule(
        "retrial_assurance_missing",
        "assurances",
        ERROR,
        assurance_needed("retrial_in_absentia"),
        N_(
            "The judgment was given in absentia: guarantee that the person may have the case "
            "retried in their presence, and say how they may prepare their defence."
        ),
        f"{MODEL} art. 3(g), 5(2)(e)",
        weight=3,
        kinds=FORMAL_ONLY,
        applies=in_absentia,
    ),
    Rule(
        "speciality_undertaking_missing",
        "assurances",
        ERROR,
        assurance_needed("speciality"),
        N_(
            "Give the speciality undertaking: the person will not be proceeded against, "
            "sentenced or re-extradited for another offence committed before surrender."
        ),
        f"{MODEL} art. 14",
        weight=2,
        kinds=FORMAL_ONLY,
    ),
    Rule(
        "supporting_document_missing",
        "supporting_documents",
        ERROR,
        documents_missing,
        N_("The supporting documents must include: %(document)s."),
        f"{MODEL} art. 5(2)",
        weight=3,
        kinds=FORMAL_ONLY,
    ),
    Rule(
        "supporting_document_to_follow",
        "supporting_documents",
        WARNING,
        documents_to_follow,
        N_("Document %(number)s is to follow: the requested state will wait for it."),
        f"{MODEL} art. 6",
        kinds=FORMAL_ONLY,
        applies=lambda ctx: bool(ctx.items("supporting_documents")),
    ),
    Rule(
        "supporting_document_language_missing",
        "supporting_documents",
        WARNING,
        documents_language_unknown,
        N_("Say in which language document %(number)s is written."),
        f"{MODEL} art. 5(3)",
        kinds=FORMAL_ONLY,
        applies=lambda ctx: bool(ctx.items("supporting_documents")),
    ),
    Rule(
        "supporting_document_not_translated",
        "supporting_documents",
        ERROR,
        documents_not_translated,
        N_(
            "Document %(number)s is in a language the requested state does not accept "
            "(%(languages)s): attach a translation."
        ),
        f"{MODEL} art. 5(3); UNTOC art. 18(14)",
        weight=2,
        kinds=FORMAL_ONLY,
        applies=lambda ctx: bool(ctx.items("supporting_documents") and ctx.accepted_languages),
    ),
    Rule(
        "supporting_document_not_certified",
        "supporting_documents",
        ERROR,
        documents_not_certified,
        N_(
            "Document %(number)s must be certified or authenticated; the requested state "
            "asks: %(requirement)s"
        ),
        f"{MODEL} art. 5(2)(d), art. 6; directory",
        weight=2,
        kinds=FORMAL_ONLY,
        applies=lambda ctx: bool(
            ctx.items("supporting_documents") and certification_requirement(ctx.requirements)
        ),
    ),
    Rule(
        "formal_request_undertaking_missing",
        "extradition.formal_request_undertaking",
        ERROR,
        undertaking_missing,
        N_("Undertake that the formal request for extradition will follow within the time limit."),
        f"{MODEL} art. 9(2); UNTOC art. 16(9)",
        weight=3,
        kinds=PROVISIONAL_ONLY,
    ),
    Rule(
        "provisional_time_limit_unconfirmed",
        "extradition.time_limit_days",
        WARNING,
        time_limit_to_confirm,
        N_(
            "No time limit is recorded: the case will count %(days)s days from the arrest "
            "(%(source)s). Record the treaty's limit if it is shorter."
        ),
        f"{MODEL} art. 9(4)",
        kinds=PROVISIONAL_ONLY,
    ),
    Rule(
        "provisional_channel_missing",
        "extradition.channel",
        WARNING,
        required("extradition.channel"),
        N_("Say how the request is sent: through INTERPOL, directly or diplomatically."),
        f"{MODEL} art. 9(1)",
        kinds=PROVISIONAL_ONLY,
    ),
    Rule(
        "provisional_channel_not_accepted",
        "extradition.channel",
        WARNING,
        channel_not_accepted,
        N_("The directory records other channels for this authority: %(channels)s."),
        f"{MODEL} art. 9(1)",
        kinds=PROVISIONAL_ONLY,
        applies=lambda ctx: bool(ctx.value("extradition.channel") and ctx.authority),
    ),
    Rule(
        "provisional_urgency_missing",
        "urgent.reason",
        WARNING,
        required("urgent.reason"),
        N_("Say why the arrest is urgent (risk of flight, imminent departure)."),
        "UNTOC art. 16(9)",
        kinds=PROVISIONAL_ONLY,
    ),
)


# -- the document ---------------------------------------------------------------------------------


#: The article on extradition of each instrument the document may cite.
EXTRADITION_ARTICLES = {"UNTOC": "16", "UNCAC": "44", "DRUGS1988": "6", "BUDAPEST": "24"}


def document_extras(data: dict[str, Any], language: str, gettext: Any) -> dict[str, Any]:
    """Template values of the extradition document: labels, annex list, time limit."""
    from .code_labels import language_label
    from .documents import INSTRUMENT_CITATIONS, _date, _label, _state, legal_basis_citations
    from .service import authority_dict, requirement_lines

    authority = authority_dict(data.get("requested_authority"))
    requirements = requirement_lines(authority["requirements"]) if authority else []
    limit = provisional_time_limit(data, requirements)
    offences = [
        {
            **offence,
            "committed_on_text": _date(offence.get("committed_on"), language),
            "limitation_expires_text": _date(offence.get("limitation_expires"), language),
            "nature_label": _label(OFFENCE_NATURES, offence.get("nature"), gettext)
            if offence.get("nature")
            else "",
        }
        for offence in data.get("offences") or []
    ]
    persons = [
        {
            **person,
            "role_label": _label(SOUGHT_ROLES, person.get("role"), gettext),
            "nationality_name": _state(person.get("nationality"), language),
            "other_nationality_name": _state(person.get("other_nationality"), language),
            "birth_date_text": _date(person.get("birth_date"), language),
        }
        for person in data.get("persons") or []
    ]
    annex = [
        {
            "number": number,
            "label": _label(DOCUMENT_TYPES, item.get("type"), gettext),
            "title": item.get("title") or "",
            "status": item.get("status") or "attached",
            "status_label": _label(DOCUMENT_STATUSES, item.get("status") or "attached", gettext),
            "language": language_label(item.get("language"), language),
            "translated": bool(item.get("translated")),
            "certified": bool(item.get("certified")),
        }
        for number, item in enumerate(data.get("supporting_documents") or [], start=1)
    ]
    warrant = dict(data.get("warrant") or {})
    warrant["issued_on_text"] = _date(warrant.get("issued_on"), language)
    judgment = dict(data.get("judgment") or {})
    judgment["date_text"] = _date(judgment.get("date"), language)
    extradition = dict(data.get("extradition") or {})
    citations = []
    for code in data.get("legal_basis") or []:
        known, article = (
            INSTRUMENT_CITATIONS.get(code.upper()),
            EXTRADITION_ARTICLES.get(code.upper()),
        )
        if known and article:
            citations.append(
                gettext("%(instrument)s, article %(article)s")
                % {"instrument": gettext(known[0]), "article": article}
            )
        else:
            citations.extend(
                legal_basis_citations([code], gettext, str(data.get("kind")), language)
            )
    return {
        "kind_code": data.get("kind"),
        "legal_basis": citations,
        "stage": "enforcement"
        if (data.get("proceedings") or {}).get("stage") == "enforcement"
        else "prosecution",
        "offences": offences,
        "persons": persons,
        "warrant": warrant,
        "judgment": judgment,
        "person_description": dict(data.get("person_description") or {}),
        "assurances": [
            {
                "label": _label(ASSURANCE_TYPES, item.get("type"), gettext),
                "text": item.get("text") or "",
            }
            for item in data.get("assurances") or []
        ],
        "supporting_documents": annex,
        "extradition": extradition,
        "channel_label": _label(CHANNELS, extradition.get("channel"), gettext)
        if extradition.get("channel")
        else "",
        "time_limit_days": limit.days,
        "time_limit_source": gettext(limit.source),
    }


# -- on the case: the arrest date starts the countdown; conversion into the formal request -------

#: What a formal request does not take over from the provisional-arrest request.
NOT_CONVERTED = ("channel", "interpol_notice", "formal_request_undertaking", "time_limit_days")


def requests_in_case(case_id: int, kind: str) -> list[Any]:
    from sqlalchemy import select

    from ..extensions import db
    from .models import MlaRequest

    return list(
        db.session.execute(
            select(MlaRequest)
            .where(MlaRequest.case_id == case_id, MlaRequest.kind == kind)
            .order_by(MlaRequest.id)
        ).scalars()
    )


def time_limit_for(request: Any | None) -> TimeLimit:
    """The time limit of a provisional-arrest request, read as the rules read it."""
    from . import service

    if request is None:
        return TimeLimit(DEFAULT_TIME_LIMIT_DAYS, DEFAULT_TIME_LIMIT_SOURCE)
    data = service.document_of(request)
    authority = service.authority_dict(data.get("requested_authority"))
    requirements = service.requirement_lines(authority["requirements"]) if authority else []
    return provisional_time_limit(data, requirements)


def open_arrest_deadline(case: Any) -> Any | None:
    from ..cases import service as cases

    return next(
        (
            deadline
            for deadline in cases.deadlines_of(case)
            if deadline.kind == "provisional_arrest_limit" and not deadline.done
        ),
        None,
    )


def record_arrest(case: Any, arrested_on: date | str, actor: Any) -> Any:
    """The person was arrested on `arrested_on`: a deadline for the formal request, with
    reminders, counted by the time limit of the provisional-arrest request in the case."""
    from ..audit.service import record as audit_record
    from ..cases import service as cases

    if not actor.may("case.write"):
        raise cases.CaseError("your role may not change cases", {"case": "forbidden"})
    try:
        when = arrested_on if isinstance(arrested_on, date) else date.fromisoformat(arrested_on)
    except (TypeError, ValueError) as error:
        raise cases.CaseError(
            N_("the arrest date could not be recorded"), {"arrested_on": N_("a date YYYY-MM-DD")}
        ) from error
    if when > cases.today():
        raise cases.CaseError(
            N_("the arrest date could not be recorded"),
            {"arrested_on": N_("may not be in the future")},
        )
    provisional = requests_in_case(case.id, PROVISIONAL_ARREST)
    if case.kind != PROVISIONAL_ARREST and not provisional:
        raise cases.CaseError(
            N_("the arrest date could not be recorded"),
            {"case": "only a provisional-arrest case counts down to the formal request"},
        )
    existing = open_arrest_deadline(case)
    if existing is not None:
        raise cases.CaseError(
            N_("the arrest date is already recorded"),
            {"arrested_on": f"the formal request is due on {existing.due_on.isoformat()}"},
        )
    limit = time_limit_for(provisional[0] if provisional else None)
    due = when + timedelta(days=limit.days)
    deadline = cases.add_deadline(
        case,
        kind="provisional_arrest_limit",
        due_on=due,
        label=Phrase(
            N_("Formal extradition request (%(days)s days from the arrest on %(arrested)s)"),
            days=limit.days,
            arrested=when.isoformat(),
        ),
        remind_days=[days for days in ARREST_REMIND_DAYS if days < limit.days],
        actor=actor,
    )
    cases.add_event(
        case,
        "note",
        actor,
        note=Phrase(
            N_(
                "Arrest on %(arrested)s: the formal request is due by %(due)s (%(days)s days, "
                "%(source)s)."
            ),
            arrested=when.isoformat(),
            due=due.isoformat(),
            days=limit.days,
            source=str(limit.source),
        ),
        details={"arrested_on": when.isoformat(), "due_on": due.isoformat(), "days": limit.days},
    )
    audit_record(
        "case.arrest_recorded",
        "case",
        case.id,
        {"arrested_on": when.isoformat(), "due_on": due.isoformat(), "days": limit.days},
        actor=actor,
    )
    return deadline


def converted_from(request: Any) -> Any | None:
    """The formal request already made from this provisional-arrest request, if any.

    Only requests of the same case or of the same owner count: anyone may write
    `converted_from` into their own draft, and a stranger's draft must neither block this
    conversion nor have its id shown to the owner."""
    from sqlalchemy import or_, select

    from ..extensions import db
    from .models import MlaRequest

    same_side = MlaRequest.owner_id == request.owner_id
    if request.case_id is not None:
        same_side = or_(same_side, MlaRequest.case_id == request.case_id)
    candidates = db.session.execute(
        select(MlaRequest).where(MlaRequest.kind == EXTRADITION, same_side).order_by(MlaRequest.id)
    ).scalars()
    return next(
        (
            item
            for item in candidates
            if (item.data.get("extradition") or {}).get("converted_from") == request.id
        ),
        None,
    )


def convert_to_extradition(request: Any, actor: Any) -> Any:
    """A formal extradition request, pre-filled from the provisional-arrest request and filed
    in the same case; refused when one was made already."""
    from ..audit.service import record as audit_record
    from . import service

    if request.kind != PROVISIONAL_ARREST:
        raise service.RequestError(
            N_("only a provisional-arrest request converts into a formal request"), status=409
        )
    if not service.can_edit(actor, request):
        raise service.RequestError(N_("request not found"), status=404)
    existing = converted_from(request)
    if existing is not None:
        raise service.RequestError(
            f"the formal request was made already: #{existing.id}",
            {"request": str(existing.id)},
            409,
        )
    data = service.document_of(request)
    data["kind"] = EXTRADITION
    details = {k: v for k, v in (data.get("extradition") or {}).items() if k not in NOT_CONVERTED}
    data["extradition"] = {**details, "converted_from": request.id}
    data.pop("urgent", None)
    formal = service.create_request(actor, data, step="assurances")
    formal.case_id = request.case_id
    audit_record(
        "request.convert",
        "request",
        formal.id,
        {"from": request.id, "case_id": request.case_id},
        actor=actor,
    )
    from ..extensions import db

    db.session.flush()
    return formal


def case_panel(case: Any) -> dict[str, Any] | None:
    """What the case page shows about provisional arrest: countdown, conversion (plain data)."""
    from ..cases import service as cases

    provisional = requests_in_case(case.id, PROVISIONAL_ARREST)
    if case.kind != PROVISIONAL_ARREST and not provisional:
        return None
    source = provisional[0] if provisional else None
    limit = time_limit_for(source)
    deadline = open_arrest_deadline(case)
    formal = converted_from(source) if source is not None else None
    out: dict[str, Any] = {
        "provisional_request_id": source.id if source else None,
        "formal_request_id": formal.id if formal else None,
        "time_limit_days": limit.days,
        "time_limit_source": limit.source,
        "deadline": None,
    }
    if deadline is not None:
        out["deadline"] = {
            "due_on": deadline.due_on.isoformat(),
            "days_left": (deadline.due_on - cases.today()).days,
            "label": deadline.label,
        }
    return out


# -- registration ---------------------------------------------------------------------------------


EXTRADITION_REQUEST = RequestKind(
    EXTRADITION,
    N_("Extradition"),
    (
        EXTRADITION_REQUESTING_SIDE,
        REQUESTED_STATE,
        LEGAL_BASIS,
        PROCEEDINGS,
        PERSON,
        IDENTIFICATION,
        WARRANT,
        OFFENCES,
        FACTS,
        ASSURANCES,
        DOCUMENTS,
        REVIEW,
    ),
    (),
    N_("Request for extradition"),
    document_template="extradition.html",
    document_context=document_extras,
)
PROVISIONAL_ARREST_REQUEST = RequestKind(
    PROVISIONAL_ARREST,
    N_("Provisional arrest"),
    (
        EXTRADITION_REQUESTING_SIDE,
        REQUESTED_STATE,
        LEGAL_BASIS,
        PROCEEDINGS,
        PERSON,
        IDENTIFICATION,
        WARRANT,
        OFFENCES,
        FACTS,
        PROVISIONAL,
        REVIEW,
    ),
    (),
    N_("Request for provisional arrest with a view to extradition"),
    document_template="extradition.html",
    document_context=document_extras,
)


def register() -> None:
    """Add the two kinds and their rules; importing the module again changes nothing."""
    from . import rules, service
    from .rules import RULES_BY_CODE

    register_kind(EXTRADITION_REQUEST)
    register_kind(PROVISIONAL_ARREST_REQUEST)
    # a provisional arrest may go to the police channel (INTERPOL's national bureau)
    preferred = getattr(service, "PREFERRED_FUNCTIONS", None)
    if preferred is not None:
        preferred[PROVISIONAL_ARREST] = ("central_authority_extradition", "police_cooperation")
    also = getattr(rules, "ALSO_ACCEPTED_FUNCTIONS", None)
    if also is not None:
        also[PROVISIONAL_ARREST] = ("police_cooperation",)
    for rule in EXTRADITION_RULES:
        if rule.code not in RULES_BY_CODE:
            register_rule(rule)


register()
