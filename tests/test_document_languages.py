"""The eight document languages: each prints a realistic MLA request whose title and headings
pdftotext reads back in that language (Chinese characters as written); GET /api/v1/languages
lists them; the wizard offers exactly them and says what to do when the requested state accepts
none of them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mla_tool.forms import documents
from mla_tool.forms.document_languages import (
    DOCUMENT_LANGUAGES,
    advise,
    language_choices,
    own_name,
)
from mla_tool.forms.samples import complete_request
from tests.conftest import csrf_token_from
from tests.factories.authorities import make_authority

#: The title of an MLA request in each language, as the catalogues translate it.
TITLES = {
    "en": "Request for mutual legal assistance in criminal matters",
    "ar": "طلب المساعدة القانونية المتبادلة في المسائل الجنائية",
    "fr": "Demande d'entraide judiciaire en matière pénale",
    "es": "Solicitud de asistencia judicial recíproca en materia penal",
    "ru": "Просьба об оказании взаимной правовой помощи по уголовным делам",
    "zh": "刑事事项司法协助请求书",
    "pt": "Pedido de auxílio judiciário mútuo em matéria penal",
    "de": "Ersuchen um Rechtshilfe in Strafsachen",
}
#: Headings every MLA request prints.
HEADINGS = (
    "Requesting authority",
    "Subject matter and nature of the proceedings",
    "Summary of the relevant facts",
    "Assistance requested",
    "Persons concerned",
    "Purpose of the request",
    "Confidentiality and use of the information",
    "Signature and seal",
)
#: Text a prosecutor typed in the document's own language, printed as written.
TYPED_SUBJECT = {
    "ru": "Расследование отмывания денег, полученных от взяток.",
    "zh": "关于贿赂所得洗钱的刑事侦查。",
    "pt": "Investigação de branqueamento do produto de subornos.",
    "de": "Ermittlungen wegen Geldwäsche aus Bestechungsgeldern.",
}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "request.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", out))


def test_the_eight_languages_are_the_document_languages() -> None:
    assert set(DOCUMENT_LANGUAGES) == set(TITLES)
    assert set(DOCUMENT_LANGUAGES) == set(documents.DOCUMENT_LANGUAGES)


@pytest.mark.slow  # renders a PDF per language (WeasyPrint)
@pytest.mark.parametrize("language", list(TITLES))
def test_an_mla_request_prints_and_reads_back_in_each_language(
    language: str,
    client: Any,
    make_user: Any,
    api_headers: Any,
    tmp_path: Path,
    artifacts_dir: Path,
) -> None:
    headers = api_headers(make_user("prosecutor"))
    document = complete_request(language, requested_authority=make_authority())
    document["language"] = language
    if language in TYPED_SUBJECT:
        document["subject"] = TYPED_SUBJECT[language]
    response = client.post("/api/v1/requests", json=document, headers=headers)
    assert response.status_code == 201, response.get_json()
    request_id = response.get_json()["id"]
    response = client.get(
        f"/api/v1/requests/{request_id}/document?format=pdf&lang={language}", headers=headers
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (artifacts_dir / "documents").mkdir(parents=True, exist_ok=True)
    (artifacts_dir / "documents" / f"mla-{language}.pdf").write_bytes(response.data)
    text = pdf_text(response.data, tmp_path)
    assert TITLES[language] in text, text[:400]
    gettext = documents.gettext_for(language)
    for heading in HEADINGS:
        translated = gettext(heading)
        assert language == "en" or translated != heading, (language, heading)
        assert translated in text, (language, translated)
    if language in TYPED_SUBJECT:
        assert TYPED_SUBJECT[language] in text
    # the running foot's "page 1 of n" (pdftotext may drop a space beside right-to-left words)
    page_one = gettext("Page %(page)s of %(pages)s") % {"page": 1, "pages": 9}
    pattern = re.escape(page_one.replace(" ", "")).replace("9", r"\d+")
    assert re.search(pattern, text.replace(" ", "")), (language, "page numbers")


def test_the_api_lists_the_document_languages_with_their_own_names(
    client: Any, make_user: Any, api_headers: Any
) -> None:
    response = client.get("/api/v1/languages", headers=api_headers(make_user("caseworker")))
    assert response.status_code == 200
    listed = response.get_json()
    assert [item["code"] for item in listed] == list(DOCUMENT_LANGUAGES)
    names = {item["code"]: item["name"] for item in listed}
    assert names["de"] == "Deutsch" and names["ru"] == "Русский" and names["ar"] == "العربية"
    assert names["zh"].startswith("中文") and names["pt"] == "Português"
    assert {item["code"]: item["name_en"] for item in listed}["zh"] == "Chinese"
    assert {item["code"]: item["direction"] for item in listed}["ar"] == "rtl"
    assert client.get("/api/v1/languages").status_code == 401
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/languages" in spec["paths"] or "/languages" in spec["paths"]


# -- choosing the language in the wizard -------------------------------------------------------


def test_the_choices_are_exactly_the_document_languages_accepted_first() -> None:
    assert [code for code, _label in language_choices([])] == list(DOCUMENT_LANGUAGES)
    choices = language_choices(["it", "de", "en"])
    assert [code for code, _label in choices][:2] == ["de", "en"]
    assert dict(choices)["de"] == "Deutsch ✓" and dict(choices)["fr"] == own_name("fr")
    assert {code for code, _label in choices} == set(DOCUMENT_LANGUAGES)


@pytest.mark.parametrize(
    ("accepted", "case", "proposed"),
    [
        (["de"], "accepted", "de"),
        (["fr", "it"], "accepted", "fr"),
        (["it", "de"], "first_unavailable", "de"),
        (["it"], "none_available", "en"),
        (["it", "nl"], "none_available", "en"),
    ],
)
def test_the_nearest_document_language_is_proposed(
    accepted: list[str], case: str, proposed: str
) -> None:
    advice = advise(accepted)
    assert advice is not None and (advice.case, advice.proposed) == (case, proposed)
    assert advise([]) is None


def _requested_step(client: Any, login: Any, make_user: Any, state: str) -> str:
    """The wizard's "requested" step of a new MLA request to `state`, as the author sees it."""
    login(make_user("prosecutor"))
    token = csrf_token_from(client.get("/requests/").get_data(as_text=True))
    response = client.post("/requests/new", data={"kind": "mla", "csrf_token": token})
    assert response.status_code == 302
    request_id = int(re.search(r"/requests/(\d+)/", response.headers["Location"]).group(1))
    from mla_tool.extensions import db
    from mla_tool.forms.models import MlaRequest

    item = db.session.get(MlaRequest, request_id)
    item.requested_state = state
    db.session.commit()
    return client.get(f"/requests/{request_id}/step/requested").get_data(as_text=True)


