"""The request as a Word file: the same content as the PDF (both come from the same HTML), read
back with python-docx: headings are Word headings, tables Word tables, Arabic right to left, the
draft marking in the header while the request is not approved. Nothing is converted."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn

from mla_tool.extensions import db
from mla_tool.forms import documents
from mla_tool.forms.access import get_request_for
from mla_tool.forms.drafting import create_request
from mla_tool.forms.request_document import document_of
from mla_tool.forms.samples import complete_request, extradition_request
from mla_tool.forms.submission import submit_request
from tests.conftest import sign_in
from tests.factories.authorities import make_authority
from tests.factories.docx import ARABIC, all_text, body_text, fetch_docx, header_text, squeezed
from tests.factories.draft_documents import CHECKLIST_WORDS, SAMPLES, addressee, approve

RUNNING_IDS = ("page-head", "page-foot-reference", "page-foot-marking")


def rendered_html(user: Any, request_id: int, lang: str) -> Any:
    item = get_request_for(user, request_id)
    data = document_of(item)
    html = documents.render_html(request_id, data, lang, documents.is_draft(item.status))
    root = lxml.html.document_fromstring(html)
    for ident in RUNNING_IDS:
        for element in root.xpath(f'//*[@id="{ident}"]'):
            element.drop_tree()
    return root


def check_same_content(document: Any, root: Any) -> None:
    """Every character of the HTML body, in order; headings and tables as Word's own."""
    body = root.find("body")
    assert squeezed(body_text(document)) == squeezed("".join(body.itertext()))
    texts = [p.text for p in document.paragraphs]
    assert not [t for t in texts if t and not t.strip()], "a paragraph of spaces"
    assert not [t for t in texts if t != t.strip()], "a paragraph that starts or ends in a space"
    html_headings = [
        (int(h.tag[1]), " ".join(h.text_content().split()))
        for h in body.iter("h1", "h2", "h3", "h4")
    ]
    word_headings = [
        (int(p.style.name.split()[-1]), " ".join(p.text.split()))
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert word_headings == html_headings
    assert word_headings[0] == (1, root.findtext(".//h1").strip())
    html_tables = [
        [[squeezed(c.text_content()) for c in tr if c.tag in ("td", "th")] for tr in t.iter("tr")]
        for t in body.iter("table")
    ]
    word_tables = [
        [[squeezed(cell.text) for cell in row.cells] for row in table.rows]
        for table in document.tables
    ]
    assert word_tables == html_tables and word_tables
    blocks = [child.tag for child in document.element.body.iterchildren()]
    assert (qn("w:tbl"), qn("w:tbl")) not in set(pairwise(blocks)), "tables that touch"


def typed_values(root: Any) -> list[str]:
    """What the user typed, as the HTML marks it (`<bdi>` and typed lines)."""
    found = root.xpath('//bdi|//span[contains(@class, "typed-line")]')
    return [" ".join(e.text_content().split()) for e in found if e.text_content().strip()]


@pytest.mark.parametrize(
    ("kind", "language"), [("mla", "en"), ("mla", "ar"), ("extradition", "en")]
)
def test_the_word_file_has_the_content_of_the_pdf(
    kind: str, language: str, client: Any, make_user: Any, api_headers: Any, login: Any
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    login(user)
    authority = addressee(kind)
    if kind == "mla":
        sample = complete_request(language, requested_authority=authority)
    else:
        sample = extradition_request(requested_authority=authority)
    created = client.post("/api/v1/requests", json=sample, headers=headers)
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    document = fetch_docx(client, headers, request_id, language)
    root = rendered_html(user, request_id, language)
    check_same_content(document, root)
    text = " ".join(all_text(document).split())
    values = typed_values(root)
    assert len(values) > 10
    for value in values:
        assert value in text, value
    for field in ("subject", "facts"):
        for line in str(sample.get(field) or "").splitlines():
            assert " ".join(line.split()) in text, line
    gettext = documents.gettext_for(language)
    assert gettext("DRAFT") in header_text(document)
    for words in CHECKLIST_WORDS:
        assert gettext(words) not in all_text(document)
    footer = document.sections[0].footer._element
    assert {" PAGE ", " NUMPAGES "} <= {t.text for t in footer.iter(qn("w:instrText"))}
    properties = document.core_properties
    assert properties.language == language
    assert root.findtext(".//h1").strip() in properties.title
    metadata = " ".join((properties.title, properties.subject, properties.keywords))
    assert not re.search(rf"(?<![\w-]){request_id}(?![\w-])", metadata), metadata
    assert properties.author == "" and properties.created.date() >= date.today() - timedelta(1)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 22 and round(section.left_margin.mm) == 20
    if language == "ar":
        check_right_to_left(document)


def check_right_to_left(document: Any) -> None:
    """Every paragraph right to left, every Arabic run too, tables from the right."""
    body = document.element.body
    header = document.sections[0].header._element
    paragraphs = list(body.iter(qn("w:p"))) + [
        p for p in header.iter(qn("w:p")) if "".join(t.text or "" for t in p.iter(qn("w:t")))
    ]
    assert paragraphs
    for paragraph in paragraphs:
        assert paragraph.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    arabic_runs = [
        run
        for run in body.iter(qn("w:r"))
        if ARABIC.search("".join(t.text or "" for t in run.iter(qn("w:t"))))
    ]
    assert len(arabic_runs) > 20
    for run in arabic_runs:
        properties = run.find(qn("w:rPr"))
        assert properties.find(qn("w:rtl")) is not None
        assert properties.find(qn("w:rFonts")).get(qn("w:cs"))
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None


def test_the_draft_marking_leaves_the_header_once_approved(
    client: Any, make_user: Any, api_headers: Any, login: Any
) -> None:
    caseworker = make_user("caseworker")
    headers = api_headers(caseworker)
    login(caseworker)
    item = create_request(caseworker, complete_request("en", requested_authority=addressee("mla")))
    submit_request(item, caseworker)
    db.session.commit()
    request_id = item.id
    assert "DRAFT" in header_text(fetch_docx(client, headers, request_id, "en"))
    approve(request_id, caseworker)
    for language in ("en", "ar"):
        document = fetch_docx(client, headers, request_id, language)
        draft = documents.gettext_for(language)("DRAFT")
        assert draft not in all_text(document), language
        assert draft not in document.core_properties.title + document.core_properties.keywords


def test_the_word_file_is_need_to_know_and_the_format_is_checked(
    app: Any, client: Any, make_user: Any, api_headers: Any, login: Any
) -> None:
    author = make_user("prosecutor")
    login(author)
    created = client.post(
        "/api/v1/requests",
        json=complete_request("en", requested_authority=make_authority()),
        headers=api_headers(author),
    )
    request_id = created.get_json()["id"]
    review = client.get(f"/requests/{request_id}/step/review")
    assert review.status_code == 200
    assert 'id="download-docx"' in review.get_data(as_text=True)
    page = client.get(f"/requests/{request_id}/document?format=odt")
    assert page.status_code == 400
    assert "Unknown document format: choose pdf, html or docx." in page.get_data(as_text=True)
    api = client.get(
        f"/api/v1/requests/{request_id}/document?format=odt", headers=api_headers(author)
    )
    assert api.status_code == 422
    assert "format" in api.get_data(as_text=True)
    colleague = make_user("prosecutor")  # no part in the request
    outsider = app.test_client()
    assert sign_in(outsider, colleague.email).status_code == 302
    path = f"/requests/{request_id}/document?format=docx"
    assert outsider.get(path).status_code == 404
    assert outsider.get(f"/api/v1{path}", headers=api_headers(colleague)).status_code == 404


def test_hostile_and_odd_typed_text_reaches_the_word_file_as_text(
    client: Any, make_user: Any, api_headers: Any
) -> None:
    """Markup prints as typed, a control character XML cannot hold is left out, and a bidi
    override is removed as in the PDF."""
    user = make_user("prosecutor")
    headers = api_headers(user)
    sample = complete_request("en", requested_authority=make_authority())
    sample["facts"] = "<script>alert(1)</script> bell\x07here \u202eIBAN 1234\n\nsecond 🙂 𝔘"
    created = client.post("/api/v1/requests", json=sample, headers=headers)
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    response = client.get(f"/api/v1/requests/{request_id}/document?format=docx", headers=headers)
    assert response.status_code == 200
    text = body_text(docx.Document(io.BytesIO(response.data)))
    assert "<script>alert(1)</script> bellhere IBAN 1234" in text
    assert "second 🙂 𝔘" in text and "\u202e" not in text


@pytest.mark.slow  # a Word file and its HTML in each of the eight languages, per kind
@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_kind_in_every_document_language_has_the_content_of_its_html(
    kind: str, client: Any, make_user: Any, api_headers: Any, login: Any
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    login(user)
    created = client.post("/api/v1/requests", json=SAMPLES[kind](addressee(kind)), headers=headers)
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    for language in documents.DOCUMENT_LANGUAGES:
        document = fetch_docx(client, headers, request_id, language)
        check_same_content(document, rendered_html(user, request_id, language))
        assert documents.gettext_for(language)("DRAFT") in header_text(document), language
        if language == "ar":
            check_right_to_left(document)
