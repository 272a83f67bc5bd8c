"""Every printed document is PDF/A-2u and tagged, read back by tools other than the one that wrote
it: pikepdf (qpdf) reads the XMP metadata (PDF/A identification, title, language, author,
creation date, draft state, PDF/UA-1 identification and the extension schemas PDF/A asks for
them), the catalogue (/MarkInfo, /StructTreeRoot, /Lang, the sRGB output intent) and the fonts
(all embedded, all mapped to Unicode); `qpdf --check` finds no error; pdftotext reads the same
text as from the same HTML printed without PDF/A and tags; and a signed PDF keeps all of it,
still verified by pdfsig. (veraPDF, the reference PDF/A validator, needs Java packages no
registry here ships: these checks stand in for it.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf.models.metadata import decode_pdf_date
from pyhanko.pdf_utils.metadata.model import VENDOR

from mla_tool.forms import documents
from mla_tool.forms.document_xmp import DOCUMENT
from mla_tool.forms.eevidence.document import render_form_html
from mla_tool.forms.review_sheet import render_review_sheet_html, review_sheet_context
from mla_tool.signing import config as signing_config
from tests.document_pdf import pages_text
from tests.factories.document_matrix import TYPES, sample
from tests.factories.signing import (  # noqa: F401 (fixtures)
    approved_request,
    configured,
    pdfsig,
    pki,
    pyhanko_status,
    sign_on_page,
)

SLOW = pytest.mark.slow  # renders many PDFs (WeasyPrint)
#: Every type in English and Arabic (the request in both without the slow mark), and the
#: request in every other document language.
FAST_CASE = ("mla", "document", "ar")
CASES = [
    # the fast path keeps one: the Arabic MLA document (the one with the most to get right)
    pytest.param(kind, form, language, marks=() if (kind, form, language) == FAST_CASE else SLOW)
    for kind, form in TYPES
    for language in ("en", "ar")
] + [
    pytest.param("mla", "document", language, marks=SLOW)
    for language in documents.DOCUMENT_LANGUAGES
    if language not in ("en", "ar")
]
DRAFT = f"{{{DOCUMENT}}}Draft"


def html_of(kind: str, form: str, language: str, draft: bool) -> tuple[str, dict[str, Any]]:
    data = sample(kind, language)
    if form == "form":
        return render_form_html(None, data, language, draft=draft), data
    return documents.render_html(None, data, language, draft=draft), data


def qpdf_check(pdf: bytes, tmp_path: Path) -> None:
    assert shutil.which("qpdf"), "qpdf is installed by scripts/setup-system --tests"
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout, done.stdout


def fonts_of(resources: pikepdf.Dictionary, seen: set[tuple[int, int]]) -> list[pikepdf.Object]:
    """Every font these resources use, their form XObjects' (a signature block's) included."""
    found = list((resources.get("/Font") or {}).values())
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(xobject.objgen)
        found += fonts_of(xobject.get("/Resources") or pikepdf.Dictionary(), seen)
    return found


def assert_fonts_embedded_and_mapped(pdf: pikepdf.Pdf) -> None:
    seen: set[tuple[int, int]] = set()
    fonts = []
    for page in pdf.pages:
        fonts += fonts_of(page.obj.get("/Resources") or pikepdf.Dictionary(), seen)
        for annotation in page.obj.get("/Annots") or []:
            appearance = annotation.get("/AP")
            if appearance is not None:
                fonts += fonts_of(pikepdf.Dictionary(XObject={"/N": appearance.N}), seen)
    assert fonts
    for font in fonts:
        descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        files = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descendant.FontDescriptor.keys())
        assert files, (font.get("/BaseFont"), "not embedded")
        assert "/ToUnicode" in font, (font.get("/BaseFont"), "no Unicode map (PDF/A level U)")


def assert_archival(
    data: bytes, language: str, draft: bool | None, title: str, author: str | None
) -> pikepdf.Pdf:
    """The PDF/A-2u identification and XMP metadata, tags, language and fonts of `data`."""
    pdf = pikepdf.open(BytesIO(data))
    meta = pdf.open_metadata()
    assert meta.pdfa_status == "2U"
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "U"
    assert meta["pdfuaid:part"] == "1"
    assert meta["dc:title"] == title
    assert set(meta["dc:language"]) == {language}
    if author:
        assert list(meta["dc:creator"]) == [author]
    assert meta["xmp:CreateDate"].startswith(str(datetime.now(UTC).year))
    assert meta.get(DRAFT) == (None if draft is None else str(draft))
    assert pdf.Root.Metadata.get("/Filter") is None, "XMP left uncompressed"
    schemas = str(pdf.Root.Metadata.read_bytes(), "utf-8")
    for declared in ("http://www.aiim.org/pdfua/ns/id/", DOCUMENT):
        assert f"<pdfaSchema:namespaceURI>{declared}</pdfaSchema:namespaceURI>" in schemas
    # the document information dictionary says what the XMP says
    info = pdf.docinfo
    assert str(info.Title) == title and str(info.Producer) == meta["pdf:Producer"]
    if author:
        assert str(info.Author) == author
    # tagged, in its language, with an output intent
    assert pdf.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in pdf.Root and len(pdf.Root.StructTreeRoot.K) >= 1
    assert str(pdf.Root.Lang) == language
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
    assert_fonts_embedded_and_mapped(pdf)
    return pdf


@pytest.mark.parametrize(("kind", "form", "language"), CASES)
def test_every_document_type_is_pdfa_tagged_with_its_metadata(
    kind: str, form: str, language: str, app: Any, tmp_path: Path
) -> None:
    html, data = html_of(kind, form, language, draft=True)
    pdf = documents.html_to_pdf(html)
    gettext = documents.gettext_for(language)
    with pikepdf.open(BytesIO(pdf)) as opened:
        title, author = str(opened.docinfo.Title), str(opened.docinfo.Author)
    assert title.startswith(gettext("DRAFT"))
    assert author.startswith(data["requesting_authority"]["name"])  # the requesting authority
    assert_archival(pdf, language, True, title, author)
    qpdf_check(pdf, tmp_path)
    # the same words, in the same order, as the same HTML printed without PDF/A and tags
    assert pages_text(pdf, tmp_path) == pages_text(
        documents.html_to_pdf(html, archival=False), tmp_path
    )

    approved, _data = html_of(kind, form, language, draft=False)
    final = documents.html_to_pdf(approved)
    with pikepdf.open(BytesIO(final)) as opened:
        assert opened.open_metadata()[DRAFT] == "False"
        assert gettext("DRAFT") not in str(opened.docinfo.Title)


@pytest.mark.parametrize("language", [pytest.param("en", marks=SLOW), "ar"])
def test_the_review_sheet_is_pdfa_and_tagged(language: str, app: Any, tmp_path: Path) -> None:
    data = sample("mla", language)
    html = render_review_sheet_html(review_sheet_context(None, data, language), language)
    pdf = documents.html_to_pdf(html)
    with pikepdf.open(BytesIO(pdf)) as opened:
        title = str(opened.docinfo.Title)
    assert_archival(pdf, language, False, title, None)  # internal, never marked DRAFT
    qpdf_check(pdf, tmp_path)


@pytest.mark.parametrize("language", ["en", pytest.param("ar", marks=SLOW)])
def test_a_signed_pdf_stays_pdfa_and_pdfsig_still_verifies_it(
    language: str,
    client: Any,
    make_user: Any,
    login: Any,
    configured: dict[str, Any],  # noqa: F811 (the fixture)
    tmp_path: Path,
) -> None:
    caseworker = make_user("caseworker")
    request_id = approved_request(caseworker)
    login(caseworker)
    posted = sign_on_page(client, request_id, language)
    assert posted.status_code == 303, posted.get_data(as_text=True)[:800]
    signed = client.get(posted.location).data

    report = pdfsig(signed, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Total document signed" in report, report
    status = pyhanko_status(signed, configured["ca"])
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()

    with pikepdf.open(BytesIO(signed)) as opened:
        title = str(opened.docinfo.Title)
        author = str(opened.docinfo.Author)
    pdf = assert_archival(signed, language, False, title, author)
    meta = pdf.open_metadata()
    # the signature's revision says when, and who produced it, on both sides
    assert str(pdf.docinfo.Producer).endswith(VENDOR)
    modified = datetime.fromisoformat(meta["xmp:ModifyDate"])
    assert decode_pdf_date(str(pdf.docinfo.ModDate)) == modified
    (widget,) = [a for page in pdf.pages for a in page.obj.get("/Annots") or []]
    assert widget.Subtype == "/Widget" and int(widget.F) & 4, "the signature block prints"
    assert "/D" not in widget.AP and "/R" not in widget.AP  # PDF/A: a normal appearance only
    assert pdf.Root.AcroForm.get("/NeedAppearances") in (None, False)
    # PDF/UA: the widget is a Form element of the structure, described, in the tab order
    name = signing_config.load_signer().name
    signed_words = documents.gettext_for(language)("Digitally signed")
    assert str(widget.TU) == f"{signed_words}: {name}"
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    element = dict(zip([int(n) for n in numbers[::2]], numbers[1::2], strict=True))[
        int(widget.StructParent)
    ]
    assert element.S == "/Form" and element.K.Obj.objgen == widget.objgen
    assert element.objgen in [k.objgen for k in pdf.Root.StructTreeRoot.K[0].K]
    page = next(
        page
        for page in pdf.pages
        if widget.objgen in [a.objgen for a in page.obj.get("/Annots") or []]
    )
    assert page.obj.Tabs == "/S" and element.K.Pg.objgen == page.obj.objgen
    qpdf_check(signed, tmp_path)
    assert name in " ".join(pages_text(signed, tmp_path)[-1:])


@pytest.mark.parametrize(("kind", "form"), TYPES)
def test_every_table_header_says_whether_it_heads_a_row_or_a_column(
    kind: str, form: str, app: Any
) -> None:
    """A tagged table links each value to its header only where the header has a scope: without
    it a screen reader reads "Investigation" instead of "Stage: Investigation"."""
    with app.test_request_context():
        html, _ = html_of(kind, form, "en", draft=True)
    headers = re.findall(r"<th\b[^>]*>", html)
    assert headers, "every document has at least one label/value table"
    unscoped = [tag for tag in headers if not re.search(r'\bscope="(row|col)"', tag)]
    assert unscoped == []
