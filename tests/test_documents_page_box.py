"""Every word of every printed document lies inside the page box less its margins, in every
document language, with realistic long values (names, e-mails, URLs, IBANs). Positions are read
back with `pdftotext -bbox`."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from mla_tool.forms import documents
from mla_tool.forms.eevidence.document import render_form_pdf
from tests.document_pdf import (
    DOCUMENT_MARGINS,
    FORM_MARGINS,
    Margins,
    RunningText,
    outside,
    words_of,
)
from tests.document_samples import FORM_KINDS, samples_by_kind
from tests.factories.authorities import make_authority
from tests.factories.eevidence_documents import emergency

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast

LANGUAGES = ("en", "fr", "es", "ar")
LONG_NAME = "Maximiliane-Konstanze Schwarzenberg-Hohenlohe-Waldburg-Zeil von Trauchburg"
LONG_AUTHORITY = (
    "Generalstaatsanwaltschaft Frankfurt am Main, Zentralstelle zur Bekämpfung der "
    "Internetkriminalität (ZIT), Abteilung für internationale Rechtshilfe"
)
LONG_EMAIL = (
    "maximiliane.schwarzenberg-hohenlohe.internationalerechtshilfe@gsta-frankfurt.justiz.example"
)
LONG_URL = "https://evidence-portal.justice.example/cases/2026/ZIT-0042/exhibits/ransomware-negotiation-transcript-complete-with-attachments.pdf"
IBAN = "DE89370400440532013000DE89370400440532013000"
LONG_REFERENCE = "GStA-FFM-ZIT-2026-000123456/INTL-RECHTSHILFE-EILT-0099887766"
#: A transaction hash: no hyphen, no slash, nowhere to break but anywhere.
TX_HASH = "0x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a089f86d081884c7d65"
LONG_TOKEN = "Ransomware-Verhandlungsprotokoll-Beweismittelverzeichnis-Anlagenkonvolut-2026"


def with_long_values(document: dict[str, Any]) -> dict[str, Any]:
    """The document with long unbreakable tokens wherever a user types them."""
    data = copy.deepcopy(document)
    data["reference"] = LONG_REFERENCE
    authority = data.setdefault("requesting_authority", {})
    authority.update(
        name=LONG_AUTHORITY,
        contact_name=LONG_NAME,
        email=LONG_EMAIL,
        phone="+49 69 1367 0000 / +49 69 1367 2345",
        address=f"Zeil 42\n60313 Frankfurt am Main\n{LONG_URL}",
    )
    data["signatory"] = {"name": LONG_NAME, "title": "Oberstaatsanwältin"}
    data["facts"] = (
        f"{data.get('facts') or ''}\n{LONG_URL}\n{IBAN} {LONG_TOKEN} {LONG_EMAIL} {TX_HASH}"
    )
    data["subject"] = f"{data.get('subject') or ''} {LONG_TOKEN}"
    data["purpose"] = f"{data.get('purpose') or ''} {LONG_URL}"
    for offence in data.get("offences") or []:
        offence["provision"] = f"{offence.get('provision') or ''} {LONG_TOKEN}"
    for person in data.get("persons") or []:
        person["name"] = LONG_NAME
        person["address"] = f"{LONG_TOKEN} {LONG_URL}"
        person["id_documents"] = f"{IBAN} {TX_HASH}"
    for measure in data.get("measures") or []:
        measure["description"] = f"{measure.get('description') or ''} {LONG_URL} {IBAN}"
        details = measure.setdefault("details", {})
        if "account" in details or measure.get("type") == "records":
            details["account"] = f"{IBAN} {TX_HASH}"
        if isinstance(details.get("identifiers"), list):
            details["identifiers"].append(
                {
                    "type": "email",
                    "value": LONG_EMAIL,
                    "observed_at": "2026-11-20T14:03:00",
                    "timezone": "Europe/Paris",
                }
            )
            details["identifiers"].append(
                {
                    "type": "account",
                    "value": TX_HASH,
                    "observed_at": "2026-11-20T14:04:00",
                    "timezone": "Europe/Paris",
                }
            )
            details["identifiers"].append(
                {
                    "type": "url",
                    "value": LONG_URL,
                    "observed_at": "2026-11-20T14:05:00",
                    "timezone": "Europe/Paris",
                }
            )
        if isinstance(details.get("provider"), dict):
            details["provider"]["name"] = f"{LONG_TOKEN} Cloud Services Ireland Limited"
    return data


def addressee(kind: str) -> int:
    if kind in ("extradition", "provisional_arrest"):
        return make_authority(functions=["central_authority_extradition"])
    if kind in ("preservation", "emergency_disclosure", "extension"):
        return make_authority("IRL", ["cybercrime_24_7"], languages=["en"])
    return make_authority()


SAMPLES = samples_by_kind(emergency)


def rendered(kind: str, language: str) -> tuple[dict[str, Any], list[tuple[str, bytes, Margins]]]:
    data = with_long_values(SAMPLES[kind](addressee(kind)))
    data["language"] = language
    out = [("document", documents.render_pdf(None, data, language), DOCUMENT_MARGINS)]
    if kind in FORM_KINDS:
        out.append(("form", render_form_pdf(None, data, language), FORM_MARGINS))
    return data, out


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_word_lies_inside_the_page_less_its_margins(kind: str, tmp_path: Path) -> None:
    for language in LANGUAGES:
        data, documents_printed = rendered(kind, language)
        for name, pdf, margins in documents_printed:
            sizes, words = words_of(pdf, tmp_path)
            assert len(words) > 100, (kind, name, language)
            if name == "form":
                assert len(sizes) == 1, (kind, language, "the 24/7 form is one page")
            # the running head and foot print in the margins: only their sides are checked
            running = RunningText(data, language, len(sizes))
            beyond = outside(sizes, words, margins, running)
            assert not beyond, (kind, name, language, len(beyond), beyond[:8])
