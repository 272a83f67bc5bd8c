"""The Word files against the WordprocessingML schema: every part of each generated .docx is
checked by openxml-audit, a validator built on the Open XML SDK's schema data (element order,
allowed children and attribute values: what Microsoft Word is strict about and LibreOffice,
which re-saves the files in test_documents_docx_libreoffice.py, forgives).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from tests.factories.draft_documents import SAMPLES, addressee

pytestmark = pytest.mark.slow

#: Findings about python-docx's own template, not about what we write: its `stylesWithEffects`
#: part (a Word 2010 copy of the styles) lists neither the styles nor the defaults a document
#: adds. A blank `docx.Document()` gets the same two; Word 2013 and later do not read that part.
TEMPLATE_FINDINGS = (
    "styles.xml contains 4 style(s) not in stylesWithEffects",
    "docDefaults differ between styles.xml and stylesWithEffects",
)


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_every_kind_of_word_file_is_valid_wordprocessingml(
    language: str, client: Any, make_user: Any, api_headers: Any, tmp_path: Path
) -> None:
    headers = api_headers(make_user("prosecutor"))
    validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2016)
    for kind, sample in SAMPLES.items():
        created = client.post("/api/v1/requests", json=sample(addressee(kind)), headers=headers)
        assert created.status_code == 201, created.get_json()
        response = client.get(
            f"/api/v1/requests/{created.get_json()['id']}/document?format=docx&lang={language}",
            headers=headers,
        )
        assert response.status_code == 200, response.data[:300]
        path = tmp_path / f"{kind}-{language}.docx"
        path.write_bytes(response.data)
        result = validator.validate(path)
        problems = [
            f"{error.error_type.value} {error.part_uri} {error.path}: {error.description}"
            for error in result.errors
            if not error.description.startswith(TEMPLATE_FINDINGS)
        ]
        assert problems == [], (kind, language, problems)


def test_the_validator_sees_an_element_out_of_order(
    client: Any, make_user: Any, api_headers: Any, tmp_path: Path
) -> None:
    """A heading whose paragraph properties are in the wrong order (what Word calls unreadable
    content, and LibreOffice opens all the same) is reported."""
    headers = api_headers(make_user("prosecutor"))
    created = client.post(
        "/api/v1/requests", json=SAMPLES["mla"](addressee("mla")), headers=headers
    )
    request_id = created.get_json()["id"]
    response = client.get(
        f"/api/v1/requests/{request_id}/document?format=docx&lang=ar", headers=headers
    )
    good, bad = tmp_path / "good.docx", tmp_path / "bad.docx"
    good.write_bytes(response.data)
    in_order = b'<w:pPr><w:pStyle w:val="Heading1"/><w:bidi/></w:pPr>'
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                assert in_order in data
                data = data.replace(
                    in_order, b'<w:pPr><w:bidi/><w:pStyle w:val="Heading1"/></w:pPr>', 1
                )
            target.writestr(entry, data)
    errors = OpenXmlValidator(file_format=FileFormat.OFFICE_2016).validate(bad).errors
    assert any("Unexpected element 'pStyle'" in error.description for error in errors)
