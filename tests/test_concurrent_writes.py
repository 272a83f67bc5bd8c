"""Concurrent writers on SQLite and PostgreSQL: simultaneous status changes of one case and edits
of one request compare-and-set in SQL (one wins, the others get 409, never 500), parallel imports
of one package import it once and audit every refusal, and a PDF renders outside any
transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select

from mla_tool.audit.models import AuditEntry
from mla_tool.audit.service import record as audit_record
from mla_tool.audit.verification import verify_chain
from mla_tool.cases import errors, opening, transitions
from mla_tool.cases.models import Case, CaseEvent
from mla_tool.exchange.models import ExchangePackage
from mla_tool.exchange.transmit import transmit_case
from mla_tool.extensions import db
from mla_tool.forms import documents
from mla_tool.forms.drafting import create_request, update_request
from mla_tool.forms.errors import RequestError
from mla_tool.forms.models import MlaRequest, RequestVersion
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from tests import review_support
from tests.factories.concurrency import CLIENTS, at_once, detached, statuses
from tests.factories.exchange import (  # noqa: F401  (fixtures)
    Pair,
    approved_case,
    ministry_a_fixture,
    ministry_b_fixture,
    pair_fixture,
    refusals,
    sealed_bytes,
)


def tokens(api_headers: Callable[[Any], dict[str, str]], user: Any) -> list[dict[str, str]]:
    """One token per client: a shared token's row would serialise the clients by itself."""
    return [api_headers(user) for _ in range(CLIENTS)]


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user("caseworker")


def draft_case(actor: Any) -> Case:
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="EGY", title="Bribery", actor=actor
    )
    db.session.commit()
    return case


def test_a_status_change_from_a_stale_read_is_refused_and_writes_nothing(
    app: Flask, caseworker: Any
) -> None:
    case_id = draft_case(caseworker).id
    stale = detached(db.session.get(Case, case_id))
    with app.app_context():  # someone else, in their own session, moves the case first
        other = db.session.get(Case, case_id)
        transitions.transition(other, "under_review", db.session.merge(caseworker))
        db.session.commit()
        db.session.remove()
    db.session.add(stale)
    assert stale.status == "draft"  # what the loser read
    with pytest.raises(errors.TransitionError) as refused:
        transitions.transition(stale, "under_review", db.session.merge(caseworker))
    assert refused.value.code == "status_changed"
    db.session.rollback()
    moves = db.session.execute(
        select(func.count()).select_from(CaseEvent).where(CaseEvent.type == "transition")
    ).scalar_one()
    assert moves == 1
    assert db.session.get(Case, case_id).status == "under_review"


def test_simultaneous_status_changes_over_the_api_one_wins_the_others_get_409(
    live_server: str, caseworker: Any, api_headers: Callable[[Any], dict[str, str]]
) -> None:
    headers = tokens(api_headers, caseworker)
    case_id = draft_case(caseworker).id
    url = f"{live_server}/api/v1/cases/{case_id}/transitions"

    answers = at_once(
        CLIENTS,
        lambda i: requests.post(url, json={"to": "under_review"}, headers=headers[i], timeout=60),
    )

    assert statuses(answers) == [201] + [409] * (CLIENTS - 1), [a.text for a in answers]
    db.session.rollback()
    events = db.session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.type == "transition")
    ).scalars()
    assert [(e.from_status, e.to_status) for e in events] == [("draft", "under_review")]


