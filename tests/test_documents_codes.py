"""No raw code and no machine English in a printed request: every value of a code list prints as
its label in the document's language, sentences the tool writes are in that language, and the
tool's internal request numbers never print. Each kind is rendered in French and Arabic with every
code-list field filled, then read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mla_tool.forms import documents, kinds, measures
from mla_tool.forms.eevidence.document import render_form_pdf
from mla_tool.forms.eevidence.follow_up import (
    EXTENSION_PURPOSE,
    FOLLOW_UP_DESCRIPTION,
    FOLLOW_UP_PURPOSE,
    extension_document,
    follow_up_document,
)
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.extradition import choices as extradition_choices
from mla_tool.forms.extradition.provisional_checks import ChannelNames
from mla_tool.forms.fieldspec import DATA_CATEGORIES, IDENTIFIER_TYPE_LABELS
from mla_tool.forms.review_sheet import review_sheet_context
from mla_tool.forms.samples import complete_request, extradition_request
from tests.factories.authorities import make_authority
from tests.factories.extradition_requests import provisional_request

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast

#: The internal number given to the preservation a follow-up or an extension is drafted from.
PRESERVATION_ID = 4817
REFERENCE = "CYBER-2026-0112"

CODE_LISTS: tuple[tuple[tuple[str, str], ...], ...] = (
    kinds.PROCEEDING_STAGES,
    kinds.PERSON_ROLES,
    measures.ATTENDANCE,
    measures.RECORD_TYPES,
    extradition_choices.EXTRADITION_STAGES,
    extradition_choices.SOUGHT_ROLES,
    extradition_choices.OFFENCE_NATURES,
    extradition_choices.ASSURANCE_TYPES,
    extradition_choices.DOCUMENT_TYPES,
    extradition_choices.DOCUMENT_STATUSES,
    extradition_choices.CHANNELS,
    tuple(IDENTIFIER_TYPE_LABELS.items()),
    tuple((code, code) for code in DATA_CATEGORIES),
    tuple((code, measure.label) for code, measure in measures.MEASURES.items()),
    tuple((code, kind.title) for code, kind in kinds.KINDS.items()),
)
#: Codes that are ordinary words of the document's language: they may print as words.
WORDS_OF = {
    "fr": {"extradition", "identification", "certification", "suspect", "fiscal", "direct", "en"},
    "ar": set(),
}
#: ISO codes the sample data uses: states print by name, languages by name.
OTHER_CODES = ("FRA", "IRL", "ARE", "USA", "en")


def codes_for(language: str) -> set[str]:
    """Every code of every code list, less those equal to their English label ("url" / "URL")
    and those that are words of the language."""
    codes = {
        code
        for table in CODE_LISTS
        for code, label in table
        if code.casefold() != str(label).casefold()
    }
    codes.update(DATA_CATEGORIES)  # their choices are labelled by their code in the table
    codes.update(OTHER_CODES)
    return codes - WORDS_OF[language]


#: Keys whose values are codes, dates or identifiers, never free text.
CODED_KEYS = {
    "kind",
    "type",
    "role",
    "stage",
    "nature",
    "status",
    "channel",
    "language",
    "requesting_state",
    "requested_state",
    "nationality",
    "other_nationality",
    "country",
    "legal_basis",
    "record_type",
    "attendance",
    "data_categories",
    "identifiers",
    "requested_authority",
    "value",
    "observed_at",
    "timezone",
}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def neutral(data: Any, text: str, key: str = "") -> Any:
    """The document with every free text replaced by a text in the document's language (the
    samples are written in English, whose words would hide or fake a code)."""
    if key in CODED_KEYS:
        return data
    if isinstance(data, dict):
        return {k: neutral(v, text, k) for k, v in data.items()}
    if isinstance(data, list):
        return [neutral(item, text, key) for item in data]
    if isinstance(data, str) and data and not DATE.match(data) and key != "reference":
        return text
    return data


def identifiers() -> list[dict[str, str]]:
    values = {
        "ip": "81.2.69.160",
        "email": "payme@mail.example.com",
        "phone": "+353 1 234 5678",
        "account": "@payme_2026",
        "url": "https://mail.example.com/inbox/77",
        "domain": "mail.example.com",
        "device": "IMEI 490154203237518",
    }
    return [
        {"type": code, "value": value, "observed_at": "2026-11-20T14:03:00", "timezone": "UTC"}
        for code, value in values.items()
    ]


def electronic(kind: str) -> dict[str, Any]:
    return {
        "type": kind,
        "description": "x",
        "link_to_facts": "x",
        "details": {
            "identifiers": identifiers(),
            "provider": {"name": "x", "country": "USA"},
            "data_categories": list(DATA_CATEGORIES),
            "date_range": {"from": "2026-11-01", "to": "2026-11-24"},
        },
    }


def mla(authority: int) -> dict[str, Any]:
    data = complete_request("en", requested_authority=authority)
    data["measures"].append(electronic("stored_content"))
    data["proceedings"]["stage"] = "prosecution"
    data["persons"].append({**data["persons"][0], "role": "account_holder"})
    return data


def extradition_sample(authority: int) -> dict[str, Any]:
    data = extradition_request(requested_authority=authority)
    data["assurances"] = [{"type": code} for code, _label in extradition_choices.ASSURANCE_TYPES]
    data["supporting_documents"] = [
        {"type": code, "status": status, "language": "en"}
        for (code, _label), status in zip(
            extradition_choices.DOCUMENT_TYPES, ["attached", "to_follow"] * 4, strict=False
        )
    ]
    data["offences"][0]["nature"] = "fiscal"
    data["extradition"] = {"channel": "diplomatic"}
    return data


def preservation(authority: int) -> dict[str, Any]:
    data = sample_preservation(requested_authority=authority, reference=REFERENCE)
    data["measures"].append(electronic("preserve_data"))
    return data


def emergency(authority: int) -> dict[str, Any]:
    data = sample_preservation(requested_authority=authority, kind="emergency_disclosure")
    data.pop("preservation")
    data["measures"] = [electronic("subscriber_information")]
    data["urgent"] = {"is_urgent": True, "reason": "x", "respond_by": "2031-05-06"}
    return data


SAMPLES: dict[str, Callable[[int], dict[str, Any]]] = {
    "mla": mla,
    "extradition": extradition_sample,
    "provisional_arrest": lambda authority: {
        **provisional_request(),
        "requested_authority": authority,
        "extradition": {"channel": "interpol", "time_limit_days": 40},
    },
    "preservation": preservation,
    "emergency_disclosure": emergency,
}
FORM_KINDS = ("preservation", "emergency_disclosure", "extension")
TEXT = {"fr": "Texte saisi", "ar": "نص مكتوب"}


def printed(kind: str, language: str) -> Iterator[tuple[str, bytes]]:
    authority = make_authority("IRL", ["cybercrime_24_7", "central_authority_mla"])
    if kind in ("follow_up", "extension"):
        source = preservation(authority)
        source["language"] = language
        make = follow_up_document if kind == "follow_up" else extension_document
        data = {**make(source, PRESERVATION_ID), "requested_authority": authority}
        # The sentences the tool wrote stay; the sample's English around them does not.
        purpose = str(data.get("purpose") or "").split("\n")[0]
        descriptions = [m["description"].split("\n")[0] for m in data.get("measures") or []]
        data = {**neutral(data, TEXT[language]), "purpose": purpose}
        for measure, description in zip(data.get("measures") or [], descriptions, strict=True):
            measure["description"] = description
    else:
        data = neutral(SAMPLES[kind](authority), TEXT[language])
    data["language"] = language
    yield "document", documents.render_pdf(None, data, language)
    if kind in FORM_KINDS:
        yield "form", render_form_pdf(None, data, language)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "codes.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", out))


#: The sentences the tool writes about the preservation a request continues
#: (forms/eevidence/follow_up.py and eevidence_request.html), in English.
WRITTEN = (
    *FOLLOW_UP_DESCRIPTION,
    *FOLLOW_UP_PURPOSE,
    *EXTENSION_PURPOSE,
    "This request asks that the preservation requested in our request %(reference)s continue.",
)


def untranslated_removed(text: str, language: str) -> str:
    """The text less those sentences that the catalogue does not translate yet: new strings are
    translated centrally after they land. That they go through the catalogue of the request's
    language is tested below; once translated they are checked here like every other word."""
    gettext = documents.gettext_for(language)
    for sentence in WRITTEN:
        if gettext(sentence) == sentence:
            # English inside an Arabic paragraph comes back in pieces around the reference
            for piece in sentence.split("%(reference)s"):
                text = text.replace(piece.strip(" ."), "")
    return text


def words_found(text: str, codes: set[str]) -> set[str]:
    """The codes that print as a word of their own (not inside an address or a longer word)."""
    return {
        code for code in codes if re.search(rf"(?<![\w@./:-]){re.escape(code)}(?![\w@/-])", text)
    }


KINDS = [*SAMPLES, "follow_up", "extension"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_no_code_and_no_internal_number_prints(kind: str, language: str, tmp_path: Path) -> None:
    codes = codes_for(language)
    for name, pdf in printed(kind, language):
        text = untranslated_removed(pdf_text(pdf, tmp_path), language)
        assert TEXT[language] in text or kind in ("follow_up", "extension"), name
        assert not words_found(text, codes), (kind, name, language, words_found(text, codes))
        assert str(PRESERVATION_ID) not in text, (kind, name, language)
        if kind in ("follow_up", "extension"):
            assert REFERENCE in text, (kind, name, language)


def test_the_follow_up_and_extension_cite_the_reference_in_the_request_language() -> None:
    source = sample_preservation(language="fr", reference=REFERENCE)
    follow_up = follow_up_document(source, PRESERVATION_ID)
    gettext = documents.gettext_for("fr")
    expected = gettext(FOLLOW_UP_PURPOSE[0]) % {"reference": REFERENCE}
    assert follow_up["purpose"] == expected
    assert all(
        measure["description"].startswith(
            gettext(FOLLOW_UP_DESCRIPTION[0]) % {"reference": REFERENCE}
        )
        for measure in follow_up["measures"]
    )
    unreferenced = follow_up_document({**source, "reference": ""}, PRESERVATION_ID)
    assert unreferenced["purpose"] == gettext(FOLLOW_UP_PURPOSE[1])
    extension = extension_document(source, PRESERVATION_ID)
    assert extension["purpose"].startswith(gettext(EXTENSION_PURPOSE[0]) % {"reference": REFERENCE})
    assert str(PRESERVATION_ID) not in str(follow_up) + extension["purpose"]


def test_directory_channels_are_named_in_the_finding_of_the_review_sheet() -> None:
    finding = ChannelNames(["central_authority", "diplomatic"])
    gettext = documents.gettext_for("fr")
    assert str(finding) == "Central authority to central authority, Diplomatic channel"
    assert finding.translated(gettext) == ", ".join(
        gettext(label)
        for label in (extradition_choices.CHANNELS[0][1], extradition_choices.CHANNELS[2][1])
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_review_sheet_names_the_channels_the_directory_records(language: str) -> None:
    authority = make_authority(
        functions=["central_authority_extradition"], channels=["central_authority", "diplomatic"]
    )
    data = {**provisional_request(), "requested_authority": authority}
    data["extradition"] = {**data.get("extradition", {}), "channel": "direct"}
    context = review_sheet_context(None, data, language)
    (message,) = [
        finding["message"]
        for finding in context["findings"]
        if finding["field"] == "extradition.channel"
    ]
    gettext = documents.gettext_for(language)
    assert gettext(extradition_choices.CHANNELS[2][1]) in message, message
    assert "central_authority" not in message and "diplomatic," not in message, message


def test_the_code_list_is_not_empty_and_keeps_real_words_out() -> None:
    fr = codes_for("fr")
    assert {"central_authority", "subscriber", "traffic", "email", "death_penalty"} <= fr
    assert "extradition" not in fr and "interpol" not in fr and "url" not in fr
