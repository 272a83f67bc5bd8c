"""The acknowledgement of receipt of an incoming request, modelled on Annex B of Directive
2014/41/EU (the EIO's acknowledgement): the request concerned, the authority that received it with
its contact and reference, signature and date; printed in the requesting state's language."""

from __future__ import annotations

import re
from typing import Any

from babel.languages import get_official_languages
from flask import Response
from sqlalchemy import select

from .. import clock
from ..audit.service import record as audit_record
from ..auth.models import User
from ..cases.authority import holding_authority
from ..cases.models import Case
from ..cldr_names import language_name
from ..directory.states import state_by_iso3
from ..extensions import db
from ..i18n import text_direction
from .directory_facts import accepted_languages, authority_dict
from .document_docx import docx_response
from .document_fetch import DOCUMENT_ORIGIN, for_browser
from .document_languages import language_choices
from .document_pages import html_to_pdf
from .document_values import date_text, state_text
from .documents import DOCUMENT_LANGUAGES, PAGE_OF_PAGES, environment, gettext_for
from .models import MlaRequest

TEMPLATE = "acknowledgement_letter.html"
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
FORMATS = ("pdf", "docx", "html")


def _received_request(case: Case) -> MlaRequest | None:
    """The request received in the case (from the secure exchange or registered), if any."""
    return db.session.execute(
        select(MlaRequest).where(MlaRequest.case_id == case.id).order_by(MlaRequest.id).limit(1)
    ).scalar_one_or_none()


def official_languages(iso3: str | None) -> list[str]:
    """The state's official languages as CLDR records them (de facto ones included)."""
    state = state_by_iso3(iso3)
    return list(get_official_languages(state.iso2, de_facto=True)) if state and state.iso2 else []


def requesting_languages(case: Case) -> list[str]:
    """The languages of the requesting state: its received request's, then what the directory
    says it accepts, then its official languages."""
    received = _received_request(case)
    first = [received.language] if received is not None and received.language else []
    accepted = accepted_languages(case.counterpart_state, None, case.kind) or []
    return list(dict.fromkeys(first + accepted + official_languages(case.counterpart_state)))


def letter_language(case: Case) -> str:
    """The requesting state's language where documents print in it, else English."""
    return next((c for c in requesting_languages(case) if c in DOCUMENT_LANGUAGES), "en")


def letter_languages(case: Case) -> list[tuple[str, str]]:
    """Every document language, the requesting state's first (marked)."""
    return language_choices(requesting_languages(case))


def _authority_name(authority: dict[str, Any] | None, language: str) -> str:
    """The authority's name for a letter in `language`: its Arabic or English name for those,
    else its own name unless that is written in Arabic script (then the English one)."""
    if not authority:
        return ""
    own = str(authority.get("name") or "")
    if language in ("ar", "en"):
        return str(authority.get(f"name_{language}") or own or authority.get("name_en") or "")
    if ARABIC_SCRIPT.search(own) and authority.get("name_en"):
        return str(authority["name_en"])
    return own or str(authority.get("name_en") or "")


def letter_context(case: Case, actor: User, language: str) -> dict[str, Any]:
    """What the letter prints, as plain data."""
    received = _received_request(case)
    data = dict(received.data or {}) if received is not None else {}
    requesting = dict(data.get("requesting_authority") or {})
    country, authority_id = holding_authority(case)
    ours = authority_dict(authority_id) or {}
    contact = db.session.get(User, case.assigned_to) if case.assigned_to else None
    contact = contact or actor
    received_on = getattr(case, "started_on", None) or case.created_at.date()
    our_reference = f"#{case.id}"
    return {
        "language": language,
        "direction": text_direction(language),
        "origin": DOCUMENT_ORIGIN,
        "draft": False,
        # the running head: from this authority (the executing one) to the requesting one
        "requesting_authority": {"name": _authority_name(ours, language)},
        "requesting_state": state_text(country, language),
        "authority_name": requesting.get("name") or "",
        "requested_state": state_text(case.counterpart_state, language),
        "reference": our_reference,
        "proceedings": {"case_number": case.reference or ""},
        "confidential": {"is_confidential": bool(case.confidential)},
        "request": {
            "authority": requesting.get("name") or "",
            "state": state_text(case.counterpart_state, language),
            "reference": case.reference or data.get("reference") or "",
            "date": date_text(data.get("date") or data.get("signed_on"), language),
            "received_on": date_text(received_on.isoformat(), language),
        },
        "executing": {
            "name": _authority_name(ours, language),
            "state": state_text(country, language),
            "address": ours.get("address") or "",
            "phone": ours.get("phone") or "",
            "email": ours.get("email") or "",
            "contact": (contact.display_name or contact.email) if contact else "",
            "contact_email": contact.email if contact else "",
            "reference": our_reference,
            "languages": list(ours.get("languages") or []),
        },
        "signatory": (actor.display_name or actor.email),
        "today": date_text(clock.today().isoformat(), language),
    }


def render_letter_html(context: dict[str, Any], language: str) -> str:
    return environment(language).get_template(TEMPLATE).render(**context)


def letter_response(case: Case, language: str, fmt: str, user: User) -> Response:
    """The letter as a download (PDF, Word) or a preview; its audit entry is committed before the
    rendering, which then holds no transaction."""
    context = letter_context(case, user, language)
    context["language_names"] = [
        language_name(code, language) for code in context["executing"]["languages"]
    ]
    audit_record(
        "case.acknowledgement_letter",
        "case",
        case.id,
        {"format": fmt, "lang": language},
        actor=user,
    )
    db.session.commit()
    html = render_letter_html(context, language)
    filename = f"case-{case.id}-acknowledgement-{language}"
    if fmt == "html":
        return Response(for_browser(html), mimetype="text/html")
    if fmt == "docx":
        return docx_response(html, gettext_for(language)(PAGE_OF_PAGES), filename)
    response = Response(html_to_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def acknowledgement_letter_panel(case: Case) -> dict[str, Any] | None:
    """The case page's box for an incoming case: the languages, the requesting state's first."""
    if case.direction != "incoming":
        return None
    return {"languages": letter_languages(case), "default": letter_language(case)}
