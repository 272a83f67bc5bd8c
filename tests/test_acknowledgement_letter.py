"""The acknowledgement of receipt of an incoming request (after EIO Directive Annex B): printed in
the requesting state's language by default, in every document language on demand, as PDF, Word
or preview, from the incoming case page only."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases import correspondence, opening
from mla_tool.extensions import db
from mla_tool.forms.acknowledgement_letter import letter_language
from mla_tool.forms.documents import DOCUMENT_LANGUAGES
from tests.factories.authorities import make_authority


def _incoming(make_user: Any, state: str = "JOR") -> tuple[Any, Any]:
    authority = make_authority(
        "FRA",
        name="Bureau de l'entraide pénale internationale",
        name_en="Office of International Mutual Assistance",
        address="13 place Vendôme, 75001 Paris",
        phone="+33 1 44 77 60 60",
        languages=["fr", "en"],
    )
    caseworker = make_user("caseworker", display_name="Claire Caseworker")
    caseworker.authority_id = authority
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state=state,
        title="Bank records",
        actor=caseworker,
        reference="JO-PP-2026/118",
    )
    correspondence.record_correspondence(
        case, caseworker, way="received", channel="diplomatic", on=date(2026, 11, 20), summary="NV"
    )
    db.session.commit()
    return case, caseworker


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_letter_is_in_the_requesting_states_language(
    make_user: Any, login: Any, tmp_path: Path
) -> None:
    case, caseworker = _incoming(make_user, "JOR")
    assert letter_language(case) == "ar"
    client = login(caseworker)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="ack-letter-form"' in page
    pdf = client.get(f"/cases/{case.id}/acknowledgement-letter")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _text(pdf.data, tmp_path)
    assert "JO-PP-2026/118" in text and "Claire Caseworker" in text
    (tmp_path / "ar.pdf").write_bytes(pdf.data)


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
def test_every_document_language_prints_the_letter(
    make_user: Any, login: Any, tmp_path: Path, language: str
) -> None:
    case, caseworker = _incoming(make_user)
    client = login(caseworker)
    html = client.get(f"/cases/{case.id}/acknowledgement-letter?lang={language}&format=html")
    assert html.status_code == 200
    body = html.get_data(as_text=True)
    assert f'lang="{language}"' in body and "JO-PP-2026/118" in body and f"#{case.id}" in body


def test_word_and_refusals(make_user: Any, login: Any) -> None:
    case, caseworker = _incoming(make_user)
    client = login(caseworker)
    word = client.get(f"/cases/{case.id}/acknowledgement-letter?lang=fr&format=docx")
    assert word.status_code == 200 and word.data[:2] == b"PK"
    assert client.get(f"/cases/{case.id}/acknowledgement-letter?lang=xx").status_code == 404
    outgoing = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="DEU", title="T", actor=caseworker
    )
    db.session.commit()
    assert client.get(f"/cases/{outgoing.id}/acknowledgement-letter").status_code == 404
    assert 'id="ack-letter-form"' not in client.get(f"/cases/{outgoing.id}").get_data(as_text=True)
