"""Extradition and provisional arrest for the same person share the person, warrant and
offences: from a formal request, a provisional-arrest request starts in the same case (the case
action), and the provisional arrest made from it does not convert into a second formal request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.errors import RequestError
from mla_tool.forms.extradition import actions
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.samples import extradition_request
from mla_tool.forms.submission import submit_request
from tests.conftest import csrf_token_from
from tests.factories.authorities import make_authority


def submitted_extradition(user: Any) -> MlaRequest:
    document = extradition_request()
    document["requested_authority"] = make_authority(
        functions=["central_authority_extradition"], channels=["central_authority", "interpol"]
    )
    request = create_request(user, document)
    submit_request(request, user)
    db.session.commit()
    assert request.case_id is not None
    return request


def test_a_formal_request_starts_a_provisional_arrest_in_the_same_case(
    client, make_user, login
) -> None:
    user = make_user("prosecutor", country="FRA")
    login(user)
    formal = submitted_extradition(user)
    html = client.get(f"/cases/{formal.case_id}").get_data(as_text=True)
    assert 'id="start-provisional"' in html
    response = client.post(
        f"/requests/{formal.id}/provisional-arrest", data={"csrf_token": csrf_token_from(html)}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/step/provisional")
    db.session.expire_all()
    provisional = db.session.execute(
        select(MlaRequest).where(MlaRequest.kind == "provisional_arrest")
    ).scalar_one()
    source = db.session.get(MlaRequest, formal.id)
    assert provisional.case_id == source.case_id and provisional.status == "draft"
    for key in ("persons", "offences", "warrant", "person_description", "requested_state"):
        assert provisional.data[key] == source.data[key], key
    assert provisional.data["extradition"] == {"converted_from": formal.id}
    assert "assurances" not in provisional.data and "supporting_documents" not in provisional.data
    # the case now shows the provisional arrest, linked to the formal request it came from
    html = client.get(f"/cases/{formal.case_id}").get_data(as_text=True)
    assert f'id="formal-request-link">#{formal.id}<' in html
    assert 'id="convert-request"' not in html and 'id="start-provisional"' not in html
    # neither direction makes a second request
    for again in (actions.start_provisional_arrest, actions.convert_to_extradition):
        target = source if again is actions.start_provisional_arrest else provisional
        try:
            again(target, user)
        except RequestError as error:
            assert error.status == 409
        else:  # pragma: no cover
            raise AssertionError("a second request was made")


def test_only_a_formal_request_starts_a_provisional_arrest(make_user) -> None:
    user = make_user("prosecutor", country="FRA")
    mla = create_request(user, {"kind": "mla"})
    db.session.commit()
    try:
        actions.start_provisional_arrest(mla, user)
    except RequestError as error:
        assert error.status == 409
    else:  # pragma: no cover
        raise AssertionError("an MLA request started a provisional arrest")
