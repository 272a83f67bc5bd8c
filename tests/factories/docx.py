"""Test data builders and fixtures shared by several test modules (docx)."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from docx.oxml.ns import qn

from mla_tool.forms.document_docx import MIMETYPE

ARABIC = re.compile("[\u0600-\u06ff]")


def squeezed(text: str) -> str:
    """Text without whitespace: the HTML and Word may break lines differently."""
    return re.sub(r"\s+", "", text)


def fetch_docx(client: Any, headers: dict[str, str], request_id: int, lang: str) -> Any:
    """The Word file through the API and the page route (the same bytes but for its clock)."""
    api = client.get(
        f"/api/v1/requests/{request_id}/document?format=docx&lang={lang}", headers=headers
    )
    page = client.get(f"/requests/{request_id}/document?format=docx&lang={lang}")
    for response in (api, page):
        assert response.status_code == 200, response.data[:300]
        assert response.mimetype == MIMETYPE
        assert f"request-{request_id}-{lang}.docx" in response.headers["Content-Disposition"]
    assert squeezed(all_text(docx.Document(io.BytesIO(page.data)))) == squeezed(
        all_text(docx.Document(io.BytesIO(api.data)))
    )
    return docx.Document(io.BytesIO(api.data))


def body_text(document: Any) -> str:
    """The body's text in document order, tables included."""
    parts = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p") or child.tag == qn("w:tbl"):
            parts.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
    return " ".join(parts)


def header_text(document: Any) -> str:
    return " ".join(
        "".join(t.text or "" for t in section.header._element.iter(qn("w:t")))
        for section in document.sections
    )


def all_text(document: Any) -> str:
    footer = "".join(t.text or "" for t in document.sections[0].footer._element.iter(qn("w:t")))
    return " ".join((body_text(document), header_text(document), footer))
