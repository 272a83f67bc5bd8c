"""Electronic evidence: the preservation and emergency-disclosure kinds, their rules, deadlines.

Everything here is data read by the wizard engine: two request kinds (steps and measures), the
rules with their legal references, the legal threshold of each data category, and the expiry of
a preservation (Budapest art. 29(7)). Registered on import of `mla_tool.forms`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..i18n import Phrase
from .fieldspec import DATA_CATEGORIES, IDENTIFIER_TYPE_LABELS, N_, FieldSpec, is_filled
from .identifiers import check_identifier
from .kinds import (
    LEGAL_BASIS,
    OFFENCES,
    REQUESTING_SIDE,
    REVIEW,
    RequestKind,
    Step,
    register_kind,
)
from .measures import MEASURES
from .rules import (
    ALL_KINDS,
    ALSO_ACCEPTED_FUNCTIONS,
    CENTRAL_FUNCTIONS,
    ERROR,
    RULES_BY_CODE,
    WARNING,
    Label,
    Miss,
    Rule,
    RuleContext,
    register_rule,
    required,
)

PRESERVATION = "preservation"
EMERGENCY = "emergency_disclosure"
EEVIDENCE_KINDS = frozenset({PRESERVATION, EMERGENCY})
CONTACT_24_7 = "cybercrime_24_7"
CENTRAL_MLA = "central_authority_mla"

#: Budapest art. 29(7): preservation lasts at least 60 days.
PRESERVATION_DAYS = 60
#: Days before expiry the caseworker is reminded (config MLA_PRESERVATION_REMIND_DAYS).
PRESERVATION_REMIND_DAYS: tuple[int, ...] = (14, 3)
#: A directory entry records its own period as "preservation period: 90 days" (requirements/notes).
_PERIOD = re.compile(r"preserv\w*\s+(?:period|for)\s*[:=]?\s*(\d{2,3})\s*days", re.IGNORECASE)

#: Measure type -> the data category it asks for at the least.
MEASURE_CATEGORY: dict[str, str] = {
    "preserve_data": "subscriber",
    "subscriber_information": "subscriber",
    "disclose_traffic_data": "traffic",
    "realtime_traffic_data": "traffic",
    "stored_content": "content",
    "interception": "content",
}


@dataclass(frozen=True)
class CategoryThreshold:
    """What the law asks before a category of data is given: each asks more than the one before.

    `justification` is the least length of the link to the facts; `widest_days` the period
    beyond which the request is warned as too wide.
    """

    category: str
    level: int
    label: str
    requirement: str
    reference: str
    justification: int
    widest_days: int


CATEGORY_THRESHOLDS: dict[str, CategoryThreshold] = {
    item.category: item
    for item in (
        CategoryThreshold(
            "subscriber",
            1,
            N_("Subscriber information"),
            N_("that the data are relevant and needed for a specific investigation"),
            "Budapest Convention arts. 18(3), 29; Second Additional Protocol arts. 6-7",
            40,
            366,
        ),
        CategoryThreshold(
            "traffic",
            2,
            N_("Traffic data"),
            N_("a specific offence and how the communications relate to it"),
            "Budapest Convention arts. 1(d), 30, 33",
            120,
            92,
        ),
        CategoryThreshold(
            "content",
            3,
            N_("Content data"),
            N_("a serious offence, the facts linking this account to it and why less will not do"),
            "Budapest Convention arts. 31, 34",
            300,
            31,
        ),
    )
}
assert set(CATEGORY_THRESHOLDS) == set(DATA_CATEGORIES)


# -- the kinds ------------------------------------------------------------------------------------

REQUESTED_24_7 = Step(
    "requested",
    N_("Requested state"),
    fields=(
        FieldSpec("requested_state", N_("Requested state"), "state", required=True),
        FieldSpec("requested_authority", N_("24/7 contact or central authority"), "authority"),
        FieldSpec("language", N_("Language of the request"), "language", required=True),
    ),
    help=N_(
        "Budapest art. 35: the requested state's 24/7 contact point takes preservation and "
        "emergency requests at any hour; its central authority is the other route."
    ),
)
PRESERVATION_FACTS = Step(
    "facts",
    N_("Facts"),
    fields=(
        FieldSpec("subject", N_("Nature of the investigation"), "textarea"),
        FieldSpec("proceedings.authority", N_("Authority conducting the investigation")),
        FieldSpec("proceedings.case_number", N_("Case number")),
        FieldSpec("facts", N_("Brief summary of the facts"), "textarea", required=True),
    ),
    help=N_("Budapest art. 29(2)(a)-(b): the authority, the offence and a brief summary of facts."),
)
DATA_TO_PRESERVE = Step(
    "measures",
    N_("Data to preserve"),
    layout="measures",
    list_field="measures",
    fields=(
        FieldSpec("description", N_("The data to preserve"), "textarea", True),
        FieldSpec("link_to_facts", N_("How the data relates to the offence"), "textarea", True),
        FieldSpec("procedure", N_("Particular instructions (e.g. do not notify the user)")),
    ),
    help=N_(
        "Budapest art. 29(2)(c)-(d): the stored data, its relation to the offence, the "
        "custodian or provider and where the data is. After an identifier's time zone you may "
        "add | port=51234 (shared IPv4 address), | platform=… (username), "
        "| categories=subscriber,traffic,content."
    ),
)
NECESSITY = Step(
    "necessity",
    N_("Necessity and undertaking"),
    fields=(
        FieldSpec("purpose", N_("Why preservation is needed"), "textarea", required=True),
        FieldSpec(
            "preservation.mla_to_follow",
            N_("We will send a request for mutual assistance to obtain the data"),
            "bool",
            required=True,
        ),
        FieldSpec(
            "preservation.mla_expected_by", N_("Mutual assistance request expected by"), "date"
        ),
        FieldSpec("confidential.is_confidential", N_("Keep the request confidential"), "bool"),
        FieldSpec("confidential.reason", N_("Reason for confidentiality"), "textarea"),
    ),
    help=N_(
        "Budapest art. 29(2)(e)-(f): why the data must be preserved, and that a request follows."
    ),
)
EMERGENCY_STEP = Step(
    "emergency",
    N_("The emergency"),
    fields=(
        FieldSpec(
            "urgent.reason",
            N_("The imminent risk to life or of serious injury"),
            "textarea",
            required=True,
        ),
        FieldSpec("purpose", N_("Why it cannot wait for a normal request"), "textarea", True),
        FieldSpec("facts", N_("Brief summary of the facts"), "textarea", required=True),
        FieldSpec("urgent.respond_by", N_("Response needed by"), "date"),
    ),
    help=N_(
        "Second Additional Protocol arts. 3(2)(c), 9-10: a significant and imminent risk to the "
        "life or safety of a person, and how the data sought relates to it."
    ),
)
EMERGENCY_DATA = Step(
    "measures",
    N_("Data needed"),
    layout="measures",
    list_field="measures",
    fields=DATA_TO_PRESERVE.fields,
    help=N_(
        "Second Additional Protocol art. 9(3): the provider, a detailed description of the data "
        "and how it relates to the emergency."
    ),
)

PRESERVATION_KIND = RequestKind(
    PRESERVATION,
    N_("Preservation of stored data"),
    (
        REQUESTING_SIDE,
        REQUESTED_24_7,
        LEGAL_BASIS,
        OFFENCES,
        PRESERVATION_FACTS,
        DATA_TO_PRESERVE,
        NECESSITY,
        REVIEW,
    ),
    ("preserve_data", "disclose_traffic_data"),
    N_("Request for the expedited preservation of stored computer data"),
    document_template="eevidence_request.html",
    document_context=lambda data, language, gettext: document_values(data, language, gettext),
)
EMERGENCY_KIND = RequestKind(
    EMERGENCY,
    N_("Emergency disclosure"),
    (
        REQUESTING_SIDE,
        REQUESTED_24_7,
        LEGAL_BASIS,
        EMERGENCY_STEP,
        OFFENCES,
        EMERGENCY_DATA,
        REVIEW,
    ),
    ("subscriber_information", "disclose_traffic_data", "preserve_data", "stored_content"),
    N_("Emergency request for the expedited disclosure of computer data"),
    document_template="eevidence_request.html",
    document_context=lambda data, language, gettext: document_values(data, language, gettext),
)


# -- what the rules look at -----------------------------------------------------------------------


def electronic_measures(ctx: RuleContext) -> list[tuple[int, dict[str, Any]]]:
    return [
        (index, item)
        for index, item in enumerate(ctx.items("measures"))
        if (measure := MEASURES.get(str(item.get("type")))) is not None and measure.electronic
    ]


def _details(item: dict[str, Any]) -> dict[str, Any]:
    details = item.get("details")
    return details if isinstance(details, dict) else {}


def _identifiers(item: dict[str, Any]) -> list[dict[str, Any]]:
    value = _details(item).get("identifiers")
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def categories_of(item: dict[str, Any]) -> list[str]:
    """The data categories a measure asks for: declared on it or its identifiers, or implied."""
    found = set(_details(item).get("data_categories") or [])
    for identifier in _identifiers(item):
        found.update(identifier.get("data_categories") or [])
    implied = MEASURE_CATEGORY.get(str(item.get("type")))
    levels = [CATEGORY_THRESHOLDS[c].level for c in found if c in CATEGORY_THRESHOLDS]
    if implied and CATEGORY_THRESHOLDS[implied].level > max(levels, default=0):
        found.add(implied)  # the measure asks for more than the categories declared
    return [c for c in DATA_CATEGORIES if c in found]


def highest_category(item: dict[str, Any]) -> CategoryThreshold | None:
    categories = categories_of(item)
    return CATEGORY_THRESHOLDS[categories[-1]] if categories else None


def _identifier_label(identifier: dict[str, Any]) -> str:
    return f"{identifier.get('type') or '?'} {identifier.get('value') or ''}".strip()


def identifiers_unusable(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in electronic_measures(ctx):
        for identifier in _identifiers(item):
            result = check_identifier(identifier)
            for problem in result.errors:
                misses.append(
                    (
                        f"measures[{index}].details.identifiers",
                        {
                            "number": index + 1,
                            "identifier": _identifier_label(identifier),
                            "problem": problem,
                        },
                    )
                )
    return misses


def identifiers_doubtful(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in electronic_measures(ctx):
        for identifier in _identifiers(item):
            result = check_identifier(identifier)
            if result.errors:
                continue
            for problem in result.warnings:
                misses.append(
                    (
                        f"measures[{index}].details.identifiers",
                        {
                            "number": index + 1,
                            "identifier": _identifier_label(identifier),
                            "problem": problem,
                        },
                    )
                )
    return misses


def categories_missing(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].details.data_categories", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if not _details(item).get("data_categories")
        and not any(i.get("data_categories") for i in _identifiers(item))
    ]


def justification_below_threshold(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in electronic_measures(ctx):
        threshold = highest_category(item)
        link = str(item.get("link_to_facts") or "").strip()
        if threshold is None or not link or len(link) >= threshold.justification:
            continue  # an empty link is reported by the rule on links
        misses.append(
            (
                f"measures[{index}].link_to_facts",
                {
                    "number": index + 1,
                    "category": Label(threshold.label),
                    "requirement": Label(threshold.requirement),
                    "characters": threshold.justification,
                },
            )
        )
    return misses


def _range(item: dict[str, Any]) -> tuple[date | None, date | None]:
    value = _details(item).get("date_range")
    if not isinstance(value, dict):
        return None, None
    out: list[date | None] = []
    for key in ("from", "to"):
        try:
            out.append(date.fromisoformat(str(value.get(key))) if value.get(key) else None)
        except ValueError:
            out.append(None)
    return out[0], out[1]


def date_range_missing(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].details.date_range", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if None in _range(item) and item.get("type") != "realtime_traffic_data"
    ]


def date_range_wide(ctx: RuleContext) -> list[Miss]:
    misses: list[Miss] = []
    for index, item in electronic_measures(ctx):
        start, end = _range(item)
        threshold = highest_category(item)
        if start is None or end is None or threshold is None:
            continue
        days = (end - start).days + 1
        if days > threshold.widest_days:
            misses.append(
                (
                    f"measures[{index}].details.date_range",
                    {
                        "number": index + 1,
                        "days": days,
                        "category": Label(threshold.label),
                        "widest": threshold.widest_days,
                    },
                )
            )
    return misses


def provider_country_missing(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].details.provider", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if is_filled(_details(item).get("provider"))
        and not (_details(item).get("provider") or {}).get("country")
    ]


def provider_elsewhere(ctx: RuleContext) -> list[Miss]:
    requested = ctx.value("requested_state")
    misses: list[Miss] = []
    for index, item in electronic_measures(ctx):
        country = (_details(item).get("provider") or {}).get("country")
        if requested and country and country != requested:
            contacts: Any = ", ".join(a["name"] for a in route_for(country))
            contacts = contacts or Label(N_("none is recorded in the directory"))
            misses.append(
                (
                    f"measures[{index}].details.provider",
                    {"number": index + 1, "country": country, "contacts": contacts},
                )
            )
    return misses


def links_missing(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].link_to_facts", {"number": index + 1})
        for index, item in enumerate(ctx.items("measures"))
        if not is_filled(item.get("link_to_facts"))
    ]


def preservation_measure_missing(ctx: RuleContext) -> list[Miss]:
    if any(item.get("type") == "preserve_data" for item in ctx.items("measures")):
        return []
    return [("measures", {})]


def mla_undertaking_missing(ctx: RuleContext) -> list[Miss]:
    return [] if ctx.value("preservation.mla_to_follow") is True else [("preservation", {})]


def offence_named(ctx: RuleContext) -> list[Miss]:
    if any(is_filled(o.get("name")) for o in ctx.items("offences")):
        return []
    return [("offences", {})]


def recipient_not_24_7(ctx: RuleContext) -> list[Miss]:
    authority = ctx.authority
    if not authority or CONTACT_24_7 in (authority.get("functions") or []):
        return []
    contacts = [c for c in route_for(ctx.value("requested_state")) if c["function"] == CONTACT_24_7]
    return [("requested_authority", {"contact": contacts[0]["name"]})] if contacts else []


def content_in_emergency(ctx: RuleContext) -> list[Miss]:
    return [
        (f"measures[{index}].details.data_categories", {"number": index + 1})
        for index, item in electronic_measures(ctx)
        if "content" in categories_of(item)
    ]


def _has_electronic(ctx: RuleContext) -> bool:
    return bool(electronic_measures(ctx))


def _kind_is(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


BUDAPEST_29 = "Budapest Convention art. 29(2)"
PROTOCOL_9_10 = "Second Additional Protocol arts. 9(3), 10(3)"

EEVIDENCE_RULES: tuple[Rule, ...] = (
    Rule(
        "identifier_unusable",
        "measures",
        ERROR,
        identifiers_unusable,
        N_("Measure %(number)s: %(identifier)s identifies no one: %(problem)s."),
        "Budapest Convention arts. 29(2)(c), 31(2); Second Additional Protocol art. 9(3)(e)",
        weight=3,
        kinds=ALL_KINDS,
        applies=_has_electronic,
    ),
    Rule(
        "identifier_doubtful",
        "measures",
        WARNING,
        identifiers_doubtful,
        N_("Measure %(number)s: %(identifier)s: %(problem)s."),
        "Budapest Convention art. 29(2)(c)",
        kinds=ALL_KINDS,
        applies=_has_electronic,
    ),
    Rule(
        "data_categories_missing",
        "measures",
        ERROR,
        categories_missing,
        N_("Measure %(number)s: say which data is sought (subscriber, traffic or content)."),
        "Budapest Convention arts. 18(3), 1(d), 29(2)(c)",
        weight=2,
        kinds=ALL_KINDS,
        applies=_has_electronic,
    ),
    Rule(
        "justification_below_threshold",
        "measures",
        ERROR,
        justification_below_threshold,
        N_(
            "Measure %(number)s asks for %(category)s: the link to the facts must show "
            "%(requirement)s (at least %(characters)s characters)."
        ),
        "Budapest Convention arts. 18, 30, 31, 33, 34",
        weight=2,
        kinds=ALL_KINDS,
        applies=_has_electronic,
    ),
    Rule(
        "date_range_missing",
        "measures",
        ERROR,
        date_range_missing,
        N_("Measure %(number)s: give the period of the data sought (from and to)."),
        "Budapest Convention art. 29(2)(c)",
        weight=2,
        kinds=ALL_KINDS,
        applies=_has_electronic,
    ),
    Rule(
        "date_range_wide",
        "measures",
        WARNING,
        date_range_wide,
        N_(
            "Measure %(number)s: the period spans %(days)s days; %(category)s is rarely given "
            "for more than %(widest)s days: narrow it or explain why."
        ),
        "Budapest Convention art. 15 (proportionality)",
        kinds=ALL_KINDS,
        applies=_has_electronic,
    ),
    Rule(
        "provider_country_missing",
        "measures",
        WARNING,
        provider_country_missing,
        N_("Measure %(number)s: say where the provider sits: it decides where the request goes."),
        "Budapest Convention art. 29(2)(d)",
        kinds=ALL_KINDS,
        applies=_has_electronic,
    ),
    Rule(
        "provider_in_other_state",
        "measures",
        WARNING,
        provider_elsewhere,
        N_(
            "Measure %(number)s: the provider sits in %(country)s, not in the requested state; "
            "its 24/7 contact or central authority: %(contacts)s."
        ),
        "Budapest Convention arts. 29(1), 35",
        kinds=ALL_KINDS,
        applies=_has_electronic,
    ),
    Rule(
        "preservation_offence_missing",
        "offences",
        ERROR,
        offence_named,
        N_("Name the offence the data relates to."),
        BUDAPEST_29 + "(b)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "preservation_facts_missing",
        "facts",
        ERROR,
        required("facts"),
        N_("Give a brief summary of the facts."),
        BUDAPEST_29 + "(b)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "preservation_measure_missing",
        "measures",
        ERROR,
        preservation_measure_missing,
        N_("Say which stored data is to be preserved (add a preservation measure)."),
        BUDAPEST_29 + "(c)",
        weight=3,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "preservation_link_missing",
        "measures",
        ERROR,
        links_missing,
        N_("Measure %(number)s: explain how the data relates to the offence."),
        BUDAPEST_29 + "(c)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
        applies=lambda ctx: bool(ctx.items("measures")),
    ),
    Rule(
        "preservation_necessity_missing",
        "purpose",
        ERROR,
        required("purpose"),
        N_("Say why the data must be preserved (the risk that it is lost or changed)."),
        BUDAPEST_29 + "(e)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "preservation_mla_undertaking_missing",
        "preservation.mla_to_follow",
        ERROR,
        mla_undertaking_missing,
        N_("Undertake that a request for mutual assistance to obtain the data will follow."),
        BUDAPEST_29 + "(f)",
        weight=2,
        kinds=_kind_is(PRESERVATION),
    ),
    Rule(
        "eevidence_recipient_not_24_7",
        "requested_authority",
        WARNING,
        recipient_not_24_7,
        N_(
            "The requested state has a 24/7 contact point (%(contact)s): it takes preservation "
            "and emergency requests at any hour."
        ),
        "Budapest Convention art. 35; Second Additional Protocol art. 9(1)",
        kinds=_kind_is(PRESERVATION, EMERGENCY),
        applies=lambda ctx: ctx.authority is not None,
    ),
    Rule(
        "emergency_risk_missing",
        "urgent.reason",
        ERROR,
        required("urgent.reason"),
        N_("Describe the imminent risk to the life or safety of a person."),
        "Second Additional Protocol arts. 3(2)(c), 9(3)(d), 10(3)",
        weight=3,
        kinds=_kind_is(EMERGENCY),
    ),
    Rule(
        "emergency_why_not_wait_missing",
        "purpose",
        ERROR,
        required("purpose"),
        N_("Say why the data cannot wait for a request through the usual channel."),
        PROTOCOL_9_10,
        weight=2,
        kinds=_kind_is(EMERGENCY),
    ),
    Rule(
        "emergency_facts_missing",
        "facts",
        ERROR,
        required("facts"),
        N_("Give the facts that show the emergency and the offence."),
        "Second Additional Protocol art. 9(3)(c)-(d)",
        weight=2,
        kinds=_kind_is(EMERGENCY),
    ),
    Rule(
        "emergency_link_missing",
        "measures",
        ERROR,
        links_missing,
        N_("Measure %(number)s: explain how the data sought relates to the emergency."),
        "Second Additional Protocol art. 9(3)(d)",
        weight=2,
        kinds=_kind_is(EMERGENCY),
        applies=lambda ctx: bool(ctx.items("measures")),
    ),
    Rule(
        "emergency_content_needs_mla",
        "measures",
        WARNING,
        content_in_emergency,
        N_(
            "Measure %(number)s asks for content: expedited disclosure covers subscriber "
            "information and traffic data; content needs emergency mutual assistance (art. 10)."
        ),
        "Second Additional Protocol arts. 9(1), 10",
        kinds=_kind_is(EMERGENCY),
        applies=_has_electronic,
    ),
)


# -- the directory: the route and the requested state's own period --------------------------------


def route_for(iso3: str | None) -> list[dict[str, Any]]:
    """The 24/7 contact and the central authority of a state, as plain dicts (may be empty)."""
    if not iso3:
        return []
    try:
        from sqlalchemy import select

        from ..directory.models import Authority
        from ..extensions import db

        rows = db.session.execute(
            select(Authority).where(Authority.country_iso3 == iso3, Authority.retired.is_(False))
        ).scalars()
        found = [row for row in rows]
    except RuntimeError:  # no application context: a pure check
        return []
    out = []
    for function in (CONTACT_24_7, CENTRAL_MLA):
        for row in found:
            if function in (row.functions or []):
                out.append(
                    {
                        "id": row.id,
                        "function": function,
                        "name": row.name_en or row.name,
                        "email": row.email,
                        "phone": row.phone,
                    }
                )
                break
    return out


def recorded_period(texts: list[str]) -> int | None:
    """The preservation period a directory entry records ('preservation period: 90 days')."""
    for text in texts:
        match = _PERIOD.search(text or "")
        if match and 60 <= int(match.group(1)) <= 365:
            return int(match.group(1))
    return None


def preservation_days(document: dict[str, Any]) -> int:
    """The requested state's own period when the directory records one, else 60 days."""
    from .service import authority_dict

    authority = authority_dict(document.get("requested_authority"))
    texts = [authority.get("requirements", ""), authority.get("notes", "")] if authority else []
    for contact in route_for(document.get("requested_state")):
        other = authority_dict(contact["id"])
        if other:
            texts += [other.get("requirements", ""), other.get("notes", "")]
    return recorded_period([str(text or "") for text in texts]) or PRESERVATION_DAYS


