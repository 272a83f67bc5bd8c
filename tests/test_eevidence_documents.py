"""E-evidence documents: the full request and the one-page 24/7 form, read back by pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mla_tool.directory.states import state_name
from mla_tool.forms import documents
from mla_tool.forms.eevidence.samples import sample_preservation
from tests.conftest import sign_in
from tests.factories.authorities import make_authority
from tests.factories.eevidence_documents import emergency
from tests.factories.sample_clock import sample_day  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow  # renders PDFs (WeasyPrint): left out of scripts/test --fast

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Arabic diacritics: text extraction places them apart from their letters, so compare without.
TASHKEEL = re.compile("[\u064b-\u0652]")
ARABIC_FACTS = "تلقى المستشفى طلب فدية بعد تشفير أنظمته"


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = [page for page in out.split("\f") if page.strip()]
    return [re.sub(r"\s+", " ", plain(page)) for page in pages]


def plain(text: str) -> str:
    return TASHKEEL.sub("", BIDI_CONTROLS.sub("", text))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", plain(text))


def found(expected: str, text: str, language: str) -> bool:
    """Compared without spaces (a diacritic may end an extracted line inside a word); in Arabic
    word by word, as pdftotext may order the runs around a colon visually."""
    if squeeze(expected) in squeeze(text):
        return True
    words = re.findall(r"\w+", plain(expected))
    return language == "ar" and all(word in squeeze(text) for word in words)


def create(client: Any, headers: dict[str, str], document: dict[str, Any]) -> int:
    response = client.post("/api/v1/requests", json=document, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


@pytest.mark.parametrize("language", ["en", "ar", "fr", "es"])
def test_full_request_and_one_page_form_in_each_language(
    language: str,
    client: Any,
    make_user: Any,
    api_headers: Any,
    login: Any,
    tmp_path: Path,
    sample_day: Any,
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    authority = make_authority("IRL", ["cybercrime_24_7"], languages=["en"])
    document = sample_preservation(requested_authority=authority, language=language)
    if language == "ar":
        document["facts"] = ARABIC_FACTS
    request_id = create(client, headers, document)
    gettext = documents.gettext_for(language)
    full = client.get(
        f"/api/v1/requests/{request_id}/document?format=pdf&lang={language}", headers=headers
    )
    assert full.status_code == 200 and full.data.startswith(b"%PDF")
    text = " ".join(pdf_pages(full.data, tmp_path))
    for expected in (
        gettext("Request for the expedited preservation of stored computer data"),
        gettext("Why preservation is needed"),
        gettext("Request for mutual assistance to follow"),
        state_name("IRL", language),
        gettext("%(instrument)s, article %(article)s")
        % {"instrument": gettext("Convention on Cybercrime (Budapest)"), "article": "29"},
        "Example Mail Ltd",
        "81.2.69.160 port 51234",
        "2026-11-20T14:03:00 Europe/Paris",
        "2026-11-20 13:03:00 UTC",  # UTC beside the local time
        "payme@mail.example.com",  # normalised
    ):
        assert found(expected, text, language), f"{expected!r} not in the {language} request"
    if language == "ar":
        assert ARABIC_FACTS in text  # logical order, joined letters
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)

    login(user)
    form = client.get(f"/requests/{request_id}/form?lang={language}&format=pdf")
    assert form.status_code == 200 and form.mimetype == "application/pdf"
    pages = pdf_pages(form.data, tmp_path)
    assert len(pages) == 1, f"the {language} form runs to {len(pages)} pages"
    assert found(gettext("URGENT: PRESERVATION OF DATA"), pages[0], language)
    assert "2026-11-20 13:03:00 UTC" in pages[0]
    # the identifier's type is named in the form's language
    assert found(gettext("IP address"), pages[0], language)
    html = client.get(f"/requests/{request_id}/form?lang={language}&format=html")
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html.get_data(as_text=True)


def test_emergency_prints_the_risk_and_its_form(
    client: Any, make_user: Any, api_headers: Any, login: Any, tmp_path: Path
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    authority = make_authority("IRL", ["cybercrime_24_7"], languages=["en"])
    request_id = create(client, headers, emergency(authority))
    full = client.get(f"/api/v1/requests/{request_id}/document?format=pdf", headers=headers)
    text = " ".join(pdf_pages(full.data, tmp_path))
    assert "EMERGENCY: RISK TO LIFE OR OF SERIOUS INJURY" in text
    assert "A hostage is threatened with death." in text
    assert "Why preservation is needed" not in text
    login(user)
    pages = pdf_pages(client.get(f"/requests/{request_id}/form").data, tmp_path)
    assert len(pages) == 1 and "Why the request cannot wait" in pages[0]
    # the 24/7 contact sees by when the answer is needed, on the one page it reads
    assert "Response needed by" in pages[0] and "2031-05-06" in pages[0]


def test_the_form_is_only_for_eevidence_kinds_and_readers(
    app: Any, client: Any, make_user: Any, api_headers: Any, login: Any
) -> None:
    from mla_tool.forms.samples import complete_request

    owner = make_user("prosecutor")
    headers = api_headers(owner)
    mla_id = create(client, headers, complete_request())
    preservation_id = create(client, headers, sample_preservation())
    login(owner)
    assert client.get(f"/requests/{mla_id}/form").status_code == 404
    assert client.get(f"/requests/{preservation_id}/form?lang=xx").status_code == 404
    stranger = make_user("prosecutor")
    other = app.test_client()
    assert sign_in(other, stranger.email).status_code == 302
    assert other.get(f"/requests/{preservation_id}/form").status_code == 404
