"""The directory pages: search list with filters, state page, entry page with history, compare
and restore, create/edit/retire forms (CSRF), the legal-basis finder, nav and dashboard."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from mla_tool.directory.authorities import create_authority, find_authorities, get_authority
from mla_tool.extensions import db
from tests.factories.directory_entries import ENTRY, form_data
from tests.factories.loaded_once import (  # noqa: F401  (fixtures)
    reference_data_fixture,
    reference_rows,
)


@pytest.fixture
def egypt():
    authority = create_authority(ENTRY)
    db.session.commit()
    return authority


def test_list_filters_and_arabic_search(client, login, make_user, egypt) -> None:
    login(make_user("prosecutor"))
    page = client.get("/directory/", query_string={"q": "النَّائِب"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"/directory/{egypt.id}" in html
    assert "International Cooperation Office" in html
    empty = client.get("/directory/", query_string={"country": "MAR"}).get_data(as_text=True)
    assert f"/directory/{egypt.id}" not in empty
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/directory/"' in dashboard
    assert 'href="/directory/legal-basis"' in dashboard


def test_names_follow_the_interface_language(client, login, make_user, egypt) -> None:
    user = make_user("prosecutor")
    user.locale = "ar"
    db.session.commit()
    login(user)
    html = client.get("/directory/").get_data(as_text=True)
    assert "مصر" in html  # state name in Arabic
    assert ENTRY["name_ar"] in html


def test_stale_badge_and_maintainer_panel(client, login, make_user, egypt) -> None:
    egypt.verified_on = date.today() - timedelta(days=400)
    db.session.commit()
    login(make_user("maintainer"))
    html = client.get("/directory/").get_data(as_text=True)
    assert "badge-warn" in html
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Directory entries to verify (1)" in dashboard
    assert f"/directory/{egypt.id}" in dashboard


def test_prosecutors_see_no_maintainer_panel_and_no_edit_forms(
    client, login, make_user, egypt
) -> None:
    login(make_user("prosecutor"))
    assert "Directory entries to verify" not in client.get("/dashboard").get_data(as_text=True)
    assert client.get("/directory/new").status_code == 403
    assert client.get(f"/directory/{egypt.id}/edit").status_code == 403
    html = client.get(f"/directory/{egypt.id}").get_data(as_text=True)
    assert "Retire this entry" not in html
    assert client.post(f"/directory/{egypt.id}/retire").status_code in (400, 403)


def test_anonymous_users_are_sent_to_sign_in(client, egypt) -> None:
    response = client.get("/directory/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_create_with_errors_then_fixed(client, login, make_user, page_csrf) -> None:
    login(make_user("maintainer"))
    token = page_csrf("/directory/new")
    response = client.post(
        "/directory/new", data=form_data(csrf_token=token, languages="arabic", email="nope")
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "is not an ISO 639-1 language code" in html
    assert "not an email address" in html
    assert find_authorities() == []
    # no CSRF token: refused, nothing written
    assert client.post("/directory/new", data=form_data()).status_code in (400, 422)
    assert find_authorities() == []
    response = client.post("/directory/new", data=form_data(csrf_token=token))
    assert response.status_code == 302
    created = find_authorities()[0]
    assert created.languages == ["ar", "en"]
    assert response.headers["Location"].endswith(f"/directory/{created.id}")


def test_edit_history_compare_restore_retire(client, login, make_user, page_csrf, egypt) -> None:
    maintainer = make_user("maintainer")
    login(maintainer)
    token = page_csrf(f"/directory/{egypt.id}/edit")
    edit_page = client.get(f"/directory/{egypt.id}/edit").get_data(as_text=True)
    assert 'value="International Cooperation Office"' in edit_page
    response = client.post(
        f"/directory/{egypt.id}/edit",
        data=form_data(
            csrf_token=token,
            email="new@example.org",
            legal_texts="Law 2/2000 | https://example.org/law",
            other_functions="extradition_police",
            change_note="new mailbox",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(egypt)
    assert egypt.version == 2 and egypt.email == "new@example.org"
    assert egypt.functions == ["central_authority_mla", "extradition_police"]
    assert egypt.legal_texts == [{"title": "Law 2/2000", "url": "https://example.org/law"}]

    html = client.get(f"/directory/{egypt.id}").get_data(as_text=True)
    assert "new mailbox" in html and maintainer.email in html
    assert "Restore version 1" in html

    compare = client.get(f"/directory/{egypt.id}/compare", query_string={"a": 1, "b": 2})
    text = compare.get_data(as_text=True)
    assert compare.status_code == 200
    assert "new@example.org" in text and "legal_texts" not in text
    # fields by their labels, values as people write them (no Python lists)
    assert "Legal texts" in text and "Law 2/2000 | https://example.org/law" in text
    assert "central_authority_mla; extradition_police" in text and "['" not in text

    token = page_csrf(f"/directory/{egypt.id}")
    assert (
        client.post(f"/directory/{egypt.id}/restore/1", data={"csrf_token": token}).status_code
        == 302
    )
    db.session.refresh(egypt)
    assert egypt.version == 3 and egypt.email == ""

    assert client.post(f"/directory/{egypt.id}/retire", data={}).status_code == 400
    response = client.post(
        f"/directory/{egypt.id}/retire", data={"csrf_token": token, "note": "duplicate"}
    )
    assert response.status_code == 302
    db.session.refresh(egypt)
    assert egypt.retired and egypt.version == 4
    assert client.get(f"/directory/{egypt.id}").status_code == 200
    assert client.get("/directory/999").status_code == 404


def test_state_page_shows_authorities_treaties_and_declarations(
    reference_data, client, login, make_user, egypt
) -> None:
    login(make_user("prosecutor"))
    html = client.get("/directory/state/EGY").get_data(as_text=True)
    assert "International Cooperation Office" in html
    assert "UNTOC" in html and "2004-03-05" in html
    assert 'as of <time datetime="2014-01-27">2014-01-27</time>' in html
    india = client.get("/directory/state/IND").get_data(as_text=True)
    assert "Ministry of Home Affairs" in india and "English and/or Hindi" in india
    assert client.get("/directory/state/XXX").status_code == 404
    assert "Egypt" in client.get("/directory/states").get_data(as_text=True)


def test_legal_basis_page(client, login, make_user) -> None:
    reference_rows()
    db.session.commit()
    login(make_user("prosecutor"))
    page = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "FRA", "requested": "VNM", "kind": "extradition"},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # the message's values and the article's number are isolated (<bdi>): read as text
    text = re.sub(r"<[^>]+>", "", html)
    assert "art. 44" in text and "Reciprocity" in html
    assert "does not take UNTOC (Palermo, 2000) as the legal basis for extradition" in text
    assert "data as of" in html
    same = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "FRA", "requested": "FRA", "kind": "mla"},
    )
    assert same.status_code == 422
    assert client.get("/directory/legal-basis").status_code == 200
    # a link that names the two states only asks about the kind the picker shows first (MLA),
    # rather than marking as missing a field that shows a value
    states_only = client.get(
        "/directory/legal-basis", query_string={"requesting": "FRA", "requested": "VNM"}
    ).get_data(as_text=True)
    assert "This field is required" not in states_only
    assert "UNTOC (Palermo, 2000)" in states_only and "art. 18" in states_only


def test_legal_basis_page_speaks_arabic(client, make_user, login) -> None:
    reference_rows()
    user = make_user("prosecutor")
    user.locale = "ar"
    db.session.commit()
    login(user)
    html = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "FRA", "requested": "VNM", "kind": "extradition"},
    ).get_data(as_text=True)
    # the declaration, the scope and the participation, in Arabic around the English proper names
    assert "لا تعتبر" in html and "أساساً قانونياً لتسليم المطلوبين" in html
    assert "الجرائم الخطيرة (أربع سنوات أو أكثر)" in html
    # the instrument's short name too, in the declaration as in the heading
    assert html.count("<bdi>اتفاقية الجريمة المنظمة (باليرمو، 2000)</bdi>") >= 2
    assert "— طرف" in html
    for english in (
        "does not take",
        "Scope: Serious crime",
        "— party",
        "No article is recorded",
        "UNTOC (Palermo",
    ):
        assert english not in html, english
    # a protocol cites UNTOC's article through its own art. 1(2), in Arabic, numbers left to right
    mla = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "JOR", "requested": "FRA", "kind": "mla"},
    ).get_data(as_text=True)
    assert "<bdi>بروتوكول الاتجار بالأشخاص</bdi>" in mla
    assert (
        '<bdi>المادة 18 من اتفاقية الجريمة المنظمة، المطبَّقة بموجب المادة <bdi dir="ltr">1(2)'
        "</bdi> من البروتوكول</bdi>" in mla
    )
    assert "applied by" not in mla and '<bdi lang="en">' not in mla
    same = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "FRA", "requested": "FRA", "kind": "mla"},
    ).get_data(as_text=True)
    assert "يجب أن تختلف عن الدولة الطالبة" in same and "must differ" not in same


def test_demo_loader_adds_marked_sample_entries(make_user) -> None:
    from mla_tool.directory.demo import SAMPLE_STATES, load_sample_directory

    summary = load_sample_directory({"maintainer": make_user("maintainer")})
    db.session.commit()
    # the declared authorities of the reference data (loaded with it) are real, not samples
    entries = [entry for entry in find_authorities() if entry.origin != "reference"]
    assert len(SAMPLE_STATES) >= 15 and f"({len(SAMPLE_STATES)} states)" in summary
    assert all(entry.is_sample for entry in entries)
    assert all(entry.email.endswith("@example.org") for entry in entries)
    assert all(entry.phone.startswith("+000") for entry in entries)
    arabic = {"EGY", "MAR", "JOR", "ARE", "SAU", "TUN", "LBN", "QAT"}
    assert arabic <= {entry.country_iso3 for entry in entries}
    assert all(entry.name_ar for entry in entries if entry.country_iso3 in arabic)
    assert find_authorities(function="cybercrime_24_7")
    assert find_authorities(q="النائب العام", country="EGY")
    # running it again adds nothing
    load_sample_directory({})
    assert len([e for e in find_authorities() if e.origin != "reference"]) == len(entries)


def test_the_list_filters_the_entries_to_verify(client, login, make_user, egypt) -> None:
    old = {**ENTRY, "name": "Old office", "name_en": "Old office", "name_ar": ""}
    create_authority({**old, "verified_on": (date.today() - timedelta(days=500)).isoformat()})
    db.session.commit()
    login(make_user("maintainer"))
    everything = client.get("/directory/").get_data(as_text=True)
    assert "Old office" in everything and "International Cooperation Office" in everything
    to_verify = client.get("/directory/?stale=1").get_data(as_text=True)
    assert "Old office" in to_verify and "International Cooperation Office" not in to_verify


def test_the_edit_form_shows_every_bad_field_in_one_round(
    client, login, make_user, page_csrf, egypt
) -> None:
    login(make_user("maintainer"))
    url = f"/directory/{egypt.id}/edit"
    token = page_csrf(url)
    bad = form_data(name="", email="not an email", website="ftp://x", timezone="Mars/Base")
    response = client.post(url, data={**bad, "csrf_token": token})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in (
        "not an email address",
        "must be an http:// or https:// address",
        "not an IANA time zone",
    ):
        assert message in html, message
    assert get_authority(egypt.id).version == 1


def test_state_page_names_instruments_and_articles_in_the_readers_language(
    reference_data, client, login, make_user
) -> None:
    """The treaty table and the reference-data badge name an instrument as the reader reads it
    (its Arabic name on an Arabic page), and an article as "المادة" with its number left to
    right; no instrument code ("BUDAPEST art. 35") reaches the page."""
    login(make_user("prosecutor"))
    arabic = client.get("/directory/state/FRA", headers={"Accept-Language": "ar"})
    html = arabic.get_data(as_text=True)
    assert "اتفاقية مجلس أوروبا بشأن الجريمة الإلكترونية" in html
    assert 'البيانات المرجعية: اتفاقية بودابست، المادة <bdi dir="ltr">35</bdi>' in html
    assert "BUDAPEST" not in html and "art. 35" not in html
    english = client.get("/directory/state/FRA").get_data(as_text=True)
    assert "<td><bdi>Budapest Convention (2001)</bdi></td>" in english
    assert 'reference data: Budapest Convention, art. <bdi dir="ltr">35</bdi>' in english