def remind_days() -> list[int]:
    try:
        from flask import current_app

        configured = current_app.config.get("MLA_PRESERVATION_REMIND_DAYS")
    except RuntimeError:
        configured = None
    if isinstance(configured, str):
        configured = [int(part) for part in configured.split(",") if part.strip().isdigit()]
    return list(configured or PRESERVATION_REMIND_DAYS)


# -- what a preservation leads to: its expiry, its extension, the MLA request that follows --------


EXPIRY_LABEL = N_("Preservation expires (request #%(request)s, %(days)s days)")


def _add_expiry(request: Any, case: Any, actor: Any, start: date) -> Any:
    from ..cases import service as cases

    days = preservation_days(request.data or {})
    return cases.add_deadline(
        case,
        kind="preservation_expiry",
        due_on=start + timedelta(days=days),
        label=Phrase(EXPIRY_LABEL, request=request.id, days=days),
        remind_days=remind_days(),
        actor=actor,
    )


def _expiry_of(request: Any, case: Any) -> Any:
    """The expiry countdown this request started: found by the label's message id and
    parameters, never by its text (which a user could type)."""
    from sqlalchemy import select

    from ..cases.models import Deadline
    from ..extensions import db

    candidates = db.session.execute(
        select(Deadline).where(
            Deadline.case_id == case.id,
            Deadline.kind == "preservation_expiry",
            Deadline.label_message == EXPIRY_LABEL,
        )
    ).scalars()
    return next(
        (d for d in candidates if str((d.label_params or {}).get("request")) == str(request.id)),
        None,
    )


