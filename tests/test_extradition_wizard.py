"""The extradition and provisional-arrest kinds in the wizard: their steps render and save, the
findings show next to each step, and the draft cannot go to review while errors remain."""

from __future__ import annotations

from typing import Any

import pytest

from mla_tool.extensions import db
from mla_tool.forms.checking import check_request
from mla_tool.forms.drafting import create_request, update_request
from mla_tool.forms.errors import RequestError
from mla_tool.forms.kinds import KINDS
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.samples import extradition_request
from mla_tool.forms.submission import submit_request
from tests.conftest import csrf_token_from
from tests.factories.authorities import make_authority
from tests.factories.extradition_wizard import new_request

EXTRADITION_STEPS = [
    "requesting",
    "requested",
    "legal_basis",
    "proceedings",
    "person",
    "identification",
    "warrant",
    "offences",
    "facts",
    "assurances",
    "refusal_grounds",
    "documents",
    "review",
]


def post_step(client: Any, request_id: int, step: str, data: dict[str, Any]) -> Any:
    page = client.get(f"/requests/{request_id}/step/{step}")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(f"/requests/{request_id}/step/{step}", data={"csrf_token": token, **data})


def stored(request_id: int) -> dict[str, Any]:
    db.session.expire_all()
    return db.session.get(MlaRequest, request_id).data


def test_the_kinds_have_the_steps_of_the_issue() -> None:
    assert [step.code for step in KINDS["extradition"].steps] == EXTRADITION_STEPS
    provisional = [step.code for step in KINDS["provisional_arrest"].steps]
    assert "provisional" in provisional and "assurances" not in provisional
    person = KINDS["extradition"].step("person")
    names = {spec.name for spec in person.fields}
    assert {"name", "aliases", "nationality", "other_nationality", "address"} <= names
    offences = {spec.name for spec in KINDS["extradition"].step("offences").fields}
    assert {"text", "max_penalty", "limitation", "committed_on", "place", "facts"} <= offences


@pytest.mark.parametrize("kind", ["extradition", "provisional_arrest"])
def test_every_step_renders(kind: str, client, make_user, login) -> None:
    login(make_user("prosecutor", country="FRA"))
    request_id = new_request(client, kind)
    for step in KINDS[kind].steps:
        page = client.get(f"/requests/{request_id}/step/{step.code}")
        assert page.status_code == 200, step.code
    html = client.get(f"/requests/{request_id}/step/review").get_data(as_text=True)
    assert "Identify the person sought" in html  # the kind's own rules show at review


def test_steps_save_the_person_warrant_offence_assurance_and_documents(
    client, make_user, login
) -> None:
    login(make_user("prosecutor", country="FRA"))
    request_id = new_request(client, "extradition")
    response = post_step(client, request_id, "requested", {"requested_state": "ARE", "go": "stay"})
    assert response.status_code == 302
    response = post_step(
        client,
        request_id,
        "person",
        {
            "item-role": "accused",
            "item-name": "Jean Dupont",
            "item-aliases": "Abu Yusuf",
            "item-nationality": "FRA",
            "item-other_nationality": "ARE",
            "item-address": "Dubai Marina",
            "save": "1",
        },
    )
    assert response.status_code == 302
    response = post_step(
        client,
        request_id,
        "identification",
        {
            "person_description__description": "1.90 m, scar",
            "person_description__photograph": "y",
            "go": "next",
        },
    )
    assert response.status_code == 302
    response = post_step(
        client,
        request_id,
        "warrant",
        {
            "warrant__issued_by": "Juge d'instruction, Paris",
            "warrant__issued_on": "2026-01-15",
            "warrant__number": "MA-44",
            "go": "next",
        },
    )
    assert response.status_code == 302
    response = post_step(
        client,
        request_id,
        "offences",
        {
            "item-name": "Murder",
            "item-text": "Murder is punishable by death.",
            "item-max_penalty": "Death penalty",
            "item-death_penalty": "y",
            "item-limitation": "none",
            "item-committed_on": "2025-06-01",
            "item-place": "Paris",
            "item-nature": "ordinary",
            "save": "1",
        },
    )
    assert response.status_code == 302
    response = post_step(
        client,
        request_id,
        "assurances",
        {"item-type": "speciality", "item-text": "Only for these offences.", "save": "1"},
    )
    assert response.status_code == 302
    response = post_step(
        client,
        request_id,
        "documents",
        {"item-type": "warrant", "item-status": "to_follow", "item-language": "fr", "save": "1"},
    )
    assert response.status_code == 302
    data = stored(request_id)
    person = data["persons"][0]
    assert (person["name"], person["other_nationality"]) == ("Jean Dupont", "ARE")
    assert data["person_description"] == {
        "description": "1.90 m, scar",
        "photograph": True,
        "fingerprints": False,
    }
    assert data["warrant"]["number"] == "MA-44"
    assert data["offences"][0]["death_penalty"] is True
    assert data["assurances"] == [{"type": "speciality", "text": "Only for these offences."}]
    assert data["supporting_documents"][0]["status"] == "to_follow"

    # the findings of the kind's rules sit on their steps
    html = client.get(f"/requests/{request_id}/step/assurances").get_data(as_text=True)
    assert "the death penalty" in html.lower() and "assurance" in html
    html = client.get(f"/requests/{request_id}/step/review").get_data(as_text=True)
    assert "national of the requested state" in html