def test_a_save_from_a_stale_version_is_refused_with_409_and_writes_nothing(
    app: Flask, caseworker: Any
) -> None:
    request = create_request(caseworker, complete_request())
    db.session.commit()
    request_id = request.id
    stale = detached(db.session.get(MlaRequest, request_id))
    with app.app_context():
        other = db.session.get(MlaRequest, request_id)
        update_request(other, {"facts": "Saved first."}, db.session.merge(caseworker))
        db.session.commit()
        db.session.remove()
    db.session.add(stale)
    with pytest.raises(RequestError) as refused:
        update_request(stale, {"facts": "Saved second."}, db.session.merge(caseworker))
    assert refused.value.status == 409
    db.session.rollback()
    saved = db.session.get(MlaRequest, request_id)
    assert saved.version == 2 and saved.data["facts"] == "Saved first."
    numbers = db.session.execute(
        select(RequestVersion.number).where(RequestVersion.request_id == request_id)
    ).scalars()
    assert sorted(numbers) == [1, 2]


def test_simultaneous_edits_of_one_request_over_the_api_give_409_never_500(
    live_server: str, caseworker: Any, api_headers: Callable[[Any], dict[str, str]]
) -> None:
    headers = tokens(api_headers, caseworker)
    request = create_request(caseworker, complete_request())
    db.session.commit()
    url = f"{live_server}/api/v1/requests/{request.id}"

    answers = at_once(
        CLIENTS,
        lambda i: requests.patch(
            url, json={"facts": f"Version {i}"}, headers=headers[i], timeout=60
        ),
    )

    codes = statuses(answers)
    assert set(codes) <= {200, 409} and 200 in codes, [a.text[:200] for a in answers]
    db.session.rollback()
    saved = {
        v.number: v.data["facts"]
        for v in db.session.execute(
            select(RequestVersion).where(RequestVersion.request_id == request.id)
        ).scalars()
    }
    accepted = [a.json() for a in answers if a.status_code == 200]
    for answer in accepted:  # every acknowledged save is a version of its own, as it was sent
        assert saved[answer["version"]] == answer["facts"]
    assert len(saved) == 1 + len(accepted)


