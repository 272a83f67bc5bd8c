"""Request documents: PDF and HTML from one template, in en/ar/fr/es, read back by pdftotext."""

from __future__ import annotations

import re
import subprocess

import pytest

from mla_tool.forms import document_fetch, document_fetcher, documents
from mla_tool.forms.samples import complete_request, urgent_block
from tests.factories.authorities import make_authority
from tests.factories.rendering import create, pdf_text

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast

HEADINGS = (
    "Request for mutual legal assistance in criminal matters",
    "Requesting authority",
    "Subject matter and nature of the proceedings",
    "Summary of the relevant facts",
    "Assistance requested",
    "Persons concerned",
    "Purpose of the request",
    "Confidentiality and use of the information",
    "Signature and seal",
    "Annexes",
)


@pytest.mark.parametrize("language", ["en", "ar", "fr", "es"])
def test_pdf_has_every_section_heading_in_its_language(
    language, client, make_user, api_headers, tmp_path, artifacts_dir
) -> None:
    headers = api_headers(make_user("prosecutor"))
    authority = make_authority()
    request_id = create(
        client, headers, **complete_request(language, requested_authority=authority)
    )
    response = client.get(
        f"/api/v1/requests/{request_id}/document?format=pdf&lang={language}", headers=headers
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    (artifacts_dir / f"request-{language}.pdf").write_bytes(response.data)
    text = pdf_text(response.data, tmp_path)
    gettext = documents.gettext_for(language)
    for heading in HEADINGS:
        translated = gettext(heading)
        if language != "en" and (language, heading) != ("fr", "Annexes"):
            assert translated != heading, f"{heading!r} is not translated into {language}"
        assert translated in text, f"{translated!r} not found in the {language} PDF"
    assert gettext("CONFIDENTIAL") in text
    # "page x of y" in the running foot, in the document's language
    first_page = gettext("Page %(page)s of %(pages)s") % {"page": 1, "pages": 9}
    pattern = re.escape(first_page.replace(" ", "")).replace("9", r"\d+")
    assert re.search(pattern, text.replace(" ", "")), "no page numbers"


def test_arabic_pdf_reads_back_in_logical_order_with_joined_letters(
    client, make_user, api_headers, tmp_path
) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, **complete_request("ar"))
    pdf = client.get(f"/api/v1/requests/{request_id}/document?lang=ar", headers=headers).data
    text = pdf_text(pdf, tmp_path)
    # boilerplate and the user's own Arabic text, both in logical order
    assert "طلب المساعدة القانونية المتبادلة في المسائل الجنائية" in text
    assert "ملخص الوقائع ذات الصلة" in text
    assert "غسل الأموال" in text
    assert "الإمارات العربية المتحدة" in text
    # the letters are real characters, not presentation forms (a sign of unjoined glyph text)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)
    # the user's Latin text stays as typed
    assert "Emirates Example Bank PJSC" in text
    # page numbers read "page 1 of N" in Arabic too, in logical order
    (tmp_path / "pages.pdf").write_bytes(pdf)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "pages.pdf")], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 2
    label = documents.gettext_for("ar")("Page %(page)s of %(pages)s")
    squeezed = text.replace(" ", "")  # pdftotext may drop a space between a number and a word
    assert (label % {"page": 1, "pages": pages}).replace(" ", "") in squeezed
    assert (label % {"page": pages, "pages": 1}).replace(" ", "") not in squeezed


def test_confidential_marking_only_when_asked(client, make_user, api_headers, tmp_path) -> None:
    headers = api_headers(make_user("prosecutor"))
    open_request = create(
        client, headers, **complete_request(confidential={"is_confidential": False})
    )
    text = pdf_text(
        client.get(f"/api/v1/requests/{open_request}/document?lang=en", headers=headers).data,
        tmp_path,
    )
    assert "CONFIDENTIAL" not in text
    assert "undertakes not to use the information" in text  # use limitation, 18(19)
    secret = create(
        client,
        headers,
        **complete_request(confidential={"is_confidential": True, "reason": "Suspects abroad."}),
    )
    pdf = client.get(f"/api/v1/requests/{secret}/document?lang=en", headers=headers).data
    (tmp_path / "secret.pdf").write_bytes(pdf)
    pages = (
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(tmp_path / "secret.pdf"), "-"],
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\f")
    )
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    # once on every page, in the running foot (not a second time above the title on page 1)
    assert [page.count("CONFIDENTIAL") for page in pages] == [1] * len(pages)
    urgent = create(client, headers, **complete_request(urgent=urgent_block()))
    text = pdf_text(
        client.get(f"/api/v1/requests/{urgent}/document?lang=fr", headers=headers).data,
        tmp_path,
    )
    assert "URGENT" in text and "Urgence" in text


def test_html_preview_comes_from_the_same_template(client, make_user, api_headers) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, **complete_request("ar"))
    response = client.get(
        f"/api/v1/requests/{request_id}/document?format=html&lang=ar", headers=headers
    )
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "ملخص الوقائع ذات الصلة" in html
    assert "/static/css/document.css" in html and "<script" not in html
    # the preview's stylesheet is served by the application, not the printing-only origin
    assert 'href="/static/css/document.css"' in html and document_fetch.DOCUMENT_ORIGIN not in html
    assert client.get("/static/css/document.css").status_code == 200
    english = client.get(
        f"/api/v1/requests/{request_id}/document?format=html&lang=en", headers=headers
    ).get_data(as_text=True)
    assert 'dir="ltr"' in english and "Summary of the relevant facts" in english
    # the Arabic facts typed by the user stay as typed in the English document
    assert complete_request("ar")["facts"] in english