def test_a_bad_time_limit_is_refused_and_nothing_changes(client, make_user, login) -> None:
    login(make_user("prosecutor", country="FRA"))
    request_id = new_request(client, "provisional_arrest")
    before = stored(request_id)
    response = post_step(
        client,
        request_id,
        "provisional",
        {"extradition__time_limit_days": "forty", "extradition__channel": "interpol"},
    )
    assert response.status_code == 422
    assert stored(request_id) == before
    response = post_step(
        client,
        request_id,
        "provisional",
        {
            "extradition__time_limit_days": "60",
            "extradition__channel": "interpol",
            "extradition__formal_request_undertaking": "y",
            "go": "stay",
        },
    )
    assert response.status_code == 302
    assert stored(request_id)["extradition"] == {
        "time_limit_days": 60,
        "channel": "interpol",
        "formal_request_undertaking": True,
    }


def test_the_draft_cannot_go_to_review_while_errors_remain(client, make_user, login) -> None:
    user = make_user("prosecutor", country="FRA")
    login(user)
    authority = make_authority(functions=["central_authority_extradition"])
    document = extradition_request(requested_authority=authority)
    document["persons"][0]["nationality"] = "ARE"
    document["offences"][0]["max_penalty"] = "Death penalty"
    request = create_request(user, {**document, "assurances": []})
    db.session.commit()
    token = csrf_token_from(
        client.get(f"/requests/{request.id}/step/review").get_data(as_text=True)
    )
    response = client.post(
        f"/requests/{request.id}/submit", data={"csrf_token": token}, follow_redirects=True
    )
    assert "not complete" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(MlaRequest, request.id).status == "draft"
    with pytest.raises(RequestError) as refused:
        submit_request(db.session.get(MlaRequest, request.id), user)
    assert refused.value.status == 409
    assert "assurances" in refused.value.fields

    update_request(
        db.session.get(MlaRequest, request.id),
        {
            "assurances": [
                {"type": "death_penalty", "text": "The death penalty will not be imposed."},
                {"type": "speciality", "text": "Only for the offences of this request."},
            ]
        },
        user,
    )
    db.session.commit()
    assert check_request(db.session.get(MlaRequest, request.id)).complete
    response = client.post(
        f"/requests/{request.id}/submit", data={"csrf_token": token}, follow_redirects=True
    )
    assert response.status_code == 200
    db.session.expire_all()
    submitted = db.session.get(MlaRequest, request.id)
    assert submitted.status == "submitted" and submitted.case_id is not None


def test_steps_that_share_the_extradition_object_keep_each_others_values(
    client, make_user, login
) -> None:
    login(make_user("prosecutor", country="FRA"))
    request_id = new_request(client, "provisional_arrest")
    response = post_step(
        client,
        request_id,
        "legal_basis",
        {"legal_basis": "reciprocity", "extradition__treaty_threshold": "1 year", "go": "stay"},
    )
    assert response.status_code == 302
    response = post_step(
        client,
        request_id,
        "provisional",
        {"extradition__channel": "direct", "extradition__time_limit_days": "45", "go": "stay"},
    )
    assert response.status_code == 302
    saved = stored(request_id)["extradition"]
    assert saved["treaty_threshold"] == "1 year"
    assert (saved["channel"], saved["time_limit_days"]) == ("direct", 45)
    assert saved["formal_request_undertaking"] is False


def test_the_side_panel_marks_the_extradition_central_authority(client, make_user, login) -> None:
    extradition_only = make_authority("EGY", ["central_authority_extradition"])
    login(make_user("prosecutor", country="FRA"))
    request_id = new_request(client, "extradition")
    post_step(client, request_id, "requested", {"requested_state": "EGY"})
    html = client.get(f"/requests/{request_id}/step/requested").get_data(as_text=True)
    panel = html.split(f'id="authority-{extradition_only}"')[1].split("</div>")[0]
    assert "central authority" in panel
    mla_id = new_request(client, "mla")
    post_step(client, mla_id, "requested", {"requested_state": "EGY"})
    html = client.get(f"/requests/{mla_id}/step/requested").get_data(as_text=True)
    if f'id="authority-{extradition_only}"' in html:  # proposed, but not as the MLA authority
        panel = html.split(f'id="authority-{extradition_only}"')[1].split("</div>")[0]
        assert "central authority" not in panel
