"""The time limit for compliance and the issuing and validating authority (issue 18): asked in
the wizard, taken and refused by the API, printed near the top and in the authority section of
the document (HTML here; the PDF in English and Arabic read back with pdftotext, marked slow)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.forms import documents
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.samples import complete_request
from tests.factories.rendering import created_by_api, pdf_text

LATER = (date.today() + timedelta(days=30)).isoformat()
EARLIER = (date.today() - timedelta(days=2)).isoformat()
ISSUED = {
    "issuing_authority": {"type": "police"},
    "validating_authority": {
        "name": "Tribunal judiciaire de Paris",
        "type": "investigating_judge",
        "validated_on": "2026-11-30",
    },
}


def _with_fields(document: dict[str, Any], when: str = "2027-01-15") -> dict[str, Any]:
    document["time_limit"] = {
        "date": when,
        "reason": "trial",
        "details": "The trial opens on 20 January 2027.",
    }
    document.update(ISSUED)
    return document


def _codes(client: FlaskClient, headers: dict[str, str], request_id: int) -> dict[str, str]:
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    return {f["code"]: f["severity"] for f in check["findings"]}


def test_the_api_takes_the_fields_and_refuses_unknown_codes(
    client: FlaskClient, make_user: Callable[..., Any], api_headers: Callable[[Any], dict]
) -> None:
    headers = api_headers(make_user("prosecutor"))
    created = created_by_api(client, headers, kind="mla", **_with_fields({}, LATER))
    assert created["time_limit"] == {
        "date": LATER,
        "reason": "trial",
        "details": "The trial opens on 20 January 2027.",
    }
    assert created["issuing_authority"] == {"type": "police"}
    assert created["validating_authority"]["validated_on"] == "2026-11-30"
    for bad in (
        {"time_limit": {"reason": "soon"}},
        {"time_limit": {"date": "15/01/2027"}},
        {"issuing_authority": {"type": "mayor"}},
        {"validating_authority": {"type": "police"}},
        {"validating_authority": {"name": "x", "seal": True}},
    ):
        answer = client.patch(f"/api/v1/requests/{created['id']}", json=bad, headers=headers)
        assert answer.status_code == 422, (bad, answer.get_json())
    patched = client.patch(
        f"/api/v1/requests/{created['id']}",
        json={"time_limit": {"date": EARLIER, "reason": "custody"}},
        headers=headers,
    )
    assert patched.status_code == 200, patched.get_json()
    assert _codes(client, headers, created["id"])["time_limit_in_past"] == "error"


def test_the_openapi_document_names_the_new_fields(
    client: FlaskClient, make_user: Callable[..., Any], api_headers: Callable[[Any], dict]
) -> None:
    spec = client.get("/api/v1/openapi.json", headers=api_headers(make_user("prosecutor")))
    schemas = spec.get_json()["components"]["schemas"]
    assert set(schemas["TimeLimit"]["properties"]["reason"]["enum"]) - {None} == {
        "custody",
        "trial",
        "evidence_at_risk",
        "limitation",
        "other",
    }
    assert set(schemas["IssuingAuthority"]["properties"]["type"]["enum"]) - {None} == {
        "judge",
        "investigating_judge",
        "prosecutor",
        "police",
        "other",
    }
    assert set(schemas["ValidatingAuthority"]["properties"]) == {"name", "type", "validated_on"}


def test_custody_without_a_date_is_a_warning_and_a_police_order_for_content_an_error(
    client: FlaskClient, make_user: Callable[..., Any], api_headers: Callable[[Any], dict]
) -> None:
    headers = api_headers(make_user("prosecutor"))
    emergency = sample_preservation()
    emergency.pop("preservation")
    emergency["kind"] = "emergency_disclosure"
    emergency["measures"][0]["type"] = "stored_content"
    emergency["time_limit"] = {"reason": "custody"}
    emergency["issuing_authority"] = {"type": "police"}
    created = created_by_api(client, headers, **emergency)
    codes = _codes(client, headers, created["id"])
    assert codes["time_limit_custody_without_date"] == "warning"
    assert codes["issuer_not_validated"] == "warning"
    client.patch(
        f"/api/v1/requests/{created['id']}",
        json={"validating_authority": {"name": "Juge d'instruction", "type": "judge"}},
        headers=headers,
    )
    assert "issuer_not_validated" not in _codes(client, headers, created["id"])
    # a prosecutor needs no validation; subscriber data are not held to it either
    client.patch(
        f"/api/v1/requests/{created['id']}",
        json={"validating_authority": {"name": ""}, "issuing_authority": {"type": "prosecutor"}},
        headers=headers,
    )
    assert "issuer_not_validated" not in _codes(client, headers, created["id"])


def _page_state(html: str) -> tuple[str, str]:
    version = re.search(r'name="version" value="(\d+)"', html)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert version and token
    return version.group(1), token.group(1)


@pytest.mark.parametrize(
    ("step", "form", "saved"),
    [
        (
            "purpose",
            {
                "time_limit__date": LATER,
                "time_limit__reason": "evidence_at_risk",
                "time_limit__details": "The provider deletes logs after 90 days.",
            },
            {
                "time_limit": {
                    "date": LATER,
                    "reason": "evidence_at_risk",
                    "details": "The provider deletes logs after 90 days.",
                }
            },
        ),
        (
            "requesting",
            {
                "requesting_state": "FRA",
                "requesting_authority__name": "Brigade financière",
                "issuing_authority__type": "police",
                "validating_authority__name": "Parquet de Paris",
                "validating_authority__type": "prosecutor",
                "validating_authority__validated_on": "2026-11-30",
            },
            {
                "issuing_authority": {"type": "police"},
                "validating_authority": {
                    "name": "Parquet de Paris",
                    "type": "prosecutor",
                    "validated_on": "2026-11-30",
                },
            },
        ),
    ],
)
def test_the_wizard_asks_and_saves_them(
    step: str,
    form: dict[str, str],
    saved: dict[str, Any],
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict],
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    request_id = created_by_api(client, headers, kind="mla")["id"]
    login(author)
    url = f"/requests/{request_id}/step/{step}"
    page = client.get(url).get_data(as_text=True)
    for name in form:
        assert f'name="{name}"' in page, name
    version, token = _page_state(page)
    answer = client.post(url, data={"csrf_token": token, "version": version, **form})
    assert answer.status_code in (200, 302, 303), answer.get_data(as_text=True)[:500]
    stored = client.get(f"/api/v1/requests/{request_id}", headers=headers).get_json()
    for key, value in saved.items():
        assert stored[key] == value


def test_preservation_and_emergency_steps_ask_for_the_time_limit() -> None:
    from mla_tool.forms.kinds import request_kind

    for kind in ("mla", "preservation", "emergency_disclosure"):
        paths = {spec.name for step in request_kind(kind).steps for spec in step.fields}
        assert {"time_limit.date", "time_limit.reason", "time_limit.details"} <= paths, kind
        assert {"issuing_authority.type", "validating_authority.name"} <= paths, kind


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_document_prints_the_time_limit_at_the_top_and_the_issuer(language: str) -> None:
    html = documents.render_html(None, _with_fields(complete_request(language)), language)
    expected = {
        "en": ("Compliance requested by January 15, 2027 — Trial date", "Validated by"),
        "fr": ("15 janvier 2027", "Tribunal judiciaire de Paris"),  # the words: catalogues
    }[language]
    text = re.sub(r"<[^>]+>", "", html)
    assert expected[0] in text
    assert text.index(expected[0]) < text.index("1. ")  # near the top, before the sections
    assert expected[1] in text
    assert "Tribunal judiciaire de Paris" in text
    authority_section = html[html.index('id="s-a"') : html.index('id="s-b"')]
    assert 'id="issuer"' in authority_section


def test_the_eevidence_document_prints_them_too() -> None:
    document = _with_fields(sample_preservation())
    html = documents.render_html(None, document, "en")
    assert 'id="time-limit"' in html and 'id="issuer"' in html
    assert "Compliance requested by January 15, 2027" in html


def test_no_time_limit_prints_nothing() -> None:
    html = documents.render_html(None, complete_request("en"), "en")
    assert 'id="time-limit"' not in html and 'id="issuer"' not in html


#: The Arabic of the strings the test reads (the same as the catalogue's, which the lead merges).
ARABIC = {
    # the date last: a number followed by a dash is read back out of order by pdftotext
    "Compliance requested by %(date)s — %(reason)s": "%(reason)s — التنفيذ مطلوب في موعد أقصاه %(date)s",
    "Trial date": "موعد المحاكمة",
    "Issuing authority": "السلطة المصدرة",
    "Validated by": "صادقت عليه",
    "Police": "الشرطة",
    "Investigating judge": "قاضي التحقيق",
}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pdf_reads_back_the_time_limit(
    language: str, tmp_path: Path, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if language == "ar":
        catalogue = documents.translations("ar")._catalog  # type: ignore[attr-defined]
        for msgid, msgstr in ARABIC.items():
            monkeypatch.setitem(catalogue, msgid, msgstr)
    pdf = documents.render_pdf(None, _with_fields(complete_request(language)), language)
    text = pdf_text(pdf, tmp_path)
    if language == "en":
        assert "Compliance requested by January 15, 2027 — Trial date" in text
        assert "Validated by Tribunal judiciaire de Paris, Investigating judge" in text
    else:
        # the date in logical order (day, month, year); pdftotext drops the space after the day
        assert re.search("موعد المحاكمة — التنفيذ مطلوب في موعد أقصاه 15 ?يناير 2027", text)
        assert "Tribunal judiciaire de Paris" in text and "صادقت عليه" in text
