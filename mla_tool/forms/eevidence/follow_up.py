"""The documents a preservation leads to: the MLA request that follows it, and its extension."""

from __future__ import annotations

import copy
from typing import Any

from ..documents import DOCUMENT_LANGUAGES, gettext_for
from ..fieldspec import N_
from ..measures import MEASURES
from .categories import categories_of, details_of

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
        details = copy.deepcopy(details_of(item))
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