def open_expiry(request: Any, case: Any, actor: Any, on: date | None = None) -> Any:
    """On submission of a preservation: the case's expiry deadline, and the date by which the
    MLA request is to be sent when one was given. An extension changes nothing yet: the running
    countdown stays until the extension is sent (extend_expiry)."""
    if request.kind != PRESERVATION:
        return None
    from ..cases import service as cases

    details = (request.data or {}).get("preservation") or {}
    if details.get("extension_of"):
        return None
    existing = _expiry_of(request, case)
    if existing is not None:
        return existing  # submitted again after a return: keep the first countdown
    if details.get("mla_expected_by"):
        cases.add_deadline(
            case,
            kind="other",
            due_on=details["mla_expected_by"],
            label=Phrase(
                N_("Send the request for mutual assistance (preservation #%(request)s)"),
                request=request.id,
            ),
            remind_days=remind_days(),
            actor=actor,
        )
    return _add_expiry(request, case, actor, on or cases.today())


def extend_expiry(request: Any, case: Any, actor: Any, on: date | None = None) -> Any:
    """When an extension is sent: the running countdown ends and the extended one starts."""
    details = (request.data or {}).get("preservation") or {}
    if request.kind != PRESERVATION or not details.get("extension_of"):
        return None
    from ..cases import service as cases
    from ..extensions import db

    existing = _expiry_of(request, case)
    if existing is not None:
        return existing
    for deadline in cases.deadlines_of(case):
        if deadline.kind == "preservation_expiry" and not deadline.done:
            deadline.done = True
    db.session.flush()
    return _add_expiry(request, case, actor, on or cases.today())


