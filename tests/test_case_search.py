"""Search of cases and requests: folded Arabic and Latin, persons, aliases, offences, states and
identifiers of the requests filed in a case; only cases the searcher may see; cases about the
same person linked on each case page; the migration fills the index of existing rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from mla_tool.cases import membership, opening
from mla_tool.cases.listing import CaseFilters, list_cases
from mla_tool.cases.person_links import linked_cases
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request, update_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.samples import complete_request, extradition_request
from mla_tool.text_folding import compact, normalise, query_phrases
from tests.factories.labels_migration import _insert
from tests.factories.migration_app import (  # noqa: F401 -- the fixtures
    empty_database_url,
    migration_app,
)

FOLDING = [
    ("عمّان", "عمان"),  # shadda
    ("عَمَّانُ", "عمان"),  # harakat
    ("عمـــان", "عمان"),  # tatweel
    ("أحمد", "احمد"),  # hamza above
    ("إبراهيم", "ابراهيم"),  # hamza below
    ("آمنة", "امنه"),  # madda, teh marbuta
    ("ٱلله", "الله"),  # alef wasla
    ("مؤمن", "مومن"),  # waw with hamza
    ("هيئة", "هييه"),  # yeh with hamza, teh marbuta
    ("مصطفى", "مصطفي"),  # alef maqsura
    ("٠٧٩٥٥٥", "079555"),  # Arabic-Indic digits
    ("José Martínez", "jose martinez"),
    ("JOSÉ", "jose"),
    ("Müller-Lüdenscheidt", "muller ludenscheidt"),
    ("Straße", "strasse"),
    ("Ｆｕｌｌ", "full"),  # NFKD: full-width letters
    ("  Çağrı\tÖz ", "cagri oz"),
    ("Łukasz Søren Đorđe", "lukasz soren dorde"),  # letters NFKD leaves whole
    ("", ""),
    (None, ""),
]


@pytest.mark.parametrize(("typed", "folded"), FOLDING)
def test_folding(typed: str | None, folded: str) -> None:
    assert normalise(typed) == folded


def test_query_phrases_keep_an_identifier_whole() -> None:
    assert query_phrases("José  203.0.113.5 عمّان") == ["jose", "203 0 113 5", "عمان"]
    assert query_phrases(" - ") == []
    assert compact("+962 79-555 1234") == "962795551234"


PERSON = {
    "role": "suspect",
    "name": "José Martínez",
    "aliases": "Abu Khalil, أبو خليل",
    "birth_date": "1980-02-03",
    "address": "شارع الملك حسين، عمّان",
    "id_documents": "Passport P1234567",
    "nationality": "ESP",
}
DOCUMENT = {
    "requesting_state": "FRA",
    "requested_state": "JOR",
    "reference": "PNF-2026-0042",
    "subject": "Blanchiment en bande organisée",
    "persons": [PERSON],
    "offences": [{"name": "Money laundering"}, {"name": "غسل الأموال"}],
}
IDENTIFIERS = {
    "measures": [
        {
            "type": "subscriber_information",
            "details": {
                "identifiers": [
                    {"type": "ip", "value": "203.0.113.5"},
                    {"type": "phone", "value": "+962 79 555 1234"},
                    {"type": "account", "value": "jmartinez@example.org"},
                ],
                "provider": {"name": "Orange Jordan", "country": "JOR"},
            },
        }
    ]
}


def _case(actor: Any, title: str, **extra: Any) -> Any:
    fields = {"direction": "outgoing", "kind": "mla", "counterpart_state": "JOR", **extra}
    return opening.open_case(title=title, actor=actor, **fields)


def _file(actor: Any, case: Any, data: dict[str, Any]) -> MlaRequest:
    """A request filed in `case`, saved as the wizard saves it (its identifiers written raw)."""
    request = create_request(actor, {"kind": "mla", **data})
    request.case_id = case.id
    db.session.flush()
    return request


@pytest.fixture
def world(make_user: Callable[..., Any]) -> dict[str, Any]:
    owner = make_user("caseworker", country="FRA")
    fraud = _case(owner, "Affaire Martínez")
    request = _file(owner, fraud, DOCUMENT)
    # identifiers go in raw: the search must not depend on what the wizard's checks accept
    request.data = {**request.data, **IDENTIFIERS}
    other = _case(owner, "Unrelated matter", counterpart_state="DEU")
    _file(owner, other, {"persons": [{"role": "witness", "name": "Anna Schmidt"}]})
    db.session.commit()
    return {"owner": owner, "fraud": fraud, "other": other, "request": request}


def _found(user: Any, query: str) -> set[int]:
    return {c.id for c in list_cases(user, CaseFilters(q=query, per_page=200)).items}


@pytest.mark.parametrize(
    "query",
    [
        "jose martinez",  # a name without its accents
        "MARTÍNEZ",
        "José",
        "abu khalil",  # an alias
        "ابو خليل",  # an Arabic alias typed without its hamza
        "عمان",  # the address says عمّان
        "عمّان",
        "money laundering",  # an offence
        "الاموال",
        "P1234567",  # an identity document
        "203.0.113.5",  # an IP address
        "+962795551234",  # a phone number typed without spaces
        "962-79-555-1234",
        "jmartinez@example.org",  # an account
        "orange",  # the provider
        "PNF-2026-0042",  # the request's reference
        "blanchiment organisee",
        "martinez affaire",  # words from the title and from a person
        "Jordan",  # the other state, by name
        "الأردن",
        "Espagne",  # a person's nationality, in French
    ],
)
def test_search_finds_a_case_by_what_its_requests_say(world: dict[str, Any], query: str) -> None:
    assert _found(world["owner"], query) == {world["fraud"].id}


def test_search_finds_the_person_sought_of_an_extradition_and_an_arabic_request(
    make_user: Callable[..., Any],
) -> None:
    owner = make_user("caseworker", country="FRA")
    extradition = _case(owner, "Extradition", kind="extradition", counterpart_state="ARE")
    _file(owner, extradition, extradition_request(requested_authority=None))
    arabic = _case(owner, "طلب مساعدة", counterpart_state="ARE")
    _file(owner, arabic, complete_request("ar", requested_authority=None))
    db.session.commit()
    assert _found(owner, "abu yusuf") == {extradition.id}
    assert _found(owner, "MA-2026-44") == {extradition.id}  # the warrant's number
    assert _found(owner, "غسل الاموال") == {arabic.id}
    assert _found(owner, "jean dupont") == {extradition.id, arabic.id}
    assert _found(owner, "الإمارات") == {extradition.id, arabic.id}


def test_search_finds_nothing_it_should_not(world: dict[str, Any]) -> None:
    assert _found(world["owner"], "Khalid") == set()
    assert _found(world["owner"], "jose schmidt") == set()  # every word must occur
    assert _found(world["owner"], "203.0.113.6") == set()
    assert _found(world["owner"], "schmidt") == {world["other"].id}
    assert _found(world["owner"], "") == {world["fraud"].id, world["other"].id}


def test_a_changed_request_is_found_by_its_new_text(world: dict[str, Any]) -> None:
    request = world["request"]
    persons = [{**PERSON, "name": "Ramón Ortega", "aliases": None}]
    update_request(request, {"persons": persons}, world["owner"])
    db.session.commit()
    assert _found(world["owner"], "ramon ortega") == {world["fraud"].id}
    assert _found(world["owner"], "abu khalil") == set()


def test_search_of_cases_keeps_to_need_to_know(
    world: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    outsider_caseworker = make_user("caseworker", country="BEL")  # supervisor elsewhere
    outsider_prosecutor = make_user("prosecutor", country="FRA")  # not on the case
    for user in (outsider_caseworker, outsider_prosecutor):
        assert _found(user, "José Martínez") == set()
        assert _found(user, "عمان") == set()
    membership.add_member(world["fraud"], outsider_prosecutor, "member", world["owner"])
    db.session.commit()
    assert _found(outsider_prosecutor, "José Martínez") == {world["fraud"].id}


def test_a_confidential_case_is_found_by_persons_only_by_its_members(
    world: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    owner = world["owner"]
    secret = _case(owner, "Sealed matter", reference="SEAL-7", confidential=True)
    _file(owner, secret, {"persons": [{"role": "suspect", "name": "Leïla Haddad"}]})
    db.session.commit()
    supervisor = make_user("caseworker", country="FRA")  # sees the case in lists, not a member
    assert _found(owner, "leila haddad") == {secret.id}
    assert _found(supervisor, "leila haddad") == set()
    assert _found(supervisor, "sealed") == set()
    assert _found(supervisor, "SEAL-7") == {secret.id}  # as before: by its reference


def test_the_api_lists_cases_found_by_a_persons_name(
    world: dict[str, Any],
    make_user: Callable[..., Any],
    client: FlaskClient,
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    response = client.get(
        "/api/v1/cases", query_string={"q": "ابو خليل"}, headers=api_headers(world["owner"])
    )
    assert response.status_code == 200, response.json
    assert [item["id"] for item in response.json["items"]] == [world["fraud"].id]
    stranger = make_user("caseworker", country="BEL")
    response = client.get(
        "/api/v1/cases", query_string={"q": "ابو خليل"}, headers=api_headers(stranger)
    )
    assert response.json["items"] == []


def test_the_api_lists_requests_found_by_a_persons_name(
    world: dict[str, Any],
    make_user: Callable[..., Any],
    client: FlaskClient,
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    def found(user: Any, query: str) -> list[int]:
        response = client.get(
            "/api/v1/requests", query_string={"q": query}, headers=api_headers(user)
        )
        assert response.status_code == 200, response.json
        return [item["id"] for item in response.json]

    owner = world["owner"]
    assert found(owner, "ابو خليل") == [world["request"].id]
    assert found(owner, "JOSÉ 203.0.113.5") == [world["request"].id]
    assert found(owner, "schmidt") != [world["request"].id]
    assert found(owner, "Khalid") == []
    assert found(make_user("caseworker", country="BEL"), "ابو خليل") == []


def test_the_case_list_page_searches_persons(
    world: dict[str, Any], login: Callable[[Any], FlaskClient]
) -> None:
    client = login(world["owner"])
    html = client.get("/cases/", query_string={"q": "jose"}).get_data(as_text=True)
    assert f'href="/cases/{world["fraud"].id}"' in html
    assert f'href="/cases/{world["other"].id}"' not in html


def _fugitive(**extra: Any) -> dict[str, Any]:
    person = {"role": "accused", "name": "Karim Nassar", "birth_date": "1975-07-09", **extra}
    return {"persons": [person]}


@pytest.fixture
def fugitive(make_user: Callable[..., Any]) -> dict[str, Any]:
    """One person in three cases (by name and birth date, by alias, by passport), one namesake."""
    owner = make_user("caseworker", country="FRA")
    first = _case(owner, "Extradition of K. Nassar", kind="extradition")
    _file(owner, first, _fugitive(id_documents="Passport JO998877"))
    second = _case(owner, "Fraud in Lyon", counterpart_state="ESP")
    _file(owner, second, _fugitive(name="KARIM NASSAR"))
    third = _case(owner, "Assets", counterpart_state="ARE")
    _file(owner, third, _fugitive(name="Abu Samir", birth_date=None, id_documents="JO998877"))
    namesake = _case(owner, "Another Karim Nassar")
    _file(owner, namesake, _fugitive(birth_date="1990-01-01"))
    db.session.commit()
    return {"owner": owner, "cases": (first, second, third), "namesake": namesake}


def test_cases_about_the_same_person_are_linked(fugitive: dict[str, Any]) -> None:
    first, second, third = fugitive["cases"]
    owner = fugitive["owner"]
    assert {link.case.id for link in linked_cases(owner, first)} == {second.id, third.id}
    assert {link.case.id for link in linked_cases(owner, second)} == {first.id}
    assert {link.case.id for link in linked_cases(owner, third)} == {first.id}
    assert linked_cases(owner, fugitive["namesake"]) == []
    assert _found(owner, "karim nassar") == {first.id, second.id, fugitive["namesake"].id}


def test_the_case_page_links_only_cases_the_viewer_may_see(
    fugitive: dict[str, Any], make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    first, second, third = fugitive["cases"]
    prosecutor = make_user("prosecutor", country="FRA")
    for case in (first, second):
        membership.add_member(case, prosecutor, "member", fugitive["owner"])
    db.session.commit()
    html = login(prosecutor).get(f"/cases/{first.id}").get_data(as_text=True)
    assert 'id="person-links"' in html
    assert f'href="/cases/{second.id}"' in html
    assert f'href="/cases/{third.id}"' not in html
    assert "Assets" not in html


def test_the_migration_indexes_existing_cases_and_requests(migration_app: Flask) -> None:
    with migration_app.app_context():
        upgrade(revision="0012")
        with db.engine.begin() as connection:
            user = _insert(connection, "users", email="a@example.org", role="caseworker")
            case = _insert(
                connection,
                "cases",
                created_by=user,
                direction="outgoing",
                title="Affaire Martínez",
                counterpart_state="JOR",
            )
            request = _insert(connection, "requests", owner_id=user, case_id=case, data=_fugitive())
        upgrade()
        with db.engine.connect() as connection:
            entries = {
                row.request_id: (row.case_id, row.text)
                for row in connection.execute(sa.text("SELECT * FROM search_entries"))
            }
            keys = list(
                connection.execute(sa.text("SELECT request_id, case_id, key FROM person_keys"))
            )
        db.session.remove()
        db.engine.dispose()
    assert entries[None][0] == case and "affaire martinez" in entries[None][1]
    assert "الاردن" in entries[None][1]
    assert entries[request] == (case, "karim nassar")
    assert [tuple(k) for k in keys] == [(request, case, "n:karim nassar|1975-07-09")]