@pytest.mark.slow  # left out of scripts/test --fast
def test_simultaneous_writers_each_append_to_one_unbroken_audit_chain(
    live_server: str, make_user: Callable[..., Any], api_headers: Callable[[Any], dict[str, str]]
) -> None:
    """Half the clients save a draft, half open a document (a read whose only write is its
    audit entry): every one is answered and appends exactly one entry to the chain."""
    authors = [make_user("caseworker") for _ in range(CLIENTS)]
    drafts = [create_request(a, complete_request()) for a in authors]
    db.session.commit()
    headers = [api_headers(a) for a in authors]
    urls = [f"{live_server}/api/v1/requests/{d.id}" for d in drafts]
    for token in headers:  # a token's first use records it: let the audit entry be the only write
        assert requests.get(f"{live_server}/api/v1/me", headers=token, timeout=60).ok

    def call(i: int) -> requests.Response:
        if i % 2:
            return requests.get(f"{urls[i]}/document?format=pdf", headers=headers[i], timeout=60)
        return requests.patch(urls[i], json={"facts": f"Facts {i}"}, headers=headers[i], timeout=60)

    answers = at_once(CLIENTS, call)

    assert statuses(answers) == [200] * CLIENTS, [a.text[:200] for a in answers]
    db.session.rollback()
    actions = db.session.execute(
        select(AuditEntry.action).where(
            AuditEntry.action.in_(["request.update", "request.document"])
        )
    ).scalars()
    assert sorted(actions) == sorted(["request.document", "request.update"] * (CLIENTS // 2))
    report = verify_chain()
    assert report.ok, report


def test_the_first_audit_entries_of_a_new_installation_can_be_written_at_once(
    app: Flask,
) -> None:
    assert db.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == 0
    barrier = threading.Barrier(CLIENTS)
    failures: list[str] = []

    def append(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                audit_record("test.concurrent_first", "test", index, {})
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - every failure is reported below
                failures.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=append, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    db.session.rollback()
    seqs = db.session.execute(select(AuditEntry.seq).order_by(AuditEntry.seq)).scalars()
    assert list(seqs) == list(range(1, CLIENTS + 1))
    assert verify_chain().ok


def b_sends_to_a(pair: Pair) -> bytes:
    """In ministry B: a complete request to A, approved and sealed; the package's bytes."""
    with pair.b.active():
        actor = pair.b.caseworker()
        fields = {
            **complete_request(),
            "requesting_state": "ARE",
            "requested_state": "FRA",
            "requested_authority": pair.a_in_b,
        }
        request = create_request(actor, fields)
        submit_request(request, actor)
        case = db.session.get(Case, request.case_id)
        review_support.approve(case, actor)
        package = transmit_case(case, actor, languages=["en"])
        db.session.commit()
        return sealed_bytes(package)


def test_parallel_imports_of_one_package_import_it_once_and_audit_each_refusal(
    pair: Pair, live_server: str, api_headers: Callable[[Any], dict[str, str]]
) -> None:
    data = b_sends_to_a(pair)
    octets = {"Content-Type": "application/octet-stream"}
    headers = [{**token, **octets} for token in tokens(api_headers, pair.a.caseworker())]
    refused_before = len(refusals())

    answers = at_once(
        CLIENTS,
        lambda i: requests.post(
            f"{live_server}/api/v1/exchange/import", data=data, headers=headers[i], timeout=60
        ),
    )

    assert statuses(answers) == [201] + [409] * (CLIENTS - 1), [a.text[:200] for a in answers]
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 409} == {"replay"}
    db.session.rollback()
    received = db.session.execute(
        select(func.count())
        .select_from(ExchangePackage)
        .where(ExchangePackage.direction == "received")
    ).scalar_one()
    assert received == 1
    logged = refusals()[refused_before:]
    assert [entry["code"] for entry in logged] == ["replay"] * (CLIENTS - 1)


@pytest.mark.slow  # left out of scripts/test --fast
def test_a_pdf_is_rendered_after_its_transaction_ended(
    caseworker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = create_request(caseworker, complete_request())
    db.session.commit()
    seen: list[bool] = []
    render = documents.html_to_pdf

    def rendering(html: str) -> bytes:
        seen.append(db.session().in_transaction())
        return render(html)

    monkeypatch.setattr(documents, "html_to_pdf", rendering)
    response = documents.document_response(request, "en", "pdf", caseworker)

    assert response.get_data().startswith(b"%PDF")
    assert seen == [False]  # no transaction (no lock, no snapshot) while WeasyPrint works
    db.session.rollback()
    logged = db.session.execute(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "request.document")
    ).scalar_one()
    assert logged == 1  # the download's audit entry was committed before the rendering


def write_transaction_open() -> bool:
    """Whether this session's transaction has written (holds SQLite's write lock, or has a
    PostgreSQL transaction id, which only a write assigns)."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        return bool(connection.connection.dbapi_connection.in_transaction)
    xid = connection.exec_driver_sql("SELECT pg_current_xact_id_if_assigned()").scalar()
    return xid is not None


@pytest.mark.slow  # left out of scripts/test --fast
def test_transmitting_a_case_renders_its_pdfs_before_it_writes(
    pair: Pair,
    client: Any,
    api_headers: Callable[[Any], dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = api_headers(pair.a.caseworker())
    assert client.get("/api/v1/me", headers=headers).status_code == 200  # records the token's use
    case_id = approved_case(pair).id
    db.session.commit()  # the request begins its own transaction
    seen: list[bool] = []
    render = documents.html_to_pdf

    def rendering(html: str) -> bytes:
        seen.append(write_transaction_open())
        return render(html)

    monkeypatch.setattr(documents, "html_to_pdf", rendering)
    sent = client.post(
        f"/api/v1/cases/{case_id}/transmit", json={"languages": ["en", "fr"]}, headers=headers
    )

    assert sent.status_code == 201, sent.get_json()
    assert seen == [False, False]  # no write lock, no write, while WeasyPrint works
    assert db.session.get(Case, case_id).status == "transmitted"