#: What the follow-up request keeps of the preservation; the rest is written for an MLA request.
CARRIED_OVER = (
    "requesting_state",
    "requested_state",
    "requesting_authority",
    "signatory",
    "language",
    "legal_basis",
    "subject",
    "proceedings",
    "facts",
    "offences",
    "persons",
    "confidential",
)
#: Data category -> the measure that obtains preserved data of that category.
FOLLOW_UP_MEASURE = {
    "subscriber": "subscriber_information",
    "traffic": "disclose_traffic_data",
    "content": "stored_content",
}


#: The sentences written for the follow-up and the extension, in the request's language. They
#: cite the preservation by our reference, never by the tool's internal number.
FOLLOW_UP_DESCRIPTION = (
    N_("Production of the data preserved at our request %(reference)s."),
    N_("Production of the data preserved at our earlier request for expedited preservation."),
)
FOLLOW_UP_PURPOSE = (
    N_(
        "To obtain, as evidence for the proceedings described, the data preserved at our "
        "request %(reference)s."
    ),
    N_(
        "To obtain, as evidence for the proceedings described, the data preserved at our "
        "earlier request for expedited preservation."
    ),
)
EXTENSION_PURPOSE = (
    N_("Extension of the preservation requested in our request %(reference)s."),
    N_("Extension of the preservation requested in our earlier request."),
)


