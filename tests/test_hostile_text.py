"""User text is data, never markup: every text column a user or a partner can write is filled
with hostile values through the real API, pages and services, then every page that shows them
is rendered and must hold none of the markup unescaped. The walk over the tables fails when a new
text column is neither fed here nor listed as one no user writes."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from mla_tool.auth.tokens import issue_token
from mla_tool.cases import deadlines, opening, reminders
from mla_tool.cases.models import Case, Deadline
from mla_tool.directory.authorities import authority_input, create_authority, update_authority
from mla_tool.directory.profiles.store import set_profile
from mla_tool.directory.treaties import (
    BilateralTreaty,
    create_bilateral_instrument,
    set_declaration,
    set_participation,
)
from mla_tool.exchange import crypto
from mla_tool.exchange.models import VERIFICATION_METHODS
from mla_tool.exchange.trust import record_verification, revoke_key
from mla_tool.extensions import db
from mla_tool.forms.access import get_request_for
from mla_tool.forms.kinds import request_kind
from mla_tool.forms.models import MlaRequest, RequestVersion
from mla_tool.forms.samples import complete_request
from mla_tool.i18n import Phrase, phrase_columns
from tests.conftest import csrf_token_from, sign_in

#: A value that breaks out of text, of an attribute and of a textarea, and turns the line around.
HOSTILE = '<form action=x>"><svg onload=alert(1)></textarea><script>\u202e'
#: What must never reach a page as markup (compared in lower case: codes are upper-cased).
RAW_MARKUP = ("<form action=x>", "<svg onload=alert(1)>", "</textarea><script>")
MARKER = "<svg onload"

#: Text columns no user or partner writes, and why; every other text column must be fed below.
NOT_USER_TEXT: dict[str, str] = {
    "audit_entries.*": "written by the application (actions, digests, actor addresses)",
    "audit_head.*": "a digest",
    "sweep_leases.*": "a job's name and its runner (host:process:thread), written by the app",
    "user_sessions.*": "a digest",
    "users.email": "an address checked against the login form's pattern",
    "users.password_hash": "a digest",
    "users.role": "one of the roles",
    "users.country_iso3": "an ISO code",
    "users.locale": "one of the interface languages",
    "users.timezone": "a zone name checked against the zone database",
    "users.totp_secret": "generated",
    "api_tokens.token_hash": "a digest",
    "cases.direction": "a code",
    "cases.kind": "a code",
    "cases.status": "a code",
    "cases.counterpart_state": "an ISO code",
    "cases.owner_country": "an ISO code",
    "case_deadlines.kind": "a code",
    "case_deadlines.label_message": "a message id the application wrote",
    "case_deadlines.label_params": "parameters the application wrote",
    "case_deadlines.remind_days": "numbers",
    "case_events.type": "a code",
    "case_events.from_status": "a code",
    "case_events.to_status": "a code",
    "case_members.role_in_case": "a code",
    "case_notifications.*": "delivery state written by the application",
    "requests.kind": "a code",
    "requests.status": "a code",
    "requests.language": "a code",
    "requests.requesting_state": "an ISO code",
    "requests.requested_state": "an ISO code",
    "requests.last_step": "a step code",
    "request_translations.language": "one of the document languages",
    "request_translations.path": "a unit id checked against the request's own fields",
    "request_translations.source_hash": "a digest",
    "request_versions.note_message": "a message id the application wrote",
    "request_version_marks.mark": "a code",
    "attachments.uid": "generated",
    "attachments.sha256": "a digest",
    "attachments.key_id": "generated",
    "attachments.storage_path": "generated",
    "attachments.content_type": "sniffed from the bytes, one of a fixed list",
    "attachments.filename": "cleaned on upload: no markup character survives (vault.uploads)",
    "attachment_custody.*": "written by the application",
    "directory_authorities.country_iso3": "an ISO code",
    "directory_authorities.functions": "codes",
    "directory_authorities.channels": "codes",
    "directory_authorities.languages": "language codes",
    "directory_authorities.functions_key": "derived from codes",
    "directory_authorities.languages_key": "derived from codes",
    "directory_authorities.search_text": "derived, shown nowhere",
    "search_entries.text": "folded text derived from cases and requests, shown nowhere",
    "person_keys.key": "folded keys derived from requests' persons, shown nowhere",
    "directory_authorities.timezone": "a zone name checked against the zone database",
    "directory_authorities.email": "an address checked against a pattern",
    "directory_authorities.website": "a URL checked against a pattern",
    "directory_authorities.public_key": "a key in a checked format",
    "directory_authorities.external_id": "an identifier checked against a pattern",
    "directory_instruments.name_ar": "reference data shipped with the code",
    "directory_instruments.name_fr": "reference data shipped with the code",
    "directory_instruments.short_name": "reference data shipped with the code",
    "directory_instruments.kind": "a code",
    "directory_instruments.region": "a code",
    "directory_instruments.scope": "reference data shipped with the code",
    "directory_instruments.depositary": "reference data shipped with the code",
    "directory_instruments.origin": "a code",
    "directory_instruments.notes": "reference data shipped with the code",
    "directory_participation.state_iso3": "an ISO code",
    "directory_participation.state_name_source": "reference data shipped with the code",
    "directory_participation.consent_type": "a code",
    "directory_participation.status": "a code",
    "directory_participation.origin": "a code",
    "directory_declarations.state_iso3": "an ISO code",
    "directory_declarations.languages": "language codes",
    "directory_declarations.legal_basis_extradition": "a code",
    "directory_declarations.reservation_disputes": "a code",
    "directory_declarations.origin": "a code",
    "directory_versions.object_type": "a code",
    "directory_versions.action": "a code",
    "directory_versions.changed_fields": "field names",
    "directory_versions.actor_email": "an address checked against the login form's pattern",
    "directory_profile_values.state_iso3": "an ISO code",
    "directory_profile_values.field": "a field code of the profile catalogue",
    "directory_profile_values.action": "a code",
    "directory_profile_values.value": "a value checked against its field's kind (codes, numbers)",
    "directory_profile_values.actor_email": "an address checked against the login form's pattern",
    "exchange_packages.*": "written by the application from verified, signed packages "
    "(the partner's text reaches the request and its version note, both fed here)",
    "exchange_key_verifications.fingerprint": "a digest",
    "exchange_key_verifications.method": "a code",
}


def _exempt(table: str, column: str) -> bool:
    return f"{table}.{column}" in NOT_USER_TEXT or f"{table}.*" in NOT_USER_TEXT


def _set_leaves(value: Any, new: str, skip: set[str], path: str = "") -> Any:
    """The document with every string leaf replaced by `new`, except under the paths in `skip`."""
    if isinstance(value, dict):
        return {
            k: _set_leaves(v, new, skip, f"{path}.{k}" if path else k) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_set_leaves(v, new, skip, f"{path}.{i}") for i, v in enumerate(value)]
    if isinstance(value, str) and not any(path == s or path.startswith(s + ".") for s in skip):
        return new
    return value


def _hostile_document(client: FlaskClient, headers: dict[str, str], authority_id: int) -> int:
    """A request whose every free-text leaf is hostile: the API refuses codes, dates and
    numbers that are not what they should be, and those keep their sample value."""
    sample = complete_request(requested_authority=authority_id)
    skip: set[str] = {"kind"}
    for _attempt in range(10):
        document = _set_leaves(copy.deepcopy(sample), HOSTILE, skip)
        response = client.post("/api/v1/requests", json=document, headers=headers)
        if response.status_code == 201:
            return int(response.get_json()["id"])
        fields = response.get_json()["error"]["fields"]
        assert fields, response.get_json()
        skip |= {str(name) for name in fields}
    raise AssertionError("the API kept refusing the request document")


@pytest.fixture
def hostile_world(
    client: FlaskClient,
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
    login: Callable[[Any], FlaskClient],
) -> dict[str, Any]:
    caseworker = make_user("caseworker", country="FRA", display_name=HOSTILE)
    maintainer = make_user("maintainer", country="FRA", display_name=HOSTILE)
    headers = api_headers(caseworker)
    issue_token(caseworker, name=HOSTILE)
    db.session.commit()

    # the directory: an authority, a bilateral treaty, participation and declarations
    authority_values = {
        key: HOSTILE
        for key in (
            "name",
            "name_en",
            "name_ar",
            "parent_body",
            "address",
            "contact_persons",
            "phone",
            "fax",
            "office_hours",
            "requirements",
            "notes",
            "source",
        )
    }
    authority = create_authority(
        {
            "country": "ARE",
            "functions": ["central_authority_mla"],
            "languages": ["ar", "en"],
            "channels": ["central_authority"],
            "legal_texts": [{"title": HOSTILE, "url": "https://example.org/law"}],
            **authority_values,
        },
        actor=maintainer,
    )
    update_authority(
        authority,
        {**authority_input(authority), "notes": HOSTILE + "2"},
        actor=maintainer,
        note=HOSTILE,
    )
    identity = crypto.generate_identity().public
    authority.public_key = identity.pem()  # as the exchange tests do: the key is not text
    record_verification(
        authority,
        maintainer,
        fingerprint=identity.fingerprint,
        verified_on=date.today(),
        method=VERIFICATION_METHODS[0],
        note=HOSTILE,
    )
    revoke_key(authority, maintainer, HOSTILE)
    treaty = create_bilateral_instrument(
        BilateralTreaty(
            code="X" + HOSTILE.upper()[:50],
            name_en=HOSTILE,
            states=("FRA", "ARE"),
            articles={"mla": HOSTILE},
            source=HOSTILE,
        ),
        actor=maintainer,
    )
    set_participation(treaty, "FRA", {"status": "party", "source": HOSTILE})
    set_declaration(
        treaty,
        "ARE",
        {
            "central_authority": HOSTILE,
            "languages_text": HOSTILE,
            "source": HOSTILE,
            "quote": HOSTILE,
        },
    )
    change = {"value": "probable_cause", "source": HOSTILE, "note": HOSTILE}
    set_profile("ARE", {"evidence_standard_content": change}, maintainer)
    db.session.commit()

    # a case through the API, its deadline and timeline through the case page
    response = client.post(
        "/api/v1/cases",
        json={
            "direction": "outgoing",
            "kind": "mla",
            "counterpart_state": "ARE",
            "title": HOSTILE,
            "reference": HOSTILE,
        },
        headers=headers,
    )
    assert response.status_code == 201, response.get_json()
    case_id = int(response.get_json()["id"])
    login(caseworker)
    token = csrf_token_from(client.get(f"/cases/{case_id}").get_data(as_text=True))
    soon = (date.today() + timedelta(days=2)).isoformat()
    for path, form in (
        ("deadlines", {"kind": "other", "due_on": soon, "label": HOSTILE, "remind_days": "3"}),
        ("notes", {"note": HOSTILE}),
        (
            "correspondence",
            {
                "way": "sent",
                "channel": "central_authority",
                "on": soon[:4] + "-01-01",
                "summary": HOSTILE,
            },
        ),
        (
            "consultations",
            {"basis": "other", "with_whom": HOSTILE, "on": soon[:4] + "-01-01", "summary": HOSTILE},
        ),
    ):
        response = client.post(f"/cases/{case_id}/{path}", data={"csrf_token": token, **form})
        assert response.status_code == 302, path
    upload = client.post(
        f"/api/v1/cases/{case_id}/attachments",
        data={"file": (io.BytesIO(b"plain text"), HOSTILE.replace("/", "") + ".txt", "text/plain")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.get_data(as_text=True)

    # a request document and a version note written from a partner's package id
    request_id = _hostile_document(client, headers, authority.id)
    submitted = client.post(
        f"/api/v1/requests/{request_id}/submit",
        json={"case_id": case_id, "note": HOSTILE},
        headers=headers,
    )
    assert submitted.status_code == 200, submitted.get_json()
    returned = client.post(
        f"/api/v1/cases/{case_id}/transitions",
        json={"to": "returned", "note": HOSTILE, "field_comments": {"subject": HOSTILE}},
        headers=headers,
    )
    assert returned.status_code == 201, returned.get_json()
    item = db.session.get(MlaRequest, request_id)
    db.session.add(
        RequestVersion(
            request_id=item.id,
            number=item.version + 1,
            data=item.data,
            **phrase_columns(Phrase("received in package %(package)s", package=HOSTILE), "note"),
        )
    )
    db.session.commit()
    # a translator's XLIFF file: each unit's target is typed text (right after its source, where
    # the XLIFF 1.2 schema puts it)
    language = "es" if item.language != "es" else "fr"
    path = f"/api/v1/requests/{request_id}/translations/{language}.xliff"
    target = "</source><target>" + xml_escape(HOSTILE) + "</target>"
    exported = client.get(path, headers=headers).get_data(as_text=True)
    imported = client.put(
        path, data=exported.replace("</source>", target).encode(), headers=headers
    )
    assert imported.status_code == 200 and imported.get_json()["imported"], imported.get_json()
    reminders.run_reminders()
    return {
        "case_id": case_id,
        "request_id": request_id,
        "authority_id": authority.id,
        "caseworker": caseworker,
        "maintainer": maintainer,
    }


def _text_values(table: sa.Table, column: sa.Column) -> list[str]:
    values = db.session.execute(sa.select(column)).scalars()
    return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in values]


def test_every_user_text_column_is_fed(hostile_world: dict[str, Any]) -> None:
    unfed = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, sa.String | sa.Text | sa.JSON):
                continue
            if _exempt(table.name, column.name):
                continue
            if not any(MARKER in value.lower() for value in _text_values(table, column)):
                unfed.append(f"{table.name}.{column.name}")
    assert unfed == [], (
        f"{unfed}: feed these columns hostile text, or say in NOT_USER_TEXT why no user can"
    )


def _pages(world: dict[str, Any]) -> list[str]:
    item = db.session.get(MlaRequest, world["request_id"])
    steps = [step.code for step in request_kind(item.kind).steps]
    return [
        "/dashboard",
        "/cases/",
        f"/cases/{world['case_id']}",
        "/notifications/",
        "/requests/",
        *(f"/requests/{item.id}/step/{code}" for code in steps),
        f"/requests/{item.id}/versions",
        f"/requests/{item.id}/versions/compare?a=1&b=2",
        "/account",
        "/exchange/",
        f"/exchange/keys/{world['authority_id']}",
        "/exchange/receive",
        f"/requests/{item.id}/document?format=html",
    ]


DIRECTORY_PAGES = (
    "/directory/",
    "/directory/{authority}",
    "/directory/{authority}/compare?a=1&b=2",
    "/directory/instruments",
    "/directory/state/ARE",
    "/directory/state/FRA",
    "/directory/legal-basis?requesting=FRA&requested=ARE&kind=mla",
)


def _assert_no_markup(url: str, html: str) -> None:
    lowered = html.lower()
    for raw in RAW_MARKUP:
        assert raw not in lowered, f"{url} shows {raw!r} as markup"


def test_no_page_shows_hostile_markup(
    app: Flask, client: FlaskClient, hostile_world: dict[str, Any]
) -> None:
    shown = 0  # the caseworker is signed in
    for url in _pages(hostile_world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        _assert_no_markup(url, html)
        shown += str(escape(HOSTILE)) in html
    assert shown >= 6  # the hostile text is on the pages, escaped
    maintainer = app.test_client()
    assert sign_in(maintainer, hostile_world["maintainer"].email).status_code == 302
    for pattern in DIRECTORY_PAGES:
        url = pattern.format(authority=hostile_world["authority_id"])
        response = maintainer.get(url)
        assert response.status_code == 200, url
        _assert_no_markup(url, response.get_data(as_text=True))


def test_typed_labels_are_escaped_and_direction_isolated(
    client: FlaskClient, hostile_world: dict[str, Any]
) -> None:
    escaped = str(escape(HOSTILE))
    case_page = client.get(f"/cases/{hostile_world['case_id']}").get_data(as_text=True)
    assert f"<strong><bdi>{escaped}</bdi></strong>" in case_page  # the deadline
    assert f"<bdi>{escaped}</bdi> " in case_page  # the reminder in the timeline
    notifications = client.get("/notifications/").get_data(as_text=True)
    assert f"<bdi>{escaped}</bdi>" in notifications
    assert f"<bdi>{escaped}</bdi></a>" in client.get("/cases/").get_data(as_text=True)
    assert f"<bdi>#{hostile_world['case_id']} {escaped}" in client.get("/dashboard").get_data(
        as_text=True
    )
    versions = client.get(f"/requests/{hostile_world['request_id']}/versions")
    assert f"<bdi>received in package {escaped}</bdi>" in versions.get_data(as_text=True)
    # a bilateral treaty's title, as the maintainer typed it, in the list and in the finder
    instruments = client.get("/directory/instruments").get_data(as_text=True)
    assert f"<br><bdi>{escaped}</bdi>" in instruments
    step = client.get(f"/requests/{hostile_world['request_id']}/step/legal_basis")
    assert f"<strong><bdi>{escaped}</bdi></strong>" in step.get_data(as_text=True)


def test_generated_labels_are_read_in_the_readers_language(
    client: FlaskClient, make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    caseworker = make_user("caseworker", country="FRA")
    caseworker.locale = "fr"
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Dossier",
        actor=caseworker,
        due_date=date.today() + timedelta(days=30),
    )
    deadlines.add_deadline(case, kind="other", due_on=date.today(), label="Due date")
    db.session.commit()
    generated, typed = sorted(
        db.session.execute(sa.select(Deadline).where(Deadline.case_id == case.id)).scalars(),
        key=lambda d: d.label_message is None,
    )
    assert (generated.label, generated.label_message) == ("Due date", "Due date")
    assert (typed.label, typed.label_message) == ("Due date", None)
    login(caseworker)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert html.count("<strong><bdi>Due date</bdi></strong>") == 1  # typed: as typed
    assert (
        html.count("<strong><bdi>Date d&#39;échéance</bdi></strong>") == 1
    )  # generated: translated


def test_a_requests_hostile_text_is_kept_as_typed(hostile_world: dict[str, Any]) -> None:
    item = db.session.get(MlaRequest, hostile_world["request_id"])
    assert item.data["subject"] == HOSTILE
    assert get_request_for(hostile_world["caseworker"], item.id) is item
    assert db.session.get(Case, hostile_world["case_id"]).title == HOSTILE
