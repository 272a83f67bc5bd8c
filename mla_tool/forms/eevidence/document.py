"""What e-evidence documents show: the data as rows, the article cited, the one-page 24/7 form."""

from __future__ import annotations

from typing import Any

from .. import documents
from ..cited_bases import cited_bases, cited_reference
from ..documents import _state, legal_basis_citations
from ..fieldspec import IDENTIFIER_TYPE_LABELS, N_
from ..identifiers import check_identifier, observed_at_in_utc
from ..measures import MEASURES
from .categories import CATEGORY_LABELS, categories_of, details_of, identifiers_of
from .codes import EMERGENCY, PRESERVATION, PRESERVATION_DAYS

#: The article each instrument gives for these kinds (the MLA article is cited otherwise).
KIND_ARTICLES: dict[str, dict[str, tuple[str, str]]] = {
    PRESERVATION: {
        "BUDAPEST": (N_("Convention on Cybercrime (Budapest)"), "29"),
        "UNCC": (N_("United Nations Convention against Cybercrime"), "42"),
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
    articles = KIND_ARTICLES.get(str(data.get("kind")), {})
    out = []
    for code in cited_bases(data):
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
    cited = {code.upper() for code in cited_bases(data)}
    items = []
    for item in data.get("measures") or []:
        measure = MEASURES.get(str(item.get("type")))
        if measure is None:
            continue
        details = details_of(item)
        rows = []
        for identifier in identifiers_of(item):
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
                "reference": cited_reference(measure.reference, cited),
                "description": item.get("description") or "",
                "link_to_facts": item.get("link_to_facts") or "",
                "procedure": item.get("procedure") or "",
                "identifiers": rows,
                "provider": provider.get("name") or "",
                "provider_country": _state(provider.get("country"), language),
                "system_location": details.get("system_location") or "",
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
    context = documents.document_context(request_id, data, language, draft=draft)
    return documents.environment(language).get_template("eevidence_form.html").render(**context)


def render_form_pdf(
    request_id: int | None, data: dict[str, Any], language: str, draft: bool = True
) -> bytes:
    """The one-page form as PDF."""
    return documents.html_to_pdf(render_form_html(request_id, data, language, draft))
