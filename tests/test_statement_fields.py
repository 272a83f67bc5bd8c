"""The statements the official forms ask for (issue 18): necessity and proportionality, the
similar-domestic-case test (Directive 2014/41/EU art. 6) and, where the requested state's
profile requires dual criminality, how the conduct is an offence there (UNTOC art. 18(9)):
asked in the wizard, taken and refused by the API, printed in the document."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.forms import documents
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.kinds import request_kind
from mla_tool.forms.samples import complete_request
from mla_tool.forms.statement_fields import asked_fields, dual_criminality_required
from tests.factories.rendering import created_by_api

STATEMENTS = {
    "proportionality": "Six months of one account: no less intrusive measure shows the transfers.",
    "similar_domestic_case": True,
    "dual_criminality": "Betrug, § 263 StGB: deceiving another to obtain property.",
}


def _page_state(html: str) -> tuple[str, str]:
    version = re.search(r'name="version" value="(\d+)"', html)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert version and token
    return version.group(1), token.group(1)


def test_the_api_takes_the_statements_and_refuses_bad_values(
    client: FlaskClient, make_user: Callable[..., Any], api_headers: Callable[[Any], dict]
) -> None:
    headers = api_headers(make_user("prosecutor"))
    created = created_by_api(client, headers, kind="mla", **STATEMENTS)
    for key, value in STATEMENTS.items():
        assert created[key] == value
    for bad in (
        {"similar_domestic_case": "yes please"},
        {"proportionality": {"text": "x"}},
        {"dual_criminality": "x" * 20001},
    ):
        answer = client.patch(f"/api/v1/requests/{created['id']}", json=bad, headers=headers)
        assert answer.status_code == 422, (bad, answer.get_json())


def test_the_openapi_document_names_them(
    client: FlaskClient, make_user: Callable[..., Any], api_headers: Callable[[Any], dict]
) -> None:
    spec = client.get("/api/v1/openapi.json", headers=api_headers(make_user("prosecutor")))
    schemas = spec.get_json()["components"]["schemas"]
    documents_ = [s for s in schemas.values() if "time_limit" in s.get("properties", {})]
    assert documents_
    for schema in documents_:
        properties = schema["properties"]
        assert {"proportionality", "similar_domestic_case", "dual_criminality"} <= set(properties)


def test_the_dual_criminality_statement_is_asked_only_where_the_profile_requires_it() -> None:
    facts = request_kind("mla").step("facts")
    assert facts is not None
    assert dual_criminality_required({"requested_state": "DEU"})  # coercive_only, IRG § 66-67
    assert not dual_criminality_required({"requested_state": "USA"})  # not recorded: unknown
    assert not dual_criminality_required({})
    asked = {spec.name for spec in asked_fields(facts.fields, {"requested_state": "DEU"})}
    assert "dual_criminality" in asked
    asked = {spec.name for spec in asked_fields(facts.fields, {"requested_state": "ARE"})}
    assert "facts" in asked and "dual_criminality" not in asked


@pytest.mark.parametrize(
    ("state", "step", "form", "saved", "absent"),
    [
        (
            "ARE",
            "purpose",
            {
                "proportionality": STATEMENTS["proportionality"],
                "similar_domestic_case": "y",
            },
            {"proportionality": STATEMENTS["proportionality"], "similar_domestic_case": True},
            "dual_criminality",
        ),
        ("DEU", "facts", {"dual_criminality": STATEMENTS["dual_criminality"]}, {}, ""),
        ("ARE", "facts", {"facts": "The suspect moved the money."}, {}, "dual_criminality"),
    ],
)
def test_the_wizard_asks_and_saves_them(
    state: str,
    step: str,
    form: dict[str, str],
    saved: dict[str, Any],
    absent: str,
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict],
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    request_id = created_by_api(client, headers, kind="mla", requested_state=state)["id"]
    login(author)
    url = f"/requests/{request_id}/step/{step}"
    page = client.get(url).get_data(as_text=True)
    for name in form:
        assert f'name="{name}"' in page, name
    if absent:
        assert f'name="{absent}"' not in page
    version, token = _page_state(page)
    answer = client.post(url, data={"csrf_token": token, "version": version, **form})
    assert answer.status_code in (200, 302, 303), answer.get_data(as_text=True)[:500]
    stored = client.get(f"/api/v1/requests/{request_id}", headers=headers).get_json()
    for key, value in (saved or {k: v for k, v in form.items() if k != "facts"}).items():
        assert stored[key] == value


def test_preservation_and_emergency_ask_for_proportionality() -> None:
    for kind in ("mla", "preservation", "emergency_disclosure"):
        paths = {spec.name for step in request_kind(kind).steps for spec in step.fields}
        assert {"proportionality", "similar_domestic_case"} <= paths, kind
    extradition = {spec.name for step in request_kind("extradition").steps for spec in step.fields}
    assert "dual_criminality" not in extradition


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    ("language", "heading", "certified"),
    [
        (
            "en",
            "Necessity and proportionality",
            "could have been ordered under the same conditions",
        ),
        ("fr", "", ""),
    ],
)
def test_the_document_prints_them(language: str, heading: str, certified: str) -> None:
    html = documents.render_html(None, {**complete_request(language), **STATEMENTS}, language)
    text = _text(html)
    assert 'id="proportionality"' in html and 'id="dual-criminality"' in html
    assert STATEMENTS["proportionality"] in text and "§ 263 StGB" in text
    purpose = html[html.index('id="s-f"') : html.index('id="s-undertakings"')]
    assert 'id="proportionality"' in purpose
    offences = html[html.index('id="s-b"') : html.index('id="s-c"')]
    assert 'id="dual-criminality"' in offences
    if heading:
        assert heading in text and certified in text


def test_the_preservation_document_prints_proportionality() -> None:
    html = documents.render_html(None, {**sample_preservation(), **STATEMENTS}, "en")
    assert 'id="proportionality"' in html
    necessity = html[html.index('id="s-necessity"') : html.index('id="s-undertaking"')]
    assert STATEMENTS["proportionality"] in _text(necessity)


def test_nothing_given_prints_nothing() -> None:
    document = complete_request("en")
    for key in STATEMENTS:
        document.pop(key, None)
    html = documents.render_html(None, document, "en")
    assert 'id="proportionality"' not in html and 'id="dual-criminality"' not in html


EARLIER = [
    {
        "date": "2026-09-14",
        "authority": "Ministry of Justice, Abu Dhabi",
        "reference": "PNF 26/118",
    },
    {"authority": "Interpol Lyon", "reference": "2026/77"},
]


def test_earlier_requests_in_the_api_the_wizard_and_the_document(
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict],
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    created = created_by_api(client, headers, kind="mla", related_requests=EARLIER)
    assert created["related_requests"][0] == EARLIER[0]
    for bad in (
        {"related_requests": [{"date": "14/09/2026"}]},
        {"related_requests": [{"court": "x"}]},
        {"related_requests": {"date": "2026-09-14"}},
    ):
        answer = client.patch(f"/api/v1/requests/{created['id']}", json=bad, headers=headers)
        assert answer.status_code == 422, (bad, answer.get_json())
    login(author)
    url = f"/requests/{created['id']}/step/proceedings"
    page = client.get(url).get_data(as_text=True)
    assert "2026-09-14 | Ministry of Justice, Abu Dhabi | PNF 26/118" in page
    field = re.search(r'<textarea[^>]*name="related_requests"[^>]*>', page)
    assert field and 'dir="ltr"' in field.group(0)  # the parts read in order in Arabic too
    version, token = _page_state(page)
    form = {
        "csrf_token": token,
        "version": version,
        "subject": "Fraud",
        "related_requests": "2026-10-01 | Parquet de Paris | 26/9\n | Interpol Lyon | 2026/77",
    }
    assert client.post(url, data=form).status_code in (200, 302, 303)
    stored = client.get(f"/api/v1/requests/{created['id']}", headers=headers).get_json()
    assert stored["related_requests"] == [
        {"date": "2026-10-01", "authority": "Parquet de Paris", "reference": "26/9"},
        {"authority": "Interpol Lyon", "reference": "2026/77"},
    ]
    form["related_requests"] = "1 October | Parquet de Paris"
    refused = client.post(url, data={**form, "version": str(int(version) + 1)})
    assert refused.status_code == 422
    assert "YYYY-MM-DD" in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "September 14, 2026"), ("fr", "14 septembre 2026"), ("ar", "سبتمبر")],
)
def test_the_document_prints_earlier_requests(language: str, expected: str) -> None:
    document = {**complete_request(language), "related_requests": EARLIER}
    html = documents.render_html(None, document, language)
    section = html[html.index('id="s-b"') : html.index('id="s-c"')]
    assert 'id="related-requests"' in section
    assert expected in _text(section) and "PNF 26/118" in section and "Interpol Lyon" in section
    preservation = documents.render_html(None, {**sample_preservation(), **document}, "en")
    assert 'id="related-requests"' in preservation


COMPANY = {
    "role": "account_holder",
    "type": "legal",
    "name": "Gulf Trading FZE",
    "legal_form": "Free zone establishment",
    "registration_number": "DMCC-88213",
    "seat": "Jumeirah Lake Towers, Dubai",
    "representative": "Karim Haddad, manager",
    "nationality": "ARE",
}


def test_a_legal_person_in_the_api_the_wizard_the_rules_and_the_document(
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict],
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    created = created_by_api(client, headers, kind="mla", persons=[COMPANY])
    assert created["persons"][0] == COMPANY
    bad = {"persons": [{**COMPANY, "type": "company"}]}
    answer = client.patch(f"/api/v1/requests/{created['id']}", json=bad, headers=headers)
    assert answer.status_code == 422
    check = client.get(f"/api/v1/requests/{created['id']}/check", headers=headers).get_json()
    codes = {f["code"] for f in check["findings"]}
    assert "person_location_missing" not in codes  # its registered seat is its location
    assert "legal_person_unidentified" not in codes
    login(author)
    url = f"/requests/{created['id']}/step/persons?item=0"
    page = client.get(url).get_data(as_text=True)
    for name in ("type", "legal_form", "registration_number", "seat", "representative"):
        assert f'name="item-{name}"' in page, name
    assert "DMCC-88213" in page


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Registration number"), ("fr", "DMCC-88213"), ("ar", "DMCC-88213")],
)
def test_the_document_prints_a_legal_person(language: str, label: str) -> None:
    document = complete_request(language)
    document["persons"].append(COMPANY)
    html = documents.render_html(None, document, language)
    persons = _text(html[html.index('id="s-e"') : html.index('id="s-f"')])
    assert label in persons and "Karim Haddad, manager" in persons
    if language == "en":
        assert "Legal person (company, association…)" in persons
        assert "Registered seatJumeirah Lake Towers, Dubai" in persons
    first = persons[: persons.index("Gulf Trading FZE")]
    assert "DMCC" not in first  # the rows follow their own person


WITNESS = {
    "role": "witness",
    "name": "Account manager of Emirates Example Bank PJSC",
    "nationality": "ARE",
    "address": "Dubai",
    "languages": ["ar", "en"],
}


def test_the_languages_a_person_understands(
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict],
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    document = complete_request()
    document["persons"].append({**WITNESS, "languages": None})
    created = created_by_api(client, headers, **document)
    check = client.get(f"/api/v1/requests/{created['id']}/check", headers=headers).get_json()
    found = [f for f in check["findings"] if f["code"] == "person_languages_unknown"]
    assert [(f["field"], f["severity"]) for f in found] == [("persons[1].languages", "warning")]
    answer = client.patch(
        f"/api/v1/requests/{created['id']}",
        json={"persons": [{**WITNESS, "languages": ["arabic"]}]},
        headers=headers,
    )
    assert answer.status_code == 422
    login(author)
    url = f"/requests/{created['id']}/step/persons?item=1"
    page = client.get(url).get_data(as_text=True)
    assert 'name="item-languages"' in page and "العربية" in page and "Français" in page
    version, token = _page_state(page)
    form = {
        "csrf_token": token,
        "version": version,
        "item": "1",
        "save": "1",
        "item-role": "witness",
        "item-name": WITNESS["name"],
        "item-languages": ["ar", "en"],
    }
    assert client.post(url, data=form).status_code in (200, 302, 303)
    stored = client.get(f"/api/v1/requests/{created['id']}", headers=headers).get_json()
    assert stored["persons"][1]["languages"] == ["ar", "en"]
    check = client.get(f"/api/v1/requests/{created['id']}/check", headers=headers).get_json()
    assert "person_languages_unknown" not in {f["code"] for f in check["findings"]}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Languages understoodArabic, English"),
        ("fr", "arabe, anglais"),
        ("ar", "العربية، الإنجليزية"),
    ],
)
def test_the_document_names_the_languages_in_its_own(language: str, expected: str) -> None:
    document = complete_request(language)
    document["persons"].append(WITNESS)
    html = documents.render_html(None, document, language)
    assert expected in _text(html[html.index('id="s-e"') : html.index('id="s-f"')])


def test_costs_in_the_api_the_wizard_and_the_document(
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict],
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    costs = {"borne_by": "to_be_agreed", "details": "Interpreter and line: about EUR 1,200."}
    created = created_by_api(client, headers, kind="mla", costs=costs)
    assert created["costs"] == costs
    for bad in ({"costs": {"borne_by": "nobody"}}, {"costs": {"amount": 3}}):
        answer = client.patch(f"/api/v1/requests/{created['id']}", json=bad, headers=headers)
        assert answer.status_code == 422, bad
    login(author)
    page = client.get(f"/requests/{created['id']}/step/purpose").get_data(as_text=True)
    assert 'name="costs__borne_by"' in page and 'name="costs__details"' in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The requesting State will bear the extraordinary costs."),
        ("fr", "EUR 1,200"),
    ],
)
def test_the_document_prints_the_costs(language: str, expected: str) -> None:
    document = complete_request(language)
    document["costs"] = {"borne_by": "requesting_state", "details": "Interpreter: EUR 1,200."}
    html = documents.render_html(None, document, language)
    section = html[html.index('id="s-undertakings"') :]
    assert 'id="costs"' in section and expected in _text(section)
    assert 'id="costs"' not in documents.render_html(None, complete_request(language), language)
