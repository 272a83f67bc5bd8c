"""The review sheet: the completeness checklist of a request, as its own internal document.

The checklist (score and findings of the completeness rules) is for the author and the reviewer
only; it is never part of the request document that goes abroad. It is printed, marked INTERNAL
on every page, with the same template machinery, fetcher and render lock as the request.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from ..audit.service import record as audit_record
from ..extensions import db
from .checking import evaluate_document
from .cited_articles import reference_by_basis
from .cited_bases import cited_bases
from .document_fetch import for_browser
from .document_pages import html_to_pdf
from .documents import document_context, environment, gettext_for
from .models import MlaRequest
from .request_document import document_of

TEMPLATE = "review_sheet.html"


def review_sheet_context(
    request_id: int | None, data: dict[str, Any], language: str, status: str = "draft"
) -> dict[str, Any]:
    """The findings of the completeness rules, with what identifies the request (the running
    head of the base template names both authorities, as on the request itself)."""
    gettext = gettext_for(language)
    result = evaluate_document(data, gettext)
    context = document_context(request_id, data, language, draft=False)
    bases = cited_bases(data)
    findings = []
    for finding in result.findings:
        shown = finding.as_dict()
        # the article of the instrument the request rests on (UNCAC 46(15), not UNTOC
        # 18(15); no Budapest article for a preservation under reciprocity)
        shown["reference"] = reference_by_basis(str(shown.get("reference") or ""), bases)
        findings.append(shown)
    return {**context, "status": status, "score": result.score, "findings": findings}


def render_review_sheet_html(context: dict[str, Any], language: str) -> str:
    return environment(language).get_template(TEMPLATE).render(**context)


def review_sheet_response(request: MlaRequest, language: str, fmt: str, user: Any) -> Response:
    """The review sheet as a response; like the document, its audit entry is committed before
    the rendering so that the rendering holds no transaction."""
    request_id = request.id
    audit_record(
        "request.review_sheet",
        "request",
        request_id,
        {"format": fmt, "lang": language, "version": request.version},
        actor=user,
    )
    context = review_sheet_context(request_id, document_of(request), language, request.status)
    db.session.commit()  # everything the sheet needs is read: end the transaction
    html = render_review_sheet_html(context, language)
    if fmt == "html":
        return Response(for_browser(html), mimetype="text/html")
    response = Response(html_to_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="request-{request_id}-review-sheet-{language}.pdf"'
    )
    return response