def _citing(sentences: tuple[str, str], preservation: dict[str, Any]) -> str:
    """One of the sentences above in the preservation's language, citing its reference."""
    from .documents import DOCUMENT_LANGUAGES, gettext_for

    language = str(preservation.get("language") or "en")
    gettext = gettext_for(language if language in DOCUMENT_LANGUAGES else "en")
    reference = str(preservation.get("reference") or "").strip()
    if reference:
        return gettext(sentences[0]) % {"reference": reference}
    return gettext(sentences[1])


def _joined(first: str, then: Any) -> str:
    return "\n".join(part for part in (first, str(then or "").strip()) if part)


def follow_up_document(preservation: dict[str, Any], preservation_id: int) -> dict[str, Any]:
    """The MLA request that follows a preservation: same facts, identifiers and provider.

    `preservation_id` is kept for the callers; the text cites the preservation's reference."""
    document: dict[str, Any] = {"kind": "mla"}
    for key in CARRIED_OVER:
        if key in preservation:
            document[key] = copy.deepcopy(preservation[key])
    reference = preservation.get("reference")
    if reference:
        document["reference"] = f"{reference}-MLA"[:500]
    measures = []
    for item in preservation.get("measures") or []:
        if MEASURES.get(str(item.get("type"))) is None or not MEASURES[item["type"]].electronic:
            continue
        details = copy.deepcopy(_details(item))
        categories = categories_of(item)
        target = FOLLOW_UP_MEASURE[categories[-1]] if categories else "subscriber_information"
        if item.get("type") in FOLLOW_UP_MEASURE.values():
            target = item["type"]
        measures.append(
            {
                "type": target,
                "description": _joined(
                    _citing(FOLLOW_UP_DESCRIPTION, preservation), item.get("description")
                ),
                "link_to_facts": item.get("link_to_facts") or "",
                "procedure": item.get("procedure") or "",
                "details": details,
            }
        )
        measures[-1] = {k: v for k, v in measures[-1].items() if v not in ("", None)}
    if measures:
        document["measures"] = measures
    document["purpose"] = _citing(FOLLOW_UP_PURPOSE, preservation)
    return document


