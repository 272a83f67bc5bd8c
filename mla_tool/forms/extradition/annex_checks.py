"""Checks of the supporting documents: which are needed, to follow, translated, certified."""

from __future__ import annotations

import re

from ..code_labels import LanguageNames
from ..rules import Label, Miss, RuleContext
from .checks import for_enforcement, for_prosecution
from .choices import DOCUMENT_LABELS

CERTIFICATION_WORDS = re.compile(
    r"certif|authenticat|apostil|legali[sz]|notari|توثيق|تصديق|مصدق|موثق|légalis|copie conforme",
    re.IGNORECASE,
)
CERTIFIED_TYPES = ("warrant", "judgment", "law_text")


def certification_requirement(requirements: list[str]) -> str | None:
    """The directory line asking for certified or authenticated documents, if any."""
    return next((line for line in requirements if CERTIFICATION_WORDS.search(line)), None)


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
            {"number": index + 1, "languages": LanguageNames(accepted)},
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
