"""Translator round-trip: XLIFF out, a translated file back in, and the document that prints it."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from mla_tool.extensions import db
from mla_tool.forms.documents import gettext_for
from mla_tool.forms.samples import complete_request
from mla_tool.forms.translation_models import RequestTranslation
from mla_tool.forms.translations.receive import MAX_XLIFF_BYTES
from mla_tool.forms.translations.substitute import UNTRANSLATED, language_name
from tests.factories.authorities import make_authority
from tests.factories.xliff import create, export, put, translated

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="mla-request/%d" source-language="en" target-language="fr" datatype="plaintext">
<body><trans-unit id="subject"><source>x</source><target>&lol4;</target></trans-unit></body>
</file></xliff>"""


def stored_count() -> int:
    return db.session.query(RequestTranslation).count()


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "request.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", re.sub("[\u200e\u200f\u2066-\u2069]", "", out))


def test_the_export_is_xliff_12_with_one_unit_per_typed_text_field(
    client, make_user, api_headers
) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers, reference="FR-2026-17")
    raw = export(client, headers, request_id)
    root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff"
    assert root.get("version") == "1.2"
    file_node = root.find("x:file", NS)
    assert file_node.get("source-language") == "en"
    assert file_node.get("target-language") == "fr"
    assert file_node.get("original") == f"mla-request/{request_id}"
    assert f"request {request_id}, reference FR-2026-17" in file_node.findtext(
        "x:header/x:note", namespaces=NS
    )
    units = {unit.get("id"): unit for unit in root.iterfind("x:file/x:body/x:trans-unit", NS)}
    document = complete_request("en")
    assert units["subject"].findtext("x:source", namespaces=NS) == document["subject"]
    assert units["facts"].findtext("x:source", namespaces=NS) == document["facts"]
    assert "offences[0].text" in units
    assert "measures[0].description" in units
    assert "Summary of the relevant facts" in units["facts"].findtext("x:note", namespaces=NS)
    # no boilerplate, no names, codes or dates: only free text
    assert not any(key.endswith((".name", ".role", "birth_date")) for key in units)
    assert "requesting_state" not in units and "reference" not in units
    # a postal address prints as written in every language: not the translator's, never marked
    assert complete_request("en")["requesting_authority"].get("address")
    assert "requesting_authority.address" not in units
    assert all(unit.find("x:target", NS) is None for unit in units.values())


def test_translated_file_prints_in_the_french_document(
    client, make_user, api_headers, tmp_path
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    request_id = create(
        client,
        headers,
        persons=[{"role": "suspect", "name": "Jean Dupont", "description": "Tall, dark hair."}],
    )
    raw = export(client, headers, request_id)
    # the text of the persons' description changes after the export: that unit is stale
    response = client.patch(
        f"/api/v1/requests/{request_id}",
        json={
            "persons": [
                {"role": "suspect", "name": "Jean Dupont", "description": "Short, grey hair."}
            ]
        },
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    response = put(client, headers, request_id, translated(raw))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert "subject" in body["imported"] and body["stale"] == ["persons[0].description"]
    row = (
        db.session.query(RequestTranslation).filter_by(request_id=request_id, path="subject").one()
    )
    assert row.imported_by == user.id and row.imported_at is not None and len(row.source_hash) == 64

    pdf = client.get(f"/api/v1/requests/{request_id}/document?format=pdf&lang=fr", headers=headers)
    assert pdf.status_code == 200
    text = pdf_text(pdf.data, tmp_path)
    document = complete_request("en")
    assert "[FR] " + document["subject"][:40] in text
    assert "[FR] " + document["facts"][:40] in text
    marker = gettext_for("fr")(UNTRANSLATED) % {"language": language_name("en", "fr")}
    assert marker + " Short, grey hair." in text
    assert "Tall, dark hair" not in text
    # the English document is the text as typed
    english = client.get(
        f"/api/v1/requests/{request_id}/document?format=pdf&lang=en", headers=headers
    )
    assert "[FR]" not in pdf_text(english.data, tmp_path)
    # the completeness check warns about the stale field
    findings = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()[
        "findings"
    ]
    untranslated = [f for f in findings if f["code"] == "text_untranslated"]
    assert [f["field"] for f in untranslated] == ["persons[0].description"]
    assert untranslated[0]["reference"] == "UNTOC art. 18(14)"


def _units_file(raw: bytes, request_id: int, **replace: bytes) -> bytes:
    for old, new in replace.items():
        raw = raw.replace(old.encode(), new)
    return raw


@pytest.mark.parametrize(
    "case",
    [
        "duplicate_id",
        "other_request",
        "unknown_id",
        "malformed",
        "bomb",
        "wrong_language",
        "oversized",
        "not_xliff",
    ],
)
def test_bad_files_are_refused_and_change_nothing(case, client, make_user, api_headers) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers)
    other_id = create(client, headers)
    good = translated(export(client, headers, request_id))
    assert put(client, headers, request_id, translated(good, "[OLD] ")).status_code == 200
    before = {(r.path, r.text, r.version) for r in db.session.query(RequestTranslation)}
    bodies = {
        "other_request": translated(export(client, headers, other_id)),
        "unknown_id": good.replace(b'id="subject"', b'id="secret_field"'),
        "malformed": good[: len(good) // 2],
        "bomb": BILLION_LAUGHS % request_id,
        "wrong_language": translated(export(client, headers, request_id), target_language="es"),
        "oversized": b" " * (MAX_XLIFF_BYTES + 1),
        "not_xliff": b"<html><body>hello</body></html>",
        "duplicate_id": good.replace(b'id="facts"', b'id="subject"'),
    }
    response = put(client, headers, request_id, bodies[case])
    assert 400 <= response.status_code < 500, response.get_json()
    assert response.get_json()["error"]["message"]
    db.session.expire_all()
    assert {(r.path, r.text, r.version) for r in db.session.query(RequestTranslation)} == before


def test_someone_outside_the_request_cannot_export_or_import(
    client, make_user, api_headers
) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers)
    raw = translated(export(client, headers, request_id))
    stranger = api_headers(make_user("prosecutor"))
    assert (
        client.get(
            f"/api/v1/requests/{request_id}/translations/fr.xliff", headers=stranger
        ).status_code
        == 404
    )
    assert put(client, stranger, request_id, raw).status_code == 404
    auditor = api_headers(make_user("auditor"))
    assert put(client, auditor, request_id, raw).status_code == 403
    assert stored_count() == 0


def test_the_request_language_and_unknown_languages_are_refused(
    client, make_user, api_headers
) -> None:
    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers)
    assert (
        client.get(
            f"/api/v1/requests/{request_id}/translations/en.xliff", headers=headers
        ).status_code
        == 422
    )
    assert (
        client.get(
            f"/api/v1/requests/{request_id}/translations/xx.xliff", headers=headers
        ).status_code
        == 404
    )