def extension_document(preservation: dict[str, Any], preservation_id: int) -> dict[str, Any]:
    """A new preservation request asking that the preservation continue."""
    document = copy.deepcopy(preservation)
    document["preservation"] = {
        **(document.get("preservation") or {}),
        "extension_of": preservation_id,
    }
    document["purpose"] = _joined(
        _citing(EXTENSION_PURPOSE, preservation), preservation.get("purpose")
    )
    return document


# -- registration ---------------------------------------------------------------------------------


def register() -> None:
    """Add the kinds, rules and routing preferences to the engine's tables (idempotent)."""
    from . import service

    register_kind(PRESERVATION_KIND)
    register_kind(EMERGENCY_KIND)
    for rule in EEVIDENCE_RULES:
        if rule.code not in RULES_BY_CODE:
            register_rule(rule)
    for kind in EEVIDENCE_KINDS:
        CENTRAL_FUNCTIONS.setdefault(kind, CENTRAL_MLA)
        ALSO_ACCEPTED_FUNCTIONS[kind] = (CONTACT_24_7,)
        service.PREFERRED_FUNCTIONS[kind] = (CONTACT_24_7, CENTRAL_MLA)
    if open_expiry not in service.SUBMIT_LISTENERS:
        service.SUBMIT_LISTENERS.append(open_expiry)
    if extend_expiry not in service.TRANSMIT_LISTENERS:
        service.TRANSMIT_LISTENERS.append(extend_expiry)


