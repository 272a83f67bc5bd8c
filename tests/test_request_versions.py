"""A request's versions: the ones submitted, returned, approved and sent are marked with who, when
and the note; any two are compared field by field, labels and values as a reader sees them."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from mla_tool.cases import transitions
from mla_tool.cases.models import Case
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request, update_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.request_review import review_request
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from mla_tool.forms.version_compare import compare_documents
from mla_tool.forms.version_marks import marks_of
from mla_tool.forms.versions import default_pair
from tests.factories.authorities import make_authority
from tests.factories.review_cycles import two_requests_under_review

HOSTILE = "<script>alert(1)</script>\u202e"


def _marks(request: MlaRequest) -> list[tuple[int, str, str | None]]:
    return [(m.version, m.mark, m.note) for m in marks_of(request)]


def _fresh(request: MlaRequest) -> MlaRequest:
    db.session.expire_all()
    return db.session.get(MlaRequest, request.id)


def returned_and_corrected(prosecutor: Any, caseworker: Any) -> tuple[Case, MlaRequest, int]:
    """Two requests under review; the second returned with a field comment, corrected (its
    facts rewritten) and submitted again. Returns the case, that request and the returned
    version's number."""
    case, first, second = two_requests_under_review(prosecutor)
    review_request(first, caseworker, "approve", "Preservation in order.")
    review_request(
        second,
        caseworker,
        "return",
        "Say which mailbox.",
        field_comments={"facts": "Give the dates of the e-mails."},
    )
    db.session.commit()
    returned_version = _fresh(second).version
    second = _fresh(second)
    update_request(
        second, {"facts": "E-mails of 3 and 4 May 2024 in box x@example.org."}, prosecutor
    )
    submit_request(second, prosecutor, note="Mailbox named.")
    db.session.commit()
    return db.session.get(Case, case.id), _fresh(second), returned_version