def test_bad_document_queries_are_4xx(client, make_user, api_headers) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, kind="mla")
    assert (
        client.get(f"/api/v1/requests/{request_id}/document?lang=xx", headers=headers).status_code
        == 422
    )
    assert (
        client.get(f"/api/v1/requests/{request_id}/document?lang=xx", headers=headers).status_code
        == 422
    )
    assert (
        client.get(
            f"/api/v1/requests/{request_id}/document?format=doc", headers=headers
        ).status_code
        == 422
    )
    assert (
        client.get(f"/api/v1/requests/{request_id}/document?bogus=1", headers=headers).status_code
        == 422
    )
    # an empty draft still renders (a draft can be previewed at any time)
    assert client.get(f"/api/v1/requests/{request_id}/document", headers=headers).status_code == 200


def test_the_fetcher_serves_only_the_apps_static_files() -> None:
    origin = document_fetch.DOCUMENT_ORIGIN
    assert document_fetch.static_path_for(f"{origin}/static/css/document.css") is not None
    for url in (
        "file:///etc/passwd",
        f"{origin}/static/../../../../etc/passwd",
        f"{origin}/static/%2e%2e/%2e%2e/pyproject.toml",
        "https://example.org/static/css/document.css",
        f"{origin}/api/v1/requests",
        f"{origin}/static/css/missing.css",
    ):
        assert document_fetch.static_path_for(url) is None, url
    fetcher = document_fetcher.StaticOnlyFetcher()
    with pytest.raises(document_fetcher.DocumentFetchRefused):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(document_fetcher.DocumentFetchRefused):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    response = fetcher.fetch(f"{origin}/static/css/document.css")
    assert b"@page" in response.read()


def test_a_document_with_an_external_image_still_renders_without_fetching(app) -> None:
    html = (
        '<html><body><img src="https://example.org/x.png"><img src="file:///etc/hostname">'
        "<p>Hello</p></body></html>"
    )
    # refusal is fatal: the document does not silently include anything from outside
    with pytest.raises(document_fetcher.DocumentFetchRefused):
        documents.html_to_pdf(html)


def test_every_legal_basis_is_cited_by_name_and_article_never_by_code(app) -> None:
    """The finder offers every instrument of the directory: the document names each one."""
    from mla_tool.directory.reference import load_reference_data
    from mla_tool.forms.extradition.document import document_extras

    load_reference_data()
    codes = ["UNTOC", "DRUGS1988", "UNTOC_TIP", "RIYADH1983"]
    english = documents.legal_basis_citations(codes, documents.gettext_for("en"), "mla", "en")
    assert (
        english[0] == "United Nations Convention against Transnational Organized Crime, article 18"
    )
    assert english[1].startswith("United Nations Convention against Illicit Traffic in Narcotic")
    assert english[1].endswith("article 7")
    assert english[2].startswith("Protocol to Prevent, Suppress and Punish Trafficking in Persons")
    assert not any(code in " ".join(english) for code in codes)
    arabic = documents.legal_basis_citations(codes, documents.gettext_for("ar"), "mla", "ar")
    assert "الاتجار غير المشروع في المخدرات" in arabic[1]
    assert not any(code in " ".join(arabic) for code in codes)
    # extradition cites the extradition articles, from the directory where no table has them
    extradition = document_extras(
        {"kind": "extradition", "legal_basis": ["UNTOC", "DRUGS1988", "UNTOC_TIP"]},
        "en",
        documents.gettext_for("en"),
    )["legal_basis"]
    assert extradition[0].endswith("article 16") and extradition[1].endswith("article 6")
    assert "DRUGS1988" not in " ".join(extradition)


def test_article_numbers_keep_the_numbers_and_drop_the_explanations() -> None:
    assert documents.article_numbers("art. 16(9)") == ["16(9)"]
    assert documents.article_numbers("arts. 25, 27 (art. 31 for stored computer data)") == [
        "25",
        "27",
    ]
    assert documents.article_numbers(
        "art. 25(3) (urgent requests by expedited means); 24/7 network, art. 35"
    ) == ["25(3)", "35"]
    assert documents.article_numbers("") == []


def test_the_checklist_is_never_part_of_the_request_document(
    client, make_user, api_headers, tmp_path
) -> None:
    """It used to end the draft's PDF (our own findings, mailed abroad with urgent drafts): it
    is on the internal review sheet now (tests/test_documents_draft.py)."""
    headers = api_headers(make_user("prosecutor"))
    authority = make_authority()
    request_id = create(client, headers, **complete_request("en", requested_authority=authority))

    def document_text() -> str:
        response = client.get(
            f"/api/v1/requests/{request_id}/document?format=pdf&lang=en", headers=headers
        )
        assert response.status_code == 200
        return pdf_text(response.data, tmp_path)

    text = document_text()
    assert "Checklist of the contents of the request" not in text and "DRAFT" in text
    submitted = client.post(f"/api/v1/requests/{request_id}/submit", json={}, headers=headers)
    assert submitted.status_code == 200, submitted.get_json()
    text = document_text()
    assert "Checklist of the contents of the request" not in text
    assert "Completeness score" not in text and "Summary of the relevant facts" in text


def test_bidi_overrides_typed_into_a_request_do_not_reach_the_document(app) -> None:
    """An RLO before an account number would print it reversed: the document drops it."""
    data = complete_request("en")
    data["facts"] = (
        "Transfers to account \u202e1234-5678\u202c on 3 May; \u2067مصر\u2069 (isolate kept)."
    )
    html = documents.render_html(None, data, "en")
    assert "\u202e" not in html and "\u202c" not in html
    assert "1234-5678" in html and "\u2067مصر\u2069" in html