def test_the_translations_page_exports_and_imports(client, make_user, login, page_csrf) -> None:
    user = make_user("prosecutor")
    login(user)
    document = complete_request("en", requested_authority=make_authority())
    request_id = client.post("/api/v1/requests", json=document, headers={}).status_code  # no token
    assert request_id == 401
    from mla_tool.auth.service import issue_token

    token = issue_token(user)
    db.session.commit()
    request_id = create(client, {"Authorization": f"Bearer {token}"})
    page = client.get(f"/requests/{request_id}/translations")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="translation-fr"' in html and 'id="translation-en"' not in html
    raw = client.get(f"/requests/{request_id}/translations/fr.xliff")
    assert raw.status_code == 200 and b"<trans-unit" in raw.data
    token = page_csrf(f"/requests/{request_id}/translations")
    response = client.post(
        f"/requests/{request_id}/translations/fr",
        data={"csrf_token": token, "xliff": (io.BytesIO(translated(raw.data)), "fr.xliff")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = client.get(f"/requests/{request_id}/translations").get_data(as_text=True)
    total = stored_count()
    assert total > 0
    assert f"{total} of {total} fields" in page
    # a bomb: refused with a message, nothing changes
    response = client.post(
        f"/requests/{request_id}/translations/fr",
        data={"csrf_token": token, "xliff": (io.BytesIO(BILLION_LAUGHS % request_id), "b.xliff")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Nothing was imported" in response.get_data(as_text=True)
    assert stored_count() == total
    # without the CSRF token: refused
    response = client.post(
        f"/requests/{request_id}/translations/fr",
        data={"xliff": (io.BytesIO(translated(raw.data)), "fr.xliff")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (303, 400)
    assert stored_count() == total


@pytest.mark.browser
def test_the_translations_tab_in_a_browser(make_user, live_server, page, artifacts_dir, tmp_path):
    from mla_tool.forms.drafting import create_request
    from tests.conftest import DEFAULT_PASSWORD

    user = make_user("prosecutor")
    item = create_request(user, complete_request("en", requested_authority=make_authority()))
    db.session.commit()
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/dashboard")
    page.goto(f"{live_server}/requests/{item.id}/step/review")
    page.click("#translations-link")
    page.wait_for_selector("#translation-fr")
    with page.expect_download() as download_info:
        page.click("#translation-fr a")
    exported = tmp_path / "fr.xliff"
    download_info.value.save_as(exported)
    upload = tmp_path / "fr-translated.xliff"
    upload.write_bytes(translated(exported.read_bytes()))
    page.set_input_files("#xliff-fr", str(upload))
    page.click("#translation-fr button[type=submit]")
    page.wait_for_selector(".flash, [role=status], .alert", timeout=10_000)
    total = stored_count()
    assert total > 0
    assert f"{total} of {total} fields" in page.inner_text("#translation-fr")
    page.screenshot(path=str(artifacts_dir / "translations-tab.png"), full_page=True)


def test_an_import_over_a_translation_changed_meanwhile_is_a_conflict(
    client, make_user, api_headers
) -> None:
    from sqlalchemy import update

    from mla_tool.forms.translations.store import (
        TranslationConflict,
        save_translations,
        translations_of,
    )

    headers = api_headers(make_user("prosecutor"))
    request_id = create(client, headers)
    assert (
        put(
            client, headers, request_id, translated(export(client, headers, request_id))
        ).status_code
        == 200
    )
    read = translations_of(request_id, "fr")["subject"]
    db.session.execute(  # another import commits between our read and our write
        update(RequestTranslation)
        .values(version=RequestTranslation.version + 1)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(TranslationConflict):
        save_translations(request_id, "fr", {"subject": ("mine", read.source_hash)}, None)
    db.session.rollback()