def sample_preservation(**changes: Any) -> dict[str, Any]:
    """A complete preservation request: an IP address, a time, a provider (demo and tests)."""
    document: dict[str, Any] = {
        "kind": PRESERVATION,
        "requesting_state": "FRA",
        "requested_state": "IRL",
        "language": "en",
        "reference": "CYBER-2026-0112",
        "legal_basis": ["BUDAPEST"],
        "requesting_authority": {
            "name": "Cybercrime Unit, Paris Prosecutor's Office",
            "contact_name": "Luc Bernard, Deputy Prosecutor",
            "email": "luc.bernard@justice.example",
            "phone": "+33 1 44 32 00 00",
        },
        "subject": "Investigation of an extortion campaign against hospitals (ransomware).",
        "proceedings": {"authority": "Paris Prosecutor's Office, J3 cyber section"},
        "offences": [
            {
                "name": "Extortion",
                "provision": "Criminal Code, art. 312-1",
                "text": "Extortion is obtaining, by violence or threat, a signature or funds.",
                "max_penalty": "7 years' imprisonment",
            }
        ],
        "facts": (
            "On 20 November 2026 the hospital of Lyon received a ransom demand after its "
            "systems were encrypted. The demand was sent from a webmail account that was "
            "accessed from the IP address below."
        ),
        "measures": [
            {
                "type": "preserve_data",
                "description": "Subscriber and connection data of the account used to send "
                "the ransom demand.",
                "link_to_facts": (
                    "The ransom demand was sent from this account; the logs show the IP "
                    "address used at that time, which identifies the sender."
                ),
                "procedure": "Please do not notify the account holder.",
                "details": {
                    "identifiers": [
                        {
                            "type": "ip",
                            "value": "81.2.69.160",
                            "observed_at": "2026-11-20T14:03:00",
                            "timezone": "Europe/Paris",
                            "port": "51234",
                        },
                        {"type": "email", "value": "payme@Mail.Example.com"},
                    ],
                    "provider": {"name": "Example Mail Ltd", "country": "IRL"},
                    "data_categories": ["subscriber", "traffic"],
                    "date_range": {"from": "2026-11-01", "to": "2026-11-24"},
                },
            }
        ],
        "purpose": (
            "The provider keeps connection logs for a short time only; without preservation "
            "they will be deleted before our request for mutual assistance arrives."
        ),
        "preservation": {"mla_to_follow": True},
        "confidential": {"is_confidential": True, "reason": "The suspects must not be alerted."},
    }
    document.update(copy.deepcopy(changes))
    return document


# -- actions on a submitted preservation (called by the pages) ----------------------------------


def _preservation_in_case(request: Any, actor: Any) -> Any:
    from . import service

    if request.kind != PRESERVATION:
        raise service.RequestError(N_("only a preservation request can be followed up"), status=409)
    if request.case_id is None or request.status in service.EDITABLE_STATUSES:
        raise service.RequestError(
            N_("submit the preservation request first: the follow-up is filed in its case"),
            status=409,
        )
    if not actor.may("request.draft") or not service.can_read(actor, request):
        raise service.RequestError(N_("request not found"), status=404)
    case = service._case_of(request)
    from ..cases.service import can_access

    if case is None or not can_access(actor, case):
        raise service.RequestError(N_("request not found"), status=404)
    return case


def _file_in_case(draft: Any, case: Any, actor: Any, note: str, action: str) -> None:
    from ..audit.service import record as audit_record
    from ..cases import service as cases
    from ..extensions import db

    draft.case_id = case.id
    db.session.flush()
    cases.add_event(case, "note", actor, note=note, details={"request_id": draft.id})
    audit_record(action, "request", draft.id, {"case_id": case.id}, actor=actor)


def follow_up_of(request: Any, kind: str) -> Any:
    """The draft or request already made from this preservation, if any."""
    from sqlalchemy import select

    from ..extensions import db
    from .models import MlaRequest

    return db.session.execute(
        select(MlaRequest)
        .where(MlaRequest.duplicated_from == request.id, MlaRequest.kind == kind)
        .order_by(MlaRequest.id)
        .limit(1)
    ).scalar_one_or_none()


def convert_to_mla(request: Any, actor: Any) -> Any:
    """Turn a submitted preservation into the MLA request that follows it, in the same case.

    Facts, offences, persons, identifiers and provider are carried over; the requested state's
    central authority is proposed. Made once: a second call gives the same draft.
    """
    from . import service

    case = _preservation_in_case(request, actor)
    existing = follow_up_of(request, "mla")
    if existing is not None:
        return existing
    document = follow_up_document(service.document_of(request), request.id)
    central = [
        a
        for a in service.proposed_authorities(document.get("requested_state"), "mla")
        if CENTRAL_MLA in a["functions"]
    ]
    if central:
        document["requested_authority"] = central[0]["id"]
    draft = service.create_request(actor, document, step="requested", duplicated_from=request.id)
    _file_in_case(
        draft,
        case,
        actor,
        Phrase(
            N_("Request for mutual assistance #%(draft)s drafted from preservation #%(request)s."),
            draft=draft.id,
            request=request.id,
        ),
        "request.follow_up",
    )
    return draft


def request_extension(request: Any, actor: Any) -> Any:
    """A new preservation draft asking that the preservation continue, in the same case."""
    from . import service

    case = _preservation_in_case(request, actor)
    document = extension_document(service.document_of(request), request.id)
    draft = service.create_request(actor, document, step="necessity", duplicated_from=request.id)
    _file_in_case(
        draft,
        case,
        actor,
        Phrase(
            N_("Extension of preservation #%(request)s drafted as request #%(draft)s."),
            request=request.id,
            draft=draft.id,
        ),
        "request.extension",
    )
    return draft


