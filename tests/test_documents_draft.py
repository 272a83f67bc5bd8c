"""Draft marking on every page of a request that is not approved; the checklist apart, on the
internal review sheet. Every PDF is read back page by page with pdftotext (`-f N -l N`)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases import transitions
from mla_tool.cases.models import Case
from mla_tool.extensions import db
from mla_tool.forms import documents
from mla_tool.forms.access import get_request_for
from mla_tool.forms.drafting import create_request
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from tests.conftest import sign_in
from tests.factories.authorities import make_authority
from tests.factories.draft_documents import (
    CHECKLIST_WORDS,
    SAMPLES,
    addressee,
    approve,
    pdf_info,
    pdf_pages,
)

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast

LANGUAGES = ("en", "fr", "es", "ar")


def documents_of(client: Any, headers: dict[str, str], request_id: int, kind: str, lang: str):
    """The request document and, for preservation and emergency, the one-page 24/7 form."""
    response = client.get(f"/api/v1/requests/{request_id}/document?lang={lang}", headers=headers)
    assert response.status_code == 200
    yield "document", response.data
    if kind in ("preservation", "emergency_disclosure"):
        form = client.get(f"/requests/{request_id}/form?lang={lang}")
        assert form.status_code == 200 and form.mimetype == "application/pdf"
        yield "form", form.data


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_page_of_a_draft_says_draft_in_its_language_and_has_no_checklist(
    kind: str, client: Any, make_user: Any, api_headers: Any, login: Any, tmp_path: Path
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    login(user)
    created = client.post("/api/v1/requests", json=SAMPLES[kind](addressee(kind)), headers=headers)
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    for language in LANGUAGES:
        gettext = documents.gettext_for(language)
        draft = gettext("DRAFT")
        for name, pdf in documents_of(client, headers, request_id, kind, language):
            pages = pdf_pages(pdf, tmp_path)
            where = f"{kind} {name} {language}"
            assert [draft in page for page in pages] == [True] * len(pages), where
            for words in CHECKLIST_WORDS:
                assert not any(gettext(words) in page for page in pages), where
            info = pdf_info(pdf, tmp_path)
            assert info["Title"].startswith(draft), (where, info["Title"])
            assert draft in info["Subject"] and draft in info["Keywords"], where
    preview = client.get(
        f"/api/v1/requests/{request_id}/document?format=html&lang=fr", headers=headers
    ).get_data(as_text=True)
    assert 'class="draft-mark"' in preview and "Checklist" not in preview


@pytest.mark.parametrize("kind", ["mla", "preservation"])
def test_an_approved_or_transmitted_request_prints_without_the_draft_marking(
    kind: str, client: Any, make_user: Any, api_headers: Any, login: Any, tmp_path: Path
) -> None:
    caseworker = make_user("caseworker")
    headers = api_headers(caseworker)
    login(caseworker)
    item = create_request(caseworker, SAMPLES[kind](addressee(kind)))
    submit_request(item, caseworker)
    db.session.commit()
    request_id = item.id

    def markings(language: str) -> list[bool]:
        draft = documents.gettext_for(language)("DRAFT")
        found = []
        for _name, pdf in documents_of(client, headers, request_id, kind, language):
            found.extend(draft in page for page in pdf_pages(pdf, tmp_path))
            info = pdf_info(pdf, tmp_path)
            found.append(draft in info.get("Title", "") + info.get("Keywords", ""))
        return found

    assert all(markings("en")), "a request under review is still a draft"
    approve(request_id, caseworker)
    for language in ("en", "ar"):
        assert not any(markings(language)), language
    case = db.session.get(Case, get_request_for(caseworker, request_id).case_id)
    transitions.transition(case, "transmitted", caseworker)
    db.session.commit()
    assert not any(markings("fr"))


def test_the_review_sheet_is_internal_and_holds_the_checklist(
    client: Any, make_user: Any, api_headers: Any, login: Any, tmp_path: Path
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    document = complete_request("en", requested_authority=make_authority())
    document["purpose"] = ""
    document["offences"][0]["max_penalty"] = ""
    created = client.post("/api/v1/requests", json=document, headers=headers)
    request_id = created.get_json()["id"]
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    assert check["findings"], "the sample should leave something to check"
    login(author)
    review_page = client.get(f"/requests/{request_id}/step/review").get_data(as_text=True)
    assert f"/requests/{request_id}/review-sheet.pdf" in review_page
    response = client.get(f"/requests/{request_id}/review-sheet.pdf?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pdf_pages(response.data, tmp_path)
    assert all("INTERNAL" in page for page in pages)
    text = " ".join(pages)
    assert "Checklist of the contents of the request" in text
    assert f"Completeness score: {check['score']} / 100" in text
    for finding in check["findings"]:
        assert re.sub(r"\s+", " ", finding["message"])[:40] in text
    info = pdf_info(response.data, tmp_path)
    assert info["Title"].startswith("INTERNAL") and "INTERNAL" in info["Keywords"]
    arabic = client.get(f"/requests/{request_id}/review-sheet.pdf?lang=ar")
    internal = documents.gettext_for("ar")("INTERNAL")
    assert all(internal in page for page in pdf_pages(arabic.data, tmp_path))
    html = client.get(f"/requests/{request_id}/review-sheet.html").get_data(as_text=True)
    assert "INTERNAL" in html and "Checklist of the contents of the request" in html
    assert client.get(f"/requests/{request_id}/review-sheet.pdf?lang=xx").status_code == 404
    assert client.get(f"/requests/{request_id}/review-sheet.doc").status_code == 404


def words_by_line(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """The words of each printed line, left to right by their position on the page."""
    path = tmp_path / "positions.pdf"
    path.write_bytes(pdf)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    page = 0
    for line in xhtml.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)".*>(.*)</word>', line)
        if found:
            row = (page, round(float(found.group(2)) / 4))
            lines.setdefault(row, []).append((float(found.group(1)), found.group(3)))
    return [[word for _, word in sorted(words)] for words in lines.values()]


def test_the_arabic_review_sheet_keeps_references_and_the_score_in_order(
    client: Any, make_user: Any, api_headers: Any, login: Any, tmp_path: Path
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    document = complete_request("en", requested_authority=make_authority())
    document["purpose"] = ""
    created = client.post("/api/v1/requests", json=document, headers=headers)
    request_id = created.get_json()["id"]
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    references = {finding["reference"] for finding in check["findings"]}
    assert any("(" in reference for reference in references), "a reference with a paragraph"
    login(author)
    arabic = client.get(f"/requests/{request_id}/review-sheet.pdf?lang=ar").data
    lines = [" ".join(words) for words in words_by_line(arabic, tmp_path)]

    # A glyph has one Unicode value in the PDF, so a mirrored "(" and a ")" read back alike:
    # compare the runs without telling the two apart.
    def runs(text: str) -> str:
        return re.sub(r"[()]", "|", text)

    for reference in references:
        assert any(runs(reference) in runs(line) for line in lines), reference
    # The score read "100 / 94" from left to right before it had its own direction.
    assert any(f"{check['score']} / 100" in line for line in lines)


def test_the_review_sheet_is_need_to_know(
    app: Any, client: Any, make_user: Any, api_headers: Any, login: Any
) -> None:
    author = make_user("prosecutor")
    created = client.post(
        "/api/v1/requests", json=complete_request("en"), headers=api_headers(author)
    )
    request_id = created.get_json()["id"]
    login(make_user("prosecutor"))  # a colleague with no part in the request
    assert client.get(f"/requests/{request_id}/review-sheet.pdf").status_code == 404
    assert client.get(f"/requests/{request_id + 1000}/review-sheet.pdf").status_code == 404
    maintainer = app.test_client()  # a role without request.read
    assert sign_in(maintainer, make_user("maintainer").email).status_code == 302
    assert maintainer.get(f"/requests/{request_id}/review-sheet.pdf").status_code == 403