def _language_options(page: str) -> dict[str, str]:
    select = re.search(r'<select[^>]*name="language".*?</select>', page, re.S)
    assert select, "no language choice on the step"
    return {
        value: label.strip()
        for value, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)<', select[0])
        if value
    }


def test_the_wizard_offers_the_document_languages_and_marks_the_accepted_one(
    client: Any, login: Any, make_user: Any
) -> None:
    make_authority("DEU", languages=["de"], name="Bundesamt für Justiz")
    page = _requested_step(client, login, make_user, "DEU")
    options = _language_options(page)
    assert list(options) == ["de", *[c for c in DOCUMENT_LANGUAGES if c != "de"]]
    assert options["de"] == "Deutsch ✓"
    assert 'id="language-advice"' not in page


def test_the_wizard_says_when_the_state_accepts_no_document_language(
    client: Any, login: Any, make_user: Any
) -> None:
    make_authority("ITA", languages=["it"], name="Ministero della Giustizia")
    page = _requested_step(client, login, make_user, "ITA")
    options = _language_options(page)
    assert set(options) == set(DOCUMENT_LANGUAGES) and list(options)[:2] == ["en", "fr"]
    advice = re.search(r'id="language-advice">([^<]*)<', page)
    assert advice, "the step does not say that Italian cannot be printed"
    said = advice[1].replace("&#39;", "'")
    assert "Italy accepts requests only in Italian" in said and "English or French" in said
    assert "working languages of the United Nations Secretariat" in said


def test_the_wizard_proposes_the_state_s_next_language(
    client: Any, login: Any, make_user: Any
) -> None:
    # a state whose requirement profile records no languages: the entry's are read (Italy's
    # profile now records Italian alone for MLA, from its UNCAC implementing law)
    make_authority("NLD", languages=["nl", "fr"], name="Ministerie van Justitie")
    page = _requested_step(client, login, make_user, "NLD")
    assert list(_language_options(page))[0] == "fr"
    advice = re.search(r'id="language-advice">([^<]*)<', page)
    assert advice and "Netherlands lists Dutch first" in advice[1] and "French" in advice[1]
