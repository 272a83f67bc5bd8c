"""The CLDR state names (issue 20) are what an Arabic document prints, as pdftotext reads it back,
and what the wizard's state picker and the directory's state list show in Arabic and French."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from mla_tool.directory.states import states_by_name
from mla_tool.forms import documents
from mla_tool.forms.samples import complete_request
from tests.conftest import csrf_token_from

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "request.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", out))


def test_an_arabic_document_prints_the_cldr_and_un_names(
    app: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    data = {**complete_request("ar"), "requesting_state": "PSE", "requested_state": "SRB"}
    pdf = documents.render_pdf(None, data, "ar")
    (artifacts_dir / "documents").mkdir(parents=True, exist_ok=True)
    (artifacts_dir / "documents" / "state-names-ar.pdf").write_bytes(pdf)
    text = _pdf_text(pdf, tmp_path)
    assert "صربيا" in text  # CLDR's Serbia
    assert "دولة فلسطين" in text  # the UN's State of Palestine, not CLDR's territories
    for old in ("صربية", "الأراضي الفلسطينية", "Serbia", "Palestin"):
        assert old not in text, old


def _options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select, f"no {name} picker on the page"
    return [
        (value, label.strip())
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select[0])
        if value
    ]


def test_the_wizard_s_state_picker_in_arabic_shows_cldr_names_in_arabic_order(
    client: Any, login: Any, make_user: Any
) -> None:
    login(make_user("prosecutor"))
    arabic = {"Accept-Language": "ar"}
    token = csrf_token_from(client.get("/requests/", headers=arabic).get_data(as_text=True))
    response = client.post(
        "/requests/new", data={"kind": "mla", "csrf_token": token}, headers=arabic
    )
    assert response.status_code == 302
    request_id = int(re.search(r"/requests/(\d+)/", response.headers["Location"]).group(1))
    page = client.get(f"/requests/{request_id}/step/requested", headers=arabic).get_data(
        as_text=True
    )
    options = _options(page, "requested_state")
    names = dict(options)
    assert names["SRB"] == "صربيا" and names["LTU"] == "ليتوانيا"
    # CLDR's Vatican until a source we hold shows the UN's Arabic name of the Holy See
    assert names["VAT"] == "الفاتيكان" and names["TWN"] == "تايوان"
    assert [code for code, _name in options] == [s.iso3 for s in states_by_name("ar")]


def test_the_directory_s_state_list_in_french_and_its_folded_search(
    client: Any, login: Any, make_user: Any
) -> None:
    login(make_user("prosecutor"))
    french = {"Accept-Language": "fr"}
    page = client.get("/directory/states", headers=french).get_data(as_text=True)
    listed = re.findall(r'<a href="/directory/state/([A-Z]{3})">([^<]*)</a>', page)
    assert [code for code, _name in listed] == [s.iso3 for s in states_by_name("fr")]
    names = dict(listed)
    # CLDR's French names: no source we hold shows the UN's French "Türkiye" (un_names.py)
    assert names["CIV"] == "Côte d’Ivoire" and names["TUR"] == "Turquie"
    arabic = {"Accept-Language": "ar"}
    found = client.get("/directory/states?q=الاردن", headers=arabic).get_data(as_text=True)
    assert re.findall(r'<a href="/directory/state/([A-Z]{3})">', found) == ["JOR"]
    assert "الأردن" in found
