"""The Word file as another word processor reads it: LibreOffice (headless) opens each generated
.docx and saves it again as Word; python-docx reads the re-saved file, which must say the same:
the same text in the same order, the same headings and tables, the draft marking in the header,
and Arabic still right to left. A file LibreOffice cannot load gives no output and fails here.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from mla_tool.forms import documents
from mla_tool.forms.samples import complete_request
from tests.factories.docx import ARABIC, body_text, fetch_docx, header_text, squeezed
from tests.factories.draft_documents import addressee

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.slow


def resaved_by_libreoffice(original: bytes, folder: Path) -> bytes:
    """The file after LibreOffice has opened it and saved it again in Word's format."""
    assert SOFFICE, "LibreOffice is not installed: scripts/setup-system --tests installs it"
    source, out = folder / "in" / "request.docx", folder / "out"
    source.parent.mkdir(parents=True)
    source.write_bytes(original)
    command = [
        str(SOFFICE),
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(source),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    result = out / "request.docx"
    assert done.returncode == 0 and result.is_file(), (done.stdout, done.stderr)
    return result.read_bytes()


def headings(document: Any) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.split()[-1]), " ".join(p.text.split()))
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]


def tables(document: Any) -> list[list[list[str]]]:
    return [[[squeezed(c.text) for c in row.cells] for row in t.rows] for t in document.tables]


def complex_script_font(run: Any, document: Any) -> str | None:
    """The font an Arabic run is set in: its own, else its paragraph style's (LibreOffice writes
    a run's font only where it differs from the style's)."""
    own = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if own is not None and own.get(qn("w:cs")):
        return own.get(qn("w:cs"))
    paragraph = next(p for p in run.iterancestors(qn("w:p")))
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = style.get(qn("w:val")) if style is not None else "Normal"
    fonts = document.styles.element.xpath(
        f'w:style[@w:styleId="{name}"]/w:rPr/w:rFonts/@w:cs'
        ' | w:style[@w:styleId="Normal"]/w:rPr/w:rFonts/@w:cs'
    )
    return str(fonts[0]) if fonts else None


def switched_on(parent: Any, path: str) -> bool:
    """An OOXML on/off property present and not switched off (`w:val` 0 or false)."""
    element = parent.find(path)
    return element is not None and element.get(qn("w:val"), "1") not in ("0", "false", "off")


def check_still_right_to_left(document: Any) -> None:
    """Paragraphs right to left, Arabic runs right to left in an Arabic font, tables from the right."""
    body = document.element.body
    paragraphs = [p for p in body.iter(qn("w:p")) if "".join(p.itertext()).strip()]
    assert paragraphs
    for paragraph in paragraphs:
        assert switched_on(paragraph, f"{qn('w:pPr')}/{qn('w:bidi')}")
    arabic_runs = [run for run in body.iter(qn("w:r")) if ARABIC.search("".join(run.itertext()))]
    assert len(arabic_runs) > 20
    for run in arabic_runs:
        assert switched_on(run, f"{qn('w:rPr')}/{qn('w:rtl')}")
        assert "Arabic" in (complex_script_font(run, document) or ""), "".join(run.itertext())
    for table in document.tables:
        assert switched_on(table._tbl.tblPr, qn("w:bidiVisual"))


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_libreoffice_opens_and_resaves_the_word_file_with_the_same_content(
    language: str,
    client: Any,
    make_user: Any,
    api_headers: Any,
    login: Any,
    tmp_path: Path,
    artifacts_dir: Path,
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    login(user)
    sample = complete_request(language, requested_authority=addressee("mla"))
    created = client.post("/api/v1/requests", json=sample, headers=headers)
    assert created.status_code == 201, created.get_json()
    original = fetch_docx(client, headers, created.get_json()["id"], language)
    buffer = io.BytesIO()
    original.save(buffer)
    resaved_bytes = resaved_by_libreoffice(buffer.getvalue(), tmp_path)
    (artifacts_dir / f"request-{language}-resaved-by-libreoffice.docx").write_bytes(resaved_bytes)
    resaved = docx.Document(io.BytesIO(resaved_bytes))

    text = squeezed(body_text(resaved))
    assert text == squeezed(body_text(original))
    for line in str(sample["facts"]).splitlines():
        assert squeezed(line) in text, line
    assert headings(resaved) == headings(original) and headings(original)
    assert tables(resaved) == tables(original) and tables(original)
    draft = documents.gettext_for(language)("DRAFT")
    assert draft in header_text(resaved)
    footer = resaved.sections[0].footer._element
    fields = " ".join(
        [t.text or "" for t in footer.iter(qn("w:instrText"))]
        + [f.get(qn("w:instr")) or "" for f in footer.iter(qn("w:fldSimple"))]
    )
    assert "PAGE" in fields and "NUMPAGES" in fields
    section = resaved.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    if language == "ar":
        check_still_right_to_left(resaved)
