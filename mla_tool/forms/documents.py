"""The request as a formal document: one Jinja template gives the HTML preview and the PDF.

Boilerplate is translated through the Babel domain `documents`; user text is shown as typed.
WeasyPrint fetches nothing but the application's own static files (document_fetch.py); the
PDF is laid out and numbered by document_pages.py.
"""

from __future__ import annotations

import re
import threading
from functools import cache, partial
from typing import Any

from babel.support import NullTranslations, Translations
from flask import Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import clock
from ..audit.service import record as audit_record
from ..extensions import db
from ..i18n import label_colon, text_direction
from ..resources import PACKAGE_DIR, resource_dir
from .citations import INSTRUMENT_CITATIONS as INSTRUMENT_CITATIONS  # extradition reads it here
from .citations import article_numbers as article_numbers  # the tests read it here
from .citations import legal_basis_citations
from .cited_articles import cited_articles
from .cited_bases import cited_bases
from .code_labels import choice_label, list_comma, list_semicolon
from .compliance_document import compliance_values
from .directory_facts import authority_dict
from .document_cache import DocumentKey, rendered_once
from .document_docx import docx_response
from .document_fetch import DOCUMENT_ORIGIN, for_browser
from .document_fetch import STATIC_DIR as STATIC_DIR  # the benchmark reads it here
from .document_pages import html_to_pdf, page_numbering_css
from .document_values import Printing, printed_value
from .document_values import date_text as _date  # the extradition document reads it here
from .document_values import state_text as _state  # the e-evidence documents read it here
from .fieldspec import N_, get_path, is_filled
from .kinds import PERSON_ROLES, PROCEEDING_STAGES, request_kind
from .measures import MEASURES
from .models import MlaRequest
from .request_document import document_of
from .schemas import DocumentLanguage
from .statement_document import statement_values
from .translations.substitute import translated_document
from .typed_text import install_typed_text_filters

DOCUMENT_LANGUAGES: tuple[str, ...] = DocumentLanguage.__args__  # type: ignore[attr-defined]
DOMAIN = "documents"
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"

# -- translations and templates -------------------------------------------------------------------


@cache
def translations(language: str) -> NullTranslations:
    if language == "en":
        return NullTranslations()
    loaded = Translations.load(str(TRANSLATIONS_DIR), [language], domain=DOMAIN)
    return loaded


_environments: dict[str, Environment] = {}
_lock = threading.Lock()


#: Bidirectional overrides (LRE, RLE, PDF, LRO, RLO): typed into a request, they can make
#: "IBAN 1234" print as "4321 NABI". Isolates and marks (LRM, RLM, FSI…) stay: they only
#: order neutral characters, they cannot reverse letters or digits.
BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")


def without_overrides(value: Any) -> Any:
    """Every value a document prints, with bidi overrides removed (Jinja `finalize`).

    Markup stays markup: re.sub returns a plain str, which autoescaping would escape a second
    time (a translated "l'Etat" printed as "l&#39;Etat"); removing these characters from markup
    cannot create a tag."""
    if isinstance(value, Markup):
        return Markup(BIDI_OVERRIDES.sub("", value))  # noqa: S704 (already markup)
    return BIDI_OVERRIDES.sub("", value) if isinstance(value, str) else value


#: The running foot's middle: "page x of y" in the document's language (_base.html).
PAGE_OF_PAGES = N_("Page %(page)s of %(pages)s")


def environment(language: str) -> Environment:
    """One Jinja environment per document language, its gettext bound to the documents domain."""
    with _lock:
        env = _environments.get(language)
        if env is None:
            env = Environment(
                loader=FileSystemLoader(str(resource_dir("templates") / "documents")),
                autoescape=select_autoescape(default=True, default_for_string=True),
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
                finalize=without_overrides,
            )
            env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
            install_typed_text_filters(env)
            env.globals["page_numbering_css"] = partial(
                page_numbering_css, gettext_for(language)(PAGE_OF_PAGES)
            )
            # the language's punctuation, once for every template of the language
            env.globals["comma"] = list_comma(language)
            env.globals["semicolon"] = list_semicolon(language)
            env.globals["colon"] = label_colon(language)
            _environments[language] = env
        return env


def gettext_for(language: str) -> Any:
    return translations(language).gettext


# -- the document as plain data -------------------------------------------------------------------


def _label(choices: tuple[tuple[str, str], ...], value: Any, gettext: Any) -> str:
    return choice_label(choices, value, gettext)


def _detail_rows(
    measure: dict[str, Any], gettext: Any, language: str, articles: dict[str, str]
) -> list[dict[str, str]]:
    spec_type = MEASURES.get(str(measure.get("type")))
    details = measure.get("details") or {}
    rows: list[dict[str, str]] = []
    if spec_type is None:
        return rows
    out = Printing(gettext, language, articles)
    for spec in spec_type.fields:
        value = details.get(spec.name)
        if not is_filled(value) and value is not False:
            continue
        rows.append({"label": gettext(spec.label), "value": printed_value(spec, value, out)})
    return rows


def _authority_name(authority: dict[str, Any] | None, language: str) -> str:
    if not authority:
        return ""
    if language == "ar" and authority.get("name_ar"):
        return str(authority["name_ar"])
    if language == "en" and authority.get("name_en"):
        return str(authority["name_en"])
    return str(authority.get("name") or authority.get("name_en") or "")


