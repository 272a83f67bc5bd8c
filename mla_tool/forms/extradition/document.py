"""The extradition document's template values: labels, persons, offences, annex, time limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..cited_articles import cited_articles, label_citing
from ..cited_bases import cited_bases
from ..code_labels import language_label
from ..documents import _date, _label, _state, legal_basis_citations
from ..refusal_answers import IN_ABSENTIA_GROUNDS
from .choices import (
    ASSURANCE_TYPES,
    CHANNELS,
    DOCUMENT_STATUSES,
    DOCUMENT_TYPES,
    OFFENCE_NATURES,
    SOUGHT_ROLES,
)
from .refusal_grounds import REFUSAL_GROUNDS
from .time_limit import provisional_time_limit


def refusal_answers(
    extradition: dict[str, Any], gettext: Callable[[str], str]
) -> list[dict[str, str]]:
    """The grounds of refusal the request answers, in the table's order: label, fact, text."""
    answers = extradition.get("refusal_answers") or {}
    out = []
    for ground in REFUSAL_GROUNDS:
        if ground.code == "in_absentia":
            fact = answers.get("in_absentia_ground")
            text = answers.get("in_absentia_facts") or ""
            if fact or text:
                label = _label(IN_ABSENTIA_GROUNDS, fact, gettext) if fact else ""
                out.append({"label": gettext(ground.label), "fact": label, "text": text})
        elif answers.get(ground.code):
            out.append({"label": gettext(ground.label), "fact": "", "text": answers[ground.code]})
    return out


def document_extras(
    data: dict[str, Any], language: str, gettext: Callable[[str], str]
) -> dict[str, Any]:
    """Template values of the extradition document: labels, annex list, time limit."""
    limit = provisional_time_limit(data)
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
    cited = cited_bases(data)
    articles = cited_articles(cited)
    citations = legal_basis_citations(cited, gettext, str(data.get("kind")), language)
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
                "label": label_citing(item.get("type"), articles, gettext)
                or _label(ASSURANCE_TYPES, item.get("type"), gettext),
                "text": item.get("text") or "",
            }
            for item in data.get("assurances") or []
        ],
        "supporting_documents": annex,
        "extradition": extradition,
        "channel_label": _label(CHANNELS, extradition.get("channel"), gettext)
        if extradition.get("channel")
        else "",
        "refusal_answers": refusal_answers(extradition, gettext),
        "time_limit_days": limit.days,
        "time_limit_source": gettext(limit.source),
    }
