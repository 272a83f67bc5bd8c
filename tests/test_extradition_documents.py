"""Extradition and provisional-arrest documents: the same document system and languages (Arabic
right-to-left), the annex list of supporting documents with their status, read back with
pdftotext."""

from __future__ import annotations

from typing import Any

import pytest

from mla_tool.forms.samples import extradition_request
from tests.factories.authorities import make_authority
from tests.factories.extradition_requests import provisional_request
from tests.factories.rendering import create, pdf_text

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast


def formal_request(authority: int, language: str = "en") -> dict[str, Any]:
    document = extradition_request(requested_authority=authority, language=language)
    document["supporting_documents"].append(
        {"type": "other", "title": "Bank statements 2025", "status": "to_follow", "language": "en"}
    )
    document["assurances"].append(
        {"type": "death_penalty", "text": "The death penalty will not be imposed."}
    )
    return document


def fetch(client: Any, headers: dict[str, str], request_id: int, fmt: str, lang: str) -> Any:
    response = client.get(
        f"/api/v1/requests/{request_id}/document?format={fmt}&lang={lang}", headers=headers
    )
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_extradition_pdf_in_each_language(
    language, client, make_user, api_headers, tmp_path, artifacts_dir
) -> None:
    headers = api_headers(make_user("prosecutor"))
    authority = make_authority(functions=["central_authority_extradition"])
    request_id = create(client, headers, **formal_request(authority, language))
    response = fetch(client, headers, request_id, "pdf", language)
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    (artifacts_dir / f"extradition-{language}.pdf").write_bytes(response.data)
    text = pdf_text(response.data, tmp_path)
    # what the user typed comes out as typed, in every language
    for typed in ("Jean Dupont", "Abu Yusuf", "MA-2026-44", "Penal Code art. 324-1", "Paris"):
        assert typed in text, (language, typed)
    html = fetch(client, headers, request_id, "html", language).get_data(as_text=True)
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html
    assert 'id="x-annexes"' in html and "annex-to_follow" in html
    if language == "en":
        for heading in (
            "Request for extradition",
            "Transnational Organized Crime, article 16",
            "Person sought",
            "Warrant of arrest",
            "Text of the law",
            "Maximum penalty",
            "Assurances",
            "Death penalty will not be imposed or carried out",
            "Annexes",
        ):
            assert heading in text, heading
        assert "To follow" in text and "Attached" in text
        assert "Bank statements 2025" in text


def test_the_arabic_pdf_reads_in_logical_order(
    client, make_user, api_headers, tmp_path, artifacts_dir
) -> None:
    headers = api_headers(make_user("prosecutor"))
    authority = make_authority(functions=["central_authority_extradition"])
    document = formal_request(authority, "ar")
    document["facts"] = "أدار المتهم شبكة من الشركات الوهمية في دبي"
    document["persons"][0]["name"] = "جان دوبون"
    request_id = create(client, headers, **document)
    response = fetch(client, headers, request_id, "pdf", "ar")
    (artifacts_dir / "extradition-ar-text.pdf").write_bytes(response.data)
    text = pdf_text(response.data, tmp_path)
    assert "أدار المتهم شبكة من الشركات الوهمية في دبي" in text
    assert "جان دوبون" in text
    # boilerplate shared with the MLA document comes out in Arabic
    for heading in ("السلطة الطالبة", "ملخص الوقائع ذات الصلة", "نص القانون", "المرفقات"):
        assert heading in text, heading


def test_the_provisional_arrest_pdf_carries_the_undertaking_and_time_limit(
    client, make_user, api_headers, tmp_path
) -> None:
    headers = api_headers(make_user("prosecutor"))
    authority = make_authority(functions=["central_authority_extradition"])
    document = provisional_request()
    document["requested_authority"] = authority
    request_id = create(client, headers, **document)
    text = pdf_text(fetch(client, headers, request_id, "pdf", "en").data, tmp_path)
    assert "Request for provisional arrest with a view to extradition" in text
    assert "within 60 days of the arrest" in text
    assert "A-1234/5-2026" in text and "INTERPOL" in text
    assert "He flies to a third state on Friday." in text
    assert "Assurances" not in text


def test_the_review_sheet_names_what_is_missing(
    client, make_user, api_headers, login, tmp_path
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    authority = make_authority(functions=["central_authority_extradition"])
    document = formal_request(authority)
    document["assurances"] = []
    document["offences"][0]["max_penalty"] = "Death penalty"
    request_id = create(client, headers, **document)
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    assert check["complete"] is False
    codes = {finding["code"] for finding in check["findings"]}
    assert {"death_penalty_assurance_missing", "speciality_undertaking_missing"} <= codes
    # the findings are on the internal review sheet, never in the request document
    assert "Checklist" not in pdf_text(
        fetch(client, headers, request_id, "pdf", "en").data, tmp_path
    )
    login(user)
    sheet = client.get(f"/requests/{request_id}/review-sheet.pdf?lang=en")
    text = pdf_text(sheet.data, tmp_path)
    assert "Checklist of the contents of the request" in text and "INTERNAL" in text
    assert "art. 4(d)" in text and "art. 14" in text