def document_context(
    request_id: int | None, data: dict[str, Any], language: str, draft: bool = True
) -> dict[str, Any]:
    """Everything the template needs, as plain dicts and strings.

    `draft`: the request is not approved, so every page says so. The completeness findings are
    never part of it: they print on the internal review sheet (review_sheet.py)."""
    gettext = gettext_for(language)
    data = translated_document(request_id, data, language, gettext)
    kind = request_kind(data.get("kind"))
    authority = authority_dict(data.get("requested_authority"))
    cited = cited_bases(data)
    articles = cited_articles(cited)
    measures = []
    for number, item in enumerate(data.get("measures") or [], start=1):
        measure_def = MEASURES.get(str(item.get("type")))
        measures.append(
            {
                "number": number,
                "label": gettext(measure_def.label) if measure_def else str(item.get("type")),
                "reference": measure_def.reference if measure_def else "",
                "description": item.get("description") or "",
                "link_to_facts": item.get("link_to_facts") or "",
                "procedure": item.get("procedure") or "",
                "details": _detail_rows(item, gettext, language, articles),
            }
        )
    persons = [
        {
            **person,
            "role_label": _label(PERSON_ROLES, person.get("role"), gettext),
            "nationality_name": _state(person.get("nationality"), language),
            "birth_date_text": _date(person.get("birth_date"), language),
        }
        for person in data.get("persons") or []
    ]
    proceedings = dict(data.get("proceedings") or {})
    proceedings["stage_label"] = _label(PROCEEDING_STAGES, proceedings.get("stage"), gettext)
    urgent = dict(data.get("urgent") or {})
    urgent["respond_by_text"] = _date(urgent.get("respond_by"), language)
    context: dict[str, Any] = {
        "id": request_id,
        "language": language,
        "direction": text_direction(language),
        "origin": DOCUMENT_ORIGIN,
        "title": gettext(kind.title),
        "today": _date(clock.today().isoformat(), language),
        "reference": data.get("reference") or "",
        "requesting_state": _state(data.get("requesting_state"), language),
        "requested_state": _state(data.get("requested_state"), language),
        "requesting_authority": dict(data.get("requesting_authority") or {}),
        "authority": authority,
        "authority_name": _authority_name(authority, language),
        "legal_basis": legal_basis_citations(
            cited, gettext, str(data.get("kind") or "mla"), language
        ),
        "cited_codes": {code.upper() for code in cited},
        "articles": articles,
        "subject": data.get("subject") or "",
        "proceedings": proceedings,
        "offences": list(data.get("offences") or []),
        "facts": data.get("facts") or "",
        "persons": persons,
        "measures": measures,
        "procedures": data.get("procedures") or "",
        "purpose": data.get("purpose") or "",
        "urgent": urgent,
        "confidential": dict(data.get("confidential") or {}),
        "signatory": dict(data.get("signatory") or {}),
        "annexes": list(data.get("annexes") or []),
        "draft": draft,
        "value": lambda path: get_path(data, path),
    }
    context.update(compliance_values(data, language, gettext))
    context.update(statement_values(data, language, gettext))
    if kind.document_context is not None:
        context.update(kind.document_context(data, language, gettext))
    return context


#: Request statuses whose document may be sent: it carries no draft marking. Every other status
#: (draft, submitted, returned, withdrawn) prints DRAFT on every page and in the PDF metadata.
FINAL_STATUSES = frozenset({"approved", "transmitted"})


def is_draft(status: str | None) -> bool:
    """Whether a request in this status prints as a draft."""
    return status not in FINAL_STATUSES


def render_html(
    request_id: int | None, data: dict[str, Any], language: str, draft: bool = True
) -> str:
    context = document_context(request_id, data, language, draft=draft)
    return html_from_context(data, context, language)


def html_from_context(data: dict[str, Any], context: dict[str, Any], language: str) -> str:
    """The document's HTML from a context already read: touches no database."""
    template = request_kind(data.get("kind")).document_template
    return environment(language).get_template(template).render(**context)


def render_pdf(
    request_id: int | None, data: dict[str, Any], language: str, draft: bool = True
) -> bytes:
    return html_to_pdf(render_html(request_id, data, language, draft))


def document_response(request: MlaRequest, language: str, fmt: str, user: Any) -> Response:
    """The document as a response; commits its audit entry before rendering, so that the
    rendering (seconds of CPU for a PDF) holds no transaction and blocks no other writer."""
    request_id = request.id
    data = document_of(request)
    audit_record(
        "request.document",
        "request",
        request_id,
        {"format": fmt, "lang": language, "version": request.version},
        actor=user,
    )
    draft = is_draft(request.status)
    version = request.version
    context = document_context(request_id, data, language, draft=draft)
    db.session.commit()  # everything the document needs is read: end the transaction
    html = html_from_context(data, context, language)
    if fmt == "html":
        return Response(for_browser(html), mimetype="text/html")
    if fmt == "docx":
        page_of_pages = gettext_for(language)(PAGE_OF_PAGES)
        return docx_response(html, page_of_pages, f"request-{request_id}-{language}")
    key = DocumentKey(request_id, version, language, fmt, draft, html)
    response = Response(
        rendered_once(key, lambda page: html_to_pdf(page)), mimetype="application/pdf"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="request-{request_id}-{language}.pdf"'
    )
    return response