def case_panel(case: Any, user: Any, on: date | None = None) -> dict[str, Any] | None:
    """What the case page shows of a preservation: countdown, follow-up, extension."""
    from sqlalchemy import select

    from ..cases import service as cases
    from ..extensions import db
    from .models import MlaRequest

    rows = list(
        db.session.execute(
            select(MlaRequest)
            .where(MlaRequest.case_id == case.id, MlaRequest.kind == PRESERVATION)
            .order_by(MlaRequest.id)
        ).scalars()
    )
    submitted = [row for row in rows if row.status not in ("draft", "returned")]
    if not submitted:
        return None
    on = on or cases.today()
    expiries = [
        d for d in cases.deadlines_of(case) if d.kind == "preservation_expiry" and not d.done
    ]
    expiry = min(expiries, key=lambda d: d.due_on) if expiries else None
    latest = submitted[-1]
    follow_up = follow_up_of(submitted[0], "mla")
    for row in submitted[1:]:
        follow_up = follow_up or follow_up_of(row, "mla")
    return {
        "request_id": latest.id,
        "expires_on": expiry.due_on if expiry else None,
        "days_left": (expiry.due_on - on).days if expiry else None,
        "remind_days": list(expiry.remind_days or []) if expiry else [],
        "follow_up_id": follow_up.id if follow_up else None,
        "extension_draft_id": next(
            (row.id for row in rows if row.status in ("draft", "returned")), None
        ),
        "may_act": bool(user.may("request.draft")),
    }


# -- documents -------------------------------------------------------------------------------------

CATEGORY_LABELS = {code: CATEGORY_THRESHOLDS[code].label for code in DATA_CATEGORIES}
#: The article each instrument gives for these kinds (the MLA article is cited otherwise).
KIND_ARTICLES: dict[str, dict[str, tuple[str, str]]] = {
    PRESERVATION: {
        "BUDAPEST": (N_("Convention on Cybercrime (Budapest)"), "29"),
        "UNCC": (N_("United Nations Convention against Cybercrime"), "42"),
        "UNCCC": (N_("United Nations Convention against Cybercrime"), "42"),
    },
    EMERGENCY: {
        "BUDAPEST": (N_("Convention on Cybercrime (Budapest)"), "25(3), 35"),
        "BUDAPEST_P2": (
            N_("Second Additional Protocol to the Convention on Cybercrime"),
            "9, 10",
        ),
    },
}


def legal_basis_text(data: dict[str, Any], gettext: Any, language: str = "en") -> list[str]:
    """The legal bases cited with the article that covers this kind of request."""
    from .documents import legal_basis_citations

    articles = KIND_ARTICLES.get(str(data.get("kind")), {})
    out = []
    for code in data.get("legal_basis") or []:
        known = articles.get(str(code).upper())
        if known is None:
            out.extend(legal_basis_citations([code], gettext, str(data.get("kind")), language))
        else:
            out.append(
                gettext("%(instrument)s, article %(article)s")
                % {"instrument": gettext(known[0]), "article": known[1]}
            )
    return out


def document_values(data: dict[str, Any], language: str, gettext: Any) -> dict[str, Any]:
    """What the e-evidence templates add to the common document context: the data, as rows."""
    from .documents import _state
    from .identifiers import observed_at_in_utc

    items = []
    for _index, item in enumerate(data.get("measures") or []):
        measure = MEASURES.get(str(item.get("type")))
        if measure is None:
            continue
        details = _details(item)
        rows = []
        for identifier in _identifiers(item):
            result = check_identifier(identifier)
            utc = ""
            if result.observed_at_utc:
                moment = observed_at_in_utc(
                    str(identifier.get("observed_at")), str(identifier.get("timezone") or "UTC")
                )
                utc = moment.strftime("%Y-%m-%d %H:%M:%S UTC")
            rows.append(
                {
                    "type": result.type,
                    "type_label": gettext(IDENTIFIER_TYPE_LABELS.get(result.type, result.type)),
                    "value": result.normalised or result.value,
                    "local": " ".join(
                        str(part)
                        for part in (identifier.get("observed_at"), identifier.get("timezone"))
                        if part
                    ),
                    "utc": utc,
                    "platform": identifier.get("platform") or "",
                }
            )
        provider = details.get("provider") or {}
        period = details.get("date_range") or {}
        items.append(
            {
                "label": gettext(measure.label),
                "reference": measure.reference,
                "description": item.get("description") or "",
                "link_to_facts": item.get("link_to_facts") or "",
                "procedure": item.get("procedure") or "",
                "identifiers": rows,
                "provider": provider.get("name") or "",
                "provider_country": _state(provider.get("country"), language),
                "categories": [gettext(CATEGORY_LABELS[c]) for c in categories_of(item)],
                "period_from": period.get("from") or "",
                "period_to": period.get("to") or "",
            }
        )
    preservation = data.get("preservation") or {}
    return {
        "legal_basis": legal_basis_text(data, gettext, language),
        "kind_code": data.get("kind"),
        "is_emergency": data.get("kind") == EMERGENCY,
        "eevidence_items": items,
        "mla_to_follow": bool(preservation.get("mla_to_follow")),
        "mla_expected_by": preservation.get("mla_expected_by") or "",
        "extension_of": preservation.get("extension_of"),
        "preservation_days": PRESERVATION_DAYS,
    }


def render_form_html(
    request_id: int | None, data: dict[str, Any], language: str, draft: bool = True
) -> str:
    """The compact one-page form for a 24/7 contact point (same context as the full request)."""
    from . import documents

    context = documents.document_context(request_id, data, language, draft=draft)
    return documents.environment(language).get_template("eevidence_form.html").render(**context)


def render_form_pdf(
    request_id: int | None, data: dict[str, Any], language: str, draft: bool = True
) -> bytes:
    from . import documents

    return documents.html_to_pdf(render_form_html(request_id, data, language, draft))
