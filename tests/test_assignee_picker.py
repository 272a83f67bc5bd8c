"""The case list's "assigned to" filter: the colleagues endpoint its autocomplete asks, and the
text field that names a colleague without script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from mla_tool.cases import opening
from mla_tool.cases.membership import colleagues_to_assign
from mla_tool.extensions import db


def _choices(client: FlaskClient, text: str) -> list[dict[str, Any]]:
    response = client.get("/cases/assignees", query_string={"q": text})
    assert response.status_code == 200 and response.is_json
    return response.get_json()["choices"]  # type: ignore[no-any-return]


def _person(
    make_user: Callable[..., Any], role: str, country: str, name: str, authority: int
) -> Any:
    user = make_user(role, country=country, display_name=name)
    user.authority_id = authority
    return user


def test_only_colleagues_of_the_same_authority_are_offered(
    make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    me = _person(make_user, "prosecutor", "FRA", "Mona Me", 1)
    same = _person(make_user, "caseworker", "FRA", "Colette Colleague", 1)
    other_authority = _person(make_user, "prosecutor", "FRA", "Colin X", 2)
    other_state = _person(make_user, "prosecutor", "BEL", "Coralie Y", 1)
    _person(make_user, "auditor", "FRA", "Cole Auditor", 1)
    gone = _person(make_user, "prosecutor", "FRA", "Colm Gone", 1)
    gone.active = False
    db.session.commit()
    client = login(me)
    offered = {c["id"] for c in _choices(client, "co")}
    assert offered == {same.id}
    # the same people as the picker of a new case, which lists them all
    assert {c["id"] for c in _choices(client, "")} == {u.id for u in colleagues_to_assign(me)}
    assert {me.id, same.id} <= {c["id"] for c in _choices(client, "")}
    for outsider in (other_authority, other_state, gone):
        assert outsider.email not in str(_choices(client, outsider.email))
    # by email too, case-insensitively; wildcards are plain characters
    assert [c["id"] for c in _choices(client, same.email.upper())] == [same.id]
    assert _choices(client, "%") == [] and _choices(client, "_") == []


def test_the_endpoint_needs_a_signed_in_reader_of_cases(
    client: FlaskClient, make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    assert client.get("/cases/assignees?q=a").status_code == 302  # to the sign-in page
    maintainer = make_user("maintainer", country="FRA")
    assert login(maintainer).get("/cases/assignees?q=a").status_code == 403


def test_the_filter_takes_a_name_or_an_email_without_script(
    make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    me = make_user("caseworker", country="FRA", display_name="Claire Caseworker")
    paul = make_user("prosecutor", country="FRA", display_name="Paul Prosecutor")
    make_user("prosecutor", country="FRA", display_name="Pauline Other")
    mine, given = (
        opening.open_case(
            direction="incoming", kind="mla", counterpart_state="DEU", title=title, actor=me
        )
        for title in ("Mine alone", "Given to Paul")
    )
    given.assigned_to = paul.id
    db.session.commit()
    client = login(me)
    for text in (paul.email, paul.email.upper(), "Paul Prosecutor", str(paul.id)):
        html = client.get("/cases/", query_string={"assigned_to": text}).get_data(True)
        assert "Given to Paul" in html and "Mine alone" not in html, text
        assert f'value="{paul.email}"' in html  # the field names the one chosen
    # several match: said, and not applied
    html = client.get("/cases/", query_string={"assigned_to": "Paul"}).get_data(True)
    assert "No single colleague matches" in html and "Mine alone" in html
    assert 'value="Paul"' in html  # kept in the field, to be corrected
    assert mine.id != given.id
    # the list of every colleague is no longer part of the page
    assert "Pauline Other" not in html
