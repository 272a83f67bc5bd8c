"""The wizard pages: steps save and resume, lists of items and measures, review, submit."""

from __future__ import annotations

from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request, update_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.samples import complete_request
from tests.conftest import csrf_token_from
from tests.factories.authorities import make_authority
from tests.factories.drafts import new_draft


def test_steps_save_resume_and_show_progress(client, make_user, login) -> None:
    user = make_user("prosecutor", country="FRA")
    login(user)
    request_id = new_draft(client)
    page = client.get(f"/requests/{request_id}/step/requesting")
    html = page.get_data(as_text=True)
    assert "Step 1 of 10" in html
    assert 'id="requesting_authority__name"' in html
    token = csrf_token_from(html)
    response = client.post(
        f"/requests/{request_id}/step/requesting",
        data={
            "csrf_token": token,
            "requesting_state": "FRA",
            "requesting_authority__name": "Parquet national financier",
            "requesting_authority__email": "pnf@justice.example",
            "reference": "PNF-1",
            "go": "next",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/requests/{request_id}/step/requested")
    item = db.session.get(MlaRequest, request_id)
    assert item.data["requesting_authority"]["name"] == "Parquet national financier"
    assert item.version == 2 and item.last_step == "requesting"
    # resume goes back to the last step saved
    assert client.get(f"/requests/{request_id}").headers["Location"].endswith("/step/requesting")

    # a bad date is refused and nothing changes
    page = client.get(f"/requests/{request_id}/step/purpose")
    assert "Step 9 of 10" in page.get_data(as_text=True)
    response = client.post(
        f"/requests/{request_id}/step/purpose",
        data={
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            "purpose": "Evidence",
            "urgent__respond_by": "31/31/2026",
        },
    )
    assert response.status_code == 422
    db.session.refresh(item)
    assert "purpose" not in item.data and item.version == 2


def test_requested_state_proposes_the_central_authority(client, make_user, login) -> None:
    user = make_user("prosecutor")
    login(user)
    authority = make_authority(requirements="Arabic translation required.")
    request_id = new_draft(client)
    page = client.get(f"/requests/{request_id}/step/requested")
    token = csrf_token_from(page.get_data(as_text=True))
    client.post(
        f"/requests/{request_id}/step/requested",
        data={"csrf_token": token, "requested_state": "ARE", "go": "stay"},
    )
    html = client.get(f"/requests/{request_id}/step/requested").get_data(as_text=True)
    assert f'id="authority-{authority}"' in html
    assert "International Cooperation Department" in html or "إدارة التعاون الدولي" in html
    assert 'id="accepted-languages"' in html
    # one click: use this authority
    response = client.post(
        f"/requests/{request_id}/step/requested",
        data={
            "csrf_token": token,
            "requested_state": "ARE",
            "language": "ar",
            "use_authority": str(authority),
            "go": "stay",
        },
    )
    assert response.status_code == 302
    item = db.session.get(MlaRequest, request_id)
    assert item.requested_authority_id == authority and item.language == "ar"
    html = client.get(f"/requests/{request_id}/step/requested").get_data(as_text=True)
    assert "Arabic translation required." in html and 'name="requirements_confirmed"' in html


def test_offences_persons_and_measures_with_sub_forms(client, make_user, login) -> None:
    user = make_user("prosecutor")
    login(user)
    request_id = new_draft(client)
    page = client.get(f"/requests/{request_id}/step/offences")
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        f"/requests/{request_id}/step/offences",
        data={"csrf_token": token, "item-name": "Fraud", "item-text": "Art. 313-1", "save": "1"},
    )
    assert response.status_code == 302
    client.post(
        f"/requests/{request_id}/step/offences",
        data={"csrf_token": token, "item-name": "Money laundering", "save": "1"},
    )
    client.post(
        f"/requests/{request_id}/step/offences",
        data={"csrf_token": token, "item": "0", "item-name": "Aggravated fraud", "save": "1"},
    )
    empty = client.post(
        f"/requests/{request_id}/step/offences", data={"csrf_token": token, "save": "1"}
    )
    assert empty.status_code == 422 and "an empty entry was not saved" in empty.get_data(True)
    empty_measure = client.post(
        f"/requests/{request_id}/step/measures",
        data={"csrf_token": token, "type": "records", "save": "1"},
    )
    assert empty_measure.status_code == 422
    item = db.session.get(MlaRequest, request_id)
    assert [o["name"] for o in item.data["offences"]] == ["Aggravated fraud", "Money laundering"]
    assert not item.data.get("measures")
    client.post(f"/requests/{request_id}/step/offences", data={"csrf_token": token, "remove": "1"})
    db.session.refresh(item)
    assert [o["name"] for o in item.data["offences"]] == ["Aggravated fraud"]

    # a measure: choose its type, get its own sub-form
    html = client.get(f"/requests/{request_id}/step/measures?type=records").get_data(as_text=True)
    for name in (
        "details-record_type",
        "details-institution",
        "details-account",
        "details-period_from",
    ):
        assert f'id="{name}"' in html, name
    html = client.get(f"/requests/{request_id}/step/measures?type=take_evidence").get_data(
        as_text=True
    )
    assert 'id="details-questions"' in html and 'id="details-attendance"' in html
    html = client.get(f"/requests/{request_id}/step/measures?type=freeze").get_data(as_text=True)
    assert 'id="details-property"' in html and 'id="details-order"' in html
    response = client.post(
        f"/requests/{request_id}/step/measures",
        data={
            "csrf_token": token,
            "type": "records",
            "item-description": "Bank statements",
            "item-link_to_facts": "The bribes went there.",
            "details-record_type": "bank",
            "details-institution": "Example Bank",
            "details-period_from": "2024-01-01",
            "details-period_to": "2024-06-30",
            "save": "1",
        },
    )
    assert response.status_code == 302
    db.session.refresh(item)
    measure = item.data["measures"][0]
    assert measure["type"] == "records"
    assert measure["details"] == {
        "record_type": "bank",
        "institution": "Example Bank",
        "period_from": "2024-01-01",
        "period_to": "2024-06-30",
        "certified": False,
    }
    # the missing account is shown next to its field
    html = client.get(f"/requests/{request_id}/step/measures?item=0").get_data(as_text=True)
    assert "Account number(s)" in html and 'data-code="measure_details_missing"' in html
    assert client.get(f"/requests/{request_id}/step/measures?type=teleport").status_code == 404


def test_review_shows_findings_score_and_submits(client, make_user, login) -> None:
    user = make_user("prosecutor")
    login(user)
    authority = make_authority()
    item = create_request(user, complete_request(requested_authority=authority))
    db.session.commit()
    html = client.get(f"/requests/{item.id}/step/review").get_data(as_text=True)
    assert "Step 10 of 10" in html and 'id="complete-banner"' in html
    assert 'id="download-pdf"' in html  # one PDF button, for the language chosen in the list
    assert '<option value="ar" lang="ar"' in html and '<option value="en" lang="en"' in html
    token = csrf_token_from(html)
    response = client.post(f"/requests/{item.id}/submit", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "submitted" and item.case_id is not None
    # read-only afterwards
    assert (
        client.post(
            f"/requests/{item.id}/step/facts", data={"csrf_token": token, "facts": "x"}
        ).status_code
        == 409
    )
    # and shown so: the fields are disabled and the review offers no "Edit"
    facts = client.get(f"/requests/{item.id}/step/facts").get_data(as_text=True)
    assert '<fieldset class="plain" disabled>' in facts
    review = client.get(f"/requests/{item.id}/step/review").get_data(as_text=True)
    assert ">Edit</a>" not in review and "See this step" in review

    draft = create_request(user, {"kind": "mla"})
    db.session.commit()
    html = client.get(f"/requests/{draft.id}/step/review").get_data(as_text=True)
    assert 'id="incomplete-banner"' in html and 'data-code="facts_missing"' in html
    assert ">Edit</a>" in html
    facts = client.get(f"/requests/{draft.id}/step/facts").get_data(as_text=True)
    assert '<fieldset class="plain">' in facts


def test_duplicate_versions_and_dashboard(client, make_user, login) -> None:
    user = make_user("prosecutor")
    login(user)
    item = create_request(user, complete_request())
    update_request(item, {"facts": "Second version."}, user)
    db.session.commit()
    html = client.get(f"/requests/{item.id}/versions").get_data(as_text=True)
    assert "Restore" in html
    token = csrf_token_from(html)
    client.post(f"/requests/{item.id}/versions/1/restore", data={"csrf_token": token})
    db.session.refresh(item)
    assert item.data["facts"] == complete_request()["facts"] and item.version == 3
    response = client.post(f"/requests/{item.id}/duplicate", data={"csrf_token": token})
    assert response.status_code == 302 and "/step/requested" in response.headers["Location"]
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "My drafts" in dashboard and f"#{item.id}" in dashboard


def test_other_users_get_404(client, make_user, login) -> None:
    owner = make_user("prosecutor")
    item = create_request(owner, {"kind": "mla"})
    db.session.commit()
    login(make_user("prosecutor"))
    assert client.get(f"/requests/{item.id}/step/facts").status_code == 404
    assert client.get(f"/requests/{item.id}/document?lang=en").status_code == 404


def test_a_refusal_is_said_in_the_interface_language(client, make_user, login) -> None:
    user = make_user("prosecutor")
    user.locale = "ar"
    db.session.commit()
    login(user)
    request_id = new_draft(client)
    token = csrf_token_from(client.get(f"/requests/{request_id}/step/review").get_data(True))
    response = client.post(
        f"/requests/{request_id}/submit", data={"csrf_token": token}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "الطلب غير مكتمل: صحّح الأخطاء أولاً" in html
    assert "fix the errors first" not in html


def test_a_new_draft_knows_its_author(client, make_user, login) -> None:
    """The requesting side comes from the author's account, then from their last request."""
    user = make_user("prosecutor")
    user.display_name = "Claire Martin"
    db.session.commit()
    login(user)
    first = db.session.get(MlaRequest, new_draft(client))
    side = first.data["requesting_authority"]
    assert side["contact_name"] == "Claire Martin" and side["email"] == user.email
    token = csrf_token_from(client.get(f"/requests/{first.id}/step/requesting").get_data(True))
    client.post(
        f"/requests/{first.id}/step/requesting",
        data={
            "csrf_token": token,
            "requesting_state": "FRA",
            "requesting_authority__name": "Parquet national financier",
            "requesting_authority__phone": "+33 1 44 32 51 51",
            "requesting_authority__email": "pnf@justice.example.fr",
            "signatory__name": "Jean Dupont",
        },
    )
    db.session.expire_all()
    second = db.session.get(MlaRequest, new_draft(client))
    assert second.data["requesting_authority"]["name"] == "Parquet national financier"
    assert second.data["requesting_authority"]["phone"] == "+33 1 44 32 51 51"
    assert second.data["signatory"]["name"] == "Jean Dupont"