def test_each_review_event_marks_the_version_it_concerned(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, second, returned_version = returned_and_corrected(prosecutor, caseworker)
    assert second.version == returned_version + 1
    review_request(second, caseworker, "approve", "Now complete.")
    db.session.commit()
    transitions.transition(
        db.session.get(Case, case.id), "transmitted", caseworker, note="Diplomatic bag."
    )
    db.session.commit()

    assert _marks(_fresh(second)) == [
        (returned_version, "submitted", None),
        (returned_version, "returned", "Say which mailbox."),
        (returned_version + 1, "submitted", "Mailbox named."),
        (returned_version + 1, "approved", "Now complete."),
        (returned_version + 1, "transmitted", "Diplomatic bag."),
    ]
    returned = [m for m in marks_of(second) if m.mark == "returned"][0]
    assert returned.actor_id == caseworker.id
    assert returned.field_comments == {"facts": "Give the dates of the e-mails."}
    assert [m.actor_id for m in marks_of(second)][:1] == [prosecutor.id]


def test_returning_the_whole_case_marks_each_request_of_its_review(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    transitions.transition(
        case,
        "returned",
        caseworker,
        note="Both need work.",
        details={"field_comments": {"subject": "Name the offence."}},
    )
    db.session.commit()
    for request in (first, second):
        marks = marks_of(_fresh(request))
        assert [(m.mark, m.note) for m in marks] == [
            ("submitted", None),
            ("returned", "Both need work."),
        ]
        assert marks[-1].field_comments == {"subject": "Name the offence."}


def test_a_comparison_names_each_changed_field_with_its_label_and_printed_value(
    app: Any,
) -> None:
    authority = make_authority()
    old = complete_request(requested_authority=authority)
    new = {
        **old,
        "facts": "Other facts.",
        "proceedings": {**old["proceedings"], "stage": "trial"},
        "persons": [*old["persons"], {"role": "witness", "name": "Rana Haddad"}],
        "requested_state": "JOR",
    }
    with app.test_request_context(headers={"Accept-Language": "en"}):
        changes = {c.path: c for c in compare_documents("mla", old, new, str, "en")}
    assert set(changes) >= {"facts", "proceedings.stage", "requested_state"}
    assert changes["facts"].label == "Facts — Summary of the relevant facts"
    assert changes["facts"].after == "Other facts." and changes["facts"].state == "changed"
    assert changes["proceedings.stage"].after == "Trial"
    assert changes["requested_state"].after == "Jordan"
    added = [c for c in changes.values() if c.path.startswith("persons[")]
    assert {c.label for c in added} == {"Persons 2 — Role", "Persons 2 — Name"}
    assert all(c.state == "added" for c in added)
    assert [c.after for c in added if c.path.endswith(".role")] == ["Witness"]
    # nothing else: an unchanged document compares empty
    assert compare_documents("mla", old, old, str, "en") == []


def test_the_comparison_in_arabic_labels_fields_and_choices_in_arabic(app: Any) -> None:
    authority = make_authority()
    old = complete_request(requested_authority=authority)
    new = {**old, "proceedings": {**old["proceedings"], "stage": "trial"}}
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        from flask_babel import gettext

        changes = compare_documents("mla", old, new, gettext, "ar")
    assert len(changes) == 1
    assert "Stage" not in changes[0].label and "Trial" not in changes[0].after


def test_measures_compare_their_own_details(app: Any) -> None:
    authority = make_authority()
    old = complete_request(requested_authority=authority)
    measures = [dict(m) for m in old["measures"]]
    measures[0] = {**measures[0], "description": "Another description."}
    with app.test_request_context():
        changes = compare_documents("mla", old, {**old, "measures": measures}, str, "en")
    assert [c.path for c in changes] == ["measures[0].description"]
    assert changes[0].label == "Assistance sought 1 — Description of the assistance"


def test_the_default_pair_is_the_returned_version_against_the_current(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    _case, second, returned_version = returned_and_corrected(prosecutor, caseworker)
    assert default_pair(second) == (returned_version, second.version)
    fresh = create_request(prosecutor, complete_request(requested_authority=make_authority()))
    assert default_pair(fresh) == (1, 1)


def test_pages_show_the_marks_and_the_changes_escaped_and_isolated(
    make_user: Any, login: Any
) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker", display_name="Case Worker")
    _case, second, returned_version = returned_and_corrected(prosecutor, caseworker)
    client: FlaskClient = login(caseworker)
    page = client.get(f"/requests/{second.id}/versions").get_data(as_text=True)
    assert "Returned for correction" in page and "Say which mailbox." in page
    assert "Give the dates of the e-mails." in page and "Case Worker" in page
    assert f"/requests/{second.id}/versions/compare?a={returned_version}" in page

    response = client.get(f"/requests/{second.id}/versions/compare")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"Version {returned_version} compared with version {second.version}" in html
    assert 'data-path="facts"' in html and "E-mails of 3 and 4 May 2024" in html
    assert 'dir="auto"' in html
    assert client.get(f"/requests/{second.id}/versions/compare?a=999").status_code == 404
    assert client.get(f"/requests/{second.id}/versions/compare?a=x").status_code == 404


def test_typed_values_in_the_comparison_are_text_never_markup(make_user: Any, login: Any) -> None:
    prosecutor = make_user("prosecutor")
    request = create_request(prosecutor, complete_request(requested_authority=make_authority()))
    update_request(request, {"facts": HOSTILE}, prosecutor)
    db.session.commit()
    html = login(prosecutor).get(f"/requests/{request.id}/versions/compare?a=1&b=2")
    text = html.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


def test_the_api_gives_marks_and_a_comparison(
    make_user: Any, client: FlaskClient, api_headers: Any
) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    _case, second, returned_version = returned_and_corrected(prosecutor, caseworker)
    headers = api_headers(caseworker)
    marks = client.get(f"/api/v1/requests/{second.id}/versions/marks", headers=headers)
    assert marks.status_code == 200
    assert [(m["version"], m["mark"]) for m in marks.get_json()] == [
        (returned_version, "submitted"),
        (returned_version, "returned"),
        (second.version, "submitted"),
    ]
    assert marks.get_json()[1]["field_comments"] == {"facts": "Give the dates of the e-mails."}

    compared = client.get(f"/api/v1/requests/{second.id}/versions/compare", headers=headers)
    assert compared.status_code == 200
    body = compared.get_json()
    assert (body["older"], body["newer"]) == (returned_version, second.version)
    assert [c["path"] for c in body["changes"]] == ["facts"]
    assert body["changes"][0]["label"] == "Facts — Summary of the relevant facts"
    explicit = client.get(
        f"/api/v1/requests/{second.id}/versions/compare?from={second.version}&to=1",
        headers=headers,
    ).get_json()
    assert (explicit["older"], explicit["newer"]) == (1, second.version)
    missing = client.get(f"/api/v1/requests/{second.id}/versions/compare?from=99", headers=headers)
    assert missing.status_code == 404
    stranger = api_headers(make_user("prosecutor"))
    assert (
        client.get(f"/api/v1/requests/{second.id}/versions/marks", headers=stranger).status_code
        == 404
    )
