"""Two installations with their own databases, keys and vaults exchange a request, its evidence
and its status updates; every kind of bad package is refused, logged and leaves nothing behind."""

from __future__ import annotations

import io
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from mla_tool.audit.models import AuditEntry
from mla_tool.cases import dates, timeline, transitions
from mla_tool.cases.models import Case, CaseEvent
from mla_tool.directory.models import Authority
from mla_tool.exchange import crypto
from mla_tool.exchange.cli import exchange_group
from mla_tool.exchange.models import ExchangePackage
from mla_tool.exchange.package import OUTBOX_FOLDER, encode_payload
from mla_tool.exchange.receive import import_package
from mla_tool.exchange.refusals import REFUSALS, ExchangeError
from mla_tool.exchange.status import export_status
from mla_tool.exchange.transmit import transmit_case
from mla_tool.exchange.trust import key_status, record_verification, revoke_key
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from mla_tool.vault.models import Attachment
from mla_tool.vault.service import read_plaintext
from tests import review_support
from tests.factories.exchange import (  # noqa: F401  (fixtures)
    EVIDENCE,
    Pair,
    approved_case,
    attach,
    ministry_a_fixture,
    ministry_b_fixture,
    pair_fixture,
    refusals,
    sealed_bytes,
)

#: A request rendered again from the same HTML is rendered once per process (conftest).
pytestmark = pytest.mark.usefixtures("pdf_rendered_once")


def counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.execute(
            select(func.count()).select_from(model)
        ).scalar_one()
        for model in (Case, MlaRequest, Attachment, ExchangePackage, CaseEvent)
    }


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


# ---------------------------------------------------------------------------------------------


def test_a_transmits_b_imports_acknowledges_and_a_sees_the_status(
    pair: Pair, client: Any, api_headers: Any, tmp_path: Path
) -> None:
    a, b = pair.a, pair.b
    case = approved_case(pair)
    attachment_id = attach(client, api_headers(a.caseworker()), case.id, EVIDENCE, "statement.txt")
    package = transmit_case(
        case, a.caseworker(), languages=["en", "fr"], attachment_ids=[attachment_id]
    )
    db.session.commit()
    sent = sealed_bytes(package)
    outgoing_id = case.id

    # A's case records what went, to whom, with the package digest
    case = db.session.get(Case, outgoing_id)
    assert case.status == "transmitted"
    event = db.session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.type == "exchange")
    ).scalar_one()
    assert (
        event.details["digest"] == package.digest == __import__("hashlib").sha256(sent).hexdigest()
    )
    assert event.details["recipient_id"] == pair.b_in_a
    assert [f["name"] for f in package.summary["files"]] == [
        f"request-{package.summary['request_ids'][0]}-en.pdf",
        f"request-{package.summary['request_ids'][0]}-fr.pdf",
        "statement.txt",
    ]
    send_audit = db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "exchange.send")
    ).scalar_one()
    assert package.digest in send_audit.details
    # nobody in between reads it: neither the facts, nor the evidence, nor the reference
    assert b"PNF-2026-0417" not in sent and b"FR76 3000" not in sent and b"%PDF" not in sent

    with b.active():
        before = counts()
        result = import_package(sent, b.caseworker(), filename="request.mlapkg")
        incoming = db.session.get(Case, result.case.id)
        assert (incoming.direction, incoming.status, incoming.counterpart_state) == (
            "incoming",
            "received",
            "FRA",
        )
        assert incoming.reference == "PNF-2026-0417"
        # the structured request, no retyping
        request = db.session.execute(
            select(MlaRequest).where(MlaRequest.case_id == incoming.id)
        ).scalar_one()
        original = complete_request()
        assert request.data["subject"] == original["subject"]
        assert request.data["persons"] == original["persons"]
        assert request.data["measures"][0]["type"] == original["measures"][0]["type"]
        # documents and evidence in B's vault, encrypted at rest, digests intact
        stored = {att.filename: att for att in db.session.execute(select(Attachment)).scalars()}
        assert set(stored) == {
            f"request-{package.summary['request_ids'][0]}-en.pdf",
            f"request-{package.summary['request_ids'][0]}-fr.pdf",
            "statement.txt",
        }
        assert read_plaintext(stored["statement.txt"]) == EVIDENCE
        french = pdf_text(
            read_plaintext(stored[f"request-{package.summary['request_ids'][0]}-fr.pdf"]), tmp_path
        )
        assert "PNF-2026-0417" in french
        for path in b.vault_files():
            assert b"FR76 3000" not in path.read_bytes() and b"%PDF" not in path.read_bytes()
        assert counts()["cases"] == before["cases"] + 1

        # the same package again: refused, nothing added
        before = counts()
        with pytest.raises(ExchangeError) as replay:
            import_package(sent, b.caseworker())
        assert replay.value.code == "replay"
        assert counts() == before
        assert refusals()[-1]["code"] == "replay"

        receipt = export_status(incoming, b.caseworker(), "received")
        db.session.commit()
        receipt_bytes = sealed_bytes(receipt)
        incoming = db.session.get(Case, result.case.id)
        transitions.transition(incoming, "under_review", b.caseworker())
        transitions.transition(incoming, "in_execution", b.caseworker())
        update = export_status(incoming, b.caseworker(), "in_execution")
        db.session.commit()
        in_execution = sealed_bytes(update)
        done = export_status(incoming, b.caseworker(), "executed")
        db.session.commit()
        executed = sealed_bytes(done)
        # what B reports is what B's own case says: the update moved it
        assert db.session.get(Case, result.case.id).status == "executed"

    result = import_package(receipt_bytes, a.caseworker())
    assert result.type == "status" and result.case.id == outgoing_id
    case = db.session.get(Case, outgoing_id)
    assert case.status == "transmitted"  # a receipt changes no status
    events = timeline.events_of(case)
    assert events[0].type == "exchange"
    assert events[0].details["action"] == "status_received"
    assert events[0].details["status"] == "received"
    assert events[0].details["in_reply_to"] == package.package_id

    import_package(in_execution, a.caseworker())
    assert db.session.get(Case, outgoing_id).status == "in_execution"
    import_package(executed, a.caseworker())
    assert db.session.get(Case, outgoing_id).status == "executed"
    with pytest.raises(ExchangeError) as again:
        import_package(executed, a.caseworker())
    assert again.value.code == "replay"


def test_refusal_with_reason_reaches_the_sender(pair: Pair) -> None:
    from mla_tool.forms.samples import urgent_block

    actor = pair.a.caseworker()
    request = create_request(
        actor,
        {**complete_request(), "requested_authority": pair.b_in_a, "urgent": urgent_block(20)},
    )
    submit_request(request, actor)
    case = db.session.get(Case, request.case_id)
    review_support.approve(case, actor)
    db.session.commit()
    respond_by = request.data["urgent"]["respond_by"]
    package = transmit_case(case, pair.a.caseworker(), languages=["en"])
    db.session.commit()
    sent, outgoing_id = sealed_bytes(package), case.id
    with pair.b.active():
        incoming = import_package(sent, pair.b.caseworker()).case
        assert incoming.due_date.isoformat() == respond_by  # the deadline travels too
        with pytest.raises(ExchangeError) as no_reason:
            export_status(incoming, pair.b.caseworker(), "refused")
        assert no_reason.value.fields == {"reason": "required"}
        transitions.transition(incoming, "under_review", pair.b.caseworker())
        refusal = export_status(
            incoming, pair.b.caseworker(), "refused", "Art. 18(21)(b): ordre public"
        )
        db.session.commit()
        refused = sealed_bytes(refusal)
    import_package(refused, pair.a.caseworker())
    case = db.session.get(Case, outgoing_id)
    assert case.status == "refused"
    last = timeline.events_of(case)[0]
    assert last.details["status"] == "refused" and "ordre public" in last.note


def test_a_status_update_cannot_contradict_the_case_it_comes_from(pair: Pair) -> None:
    """Reporting "executed" on a case still "received" here is refused and changes nothing."""
    case = approved_case(pair)
    package = transmit_case(case, pair.a.caseworker(), languages=["en"])
    db.session.commit()
    sent = sealed_bytes(package)
    with pair.b.active():
        incoming = import_package(sent, pair.b.caseworker()).case
        db.session.commit()
        events_before = len(timeline.events_of(incoming))
        for status in ("executed", "in_execution", "refused"):
            with pytest.raises(ExchangeError) as refused:
                export_status(incoming, pair.b.caseworker(), status, "a reason")
            db.session.rollback()
            assert refused.value.code == "invalid" and "status" in refused.value.fields
            incoming = db.session.get(Case, incoming.id)
            assert incoming.status == "received"
            assert len(timeline.events_of(incoming)) == events_before
        assert db.session.query(ExchangePackage).filter_by(direction="sent").count() == 0


@pytest.fixture
def request_package(pair: Pair) -> bytes:
    case = approved_case(pair)
    package = transmit_case(case, pair.a.caseworker(), languages=["en"])
    db.session.commit()
    return sealed_bytes(package)


def _refused_in_b(pair: Pair, data: bytes, expected: str | set[str]) -> None:
    with pair.b.active():
        before = counts()
        audit_before = len(refusals())
        with pytest.raises(ExchangeError) as refused:
            import_package(data, pair.b.caseworker())
        codes = {expected} if isinstance(expected, str) else expected
        assert refused.value.code in codes, refused.value.code
        assert refused.value.message == REFUSALS[refused.value.code]
        assert counts() == before
        assert pair.b.vault_files() == []
        logged = refusals()
        assert len(logged) == audit_before + 1
        assert logged[-1]["code"] == refused.value.code


def test_tampered_byte_is_refused(pair: Pair, request_package: bytes) -> None:
    altered = bytearray(request_package)
    altered[len(altered) // 2] ^= 0x01
    _refused_in_b(pair, bytes(altered), {"bad_signature", "tampered"})


def test_truncated_file_is_refused(pair: Pair, request_package: bytes) -> None:
    _refused_in_b(pair, request_package[:-30], "truncated")
    _refused_in_b(pair, request_package[: len(request_package) // 3], "truncated")


def test_not_a_package_is_refused(pair: Pair) -> None:
    _refused_in_b(pair, b"%PDF-1.7\n a letter", "not_a_package")


def test_wrong_recipient_is_refused(pair: Pair) -> None:
    # A seals to a third authority; the package reaches B
    stranger = crypto.generate_identity()
    out = io.BytesIO()
    crypto.seal(
        io.BytesIO(b"{}"),
        out,
        crypto.load_identity(pair.a.app.config["MLA_EXCHANGE_KEY_FILE"]),
        stranger.public,
        {"type": "request", "package_id": "x"},
    )
    _refused_in_b(pair, out.getvalue(), "wrong_recipient")


def test_unknown_sender_is_refused(pair: Pair, request_package: bytes) -> None:
    with pair.b.active():
        db.session.get(Authority, pair.a_in_b).public_key = ""
        db.session.commit()
    _refused_in_b(pair, request_package, "unknown_sender")


def test_forged_sender_is_refused(pair: Pair, request_package: bytes) -> None:
    """A stranger claims to be A: the header names A's fingerprint, the signature is not A's."""
    stranger = crypto.generate_identity()
    with pair.b.active():
        b_public = crypto.load_identity(pair.b.app.config["MLA_EXCHANGE_KEY_FILE"]).public
    out = io.BytesIO()
    crypto.seal(io.BytesIO(b"{}"), out, stranger, b_public, {"type": "request", "package_id": "y"})
    forged = out.getvalue().replace(
        stranger.public.fingerprint.encode(), pair.a.fingerprint.encode()
    )
    _refused_in_b(pair, forged, {"bad_signature", "tampered"})


def test_unverified_key_is_refused(pair: Pair, request_package: bytes) -> None:
    from mla_tool.exchange.models import KeyVerification

    with pair.b.active():
        db.session.execute(KeyVerification.__table__.delete())
        db.session.commit()
    _refused_in_b(pair, request_package, "unverified_key")


def test_changed_key_needs_a_new_verification(pair: Pair, request_package: bytes) -> None:
    with pair.b.active():
        authority = db.session.get(Authority, pair.a_in_b)
        authority.public_key = crypto.generate_identity().public.pem()
        db.session.commit()
        status = key_status(authority)
        assert status.state == "unverified"
    # the old key is no longer in the directory at all
    _refused_in_b(pair, request_package, "unknown_sender")


def test_revoked_key_is_refused(pair: Pair, request_package: bytes) -> None:
    with pair.b.active():
        revoke_key(db.session.get(Authority, pair.a_in_b), pair.b.caseworker(), "leaked")
        db.session.commit()
    _refused_in_b(pair, request_package, "revoked_key")


def test_expired_verification_is_refused(pair: Pair, request_package: bytes) -> None:
    with pair.b.active():
        today = dates.today()
        record_verification(
            db.session.get(Authority, pair.a_in_b),
            pair.b.caseworker(),
            fingerprint=pair.a.fingerprint,
            verified_on=today - timedelta(days=400),
            method="in_person",
            expires_on=today - timedelta(days=35),
        )
        db.session.commit()
    _refused_in_b(pair, request_package, "expired_key")


def test_verification_refuses_a_fingerprint_that_does_not_match(pair: Pair) -> None:
    authority = db.session.get(Authority, pair.b_in_a)
    wrong = crypto.generate_identity().public.fingerprint
    with pytest.raises(ExchangeError) as refused:
        record_verification(
            authority,
            pair.a.caseworker(),
            fingerprint=wrong,
            verified_on=dates.today(),
            method="phone",
        )
    assert "fingerprint" in refused.value.fields
    # spaces and case do not matter when the fingerprint is typed in
    row = record_verification(
        authority,
        pair.a.caseworker(),
        fingerprint=pair.b.fingerprint.lower().replace(" ", ""),
        verified_on=dates.today(),
        method="videoconference",
    )
    assert row.fingerprint == pair.b.fingerprint


def test_transmission_needs_a_verified_recipient_key(pair: Pair) -> None:
    from mla_tool.exchange.models import KeyVerification

    db.session.execute(KeyVerification.__table__.delete())
    db.session.commit()
    case = approved_case(pair)
    with pytest.raises(ExchangeError) as refused:
        transmit_case(case, pair.a.caseworker(), languages=["en"])
    assert refused.value.code == "unverified_key"
    db.session.rollback()
    assert db.session.get(Case, case.id).status == "approved"
    assert not (pair.a.data_dir() / OUTBOX_FOLDER).exists() or not any(
        (pair.a.data_dir() / OUTBOX_FOLDER).iterdir()
    )


def test_status_update_from_another_authority_is_refused(pair: Pair, tmp_path: Path) -> None:
    """C, verified in A's directory, answers a request that went to B: refused."""
    case = approved_case(pair)
    package = transmit_case(case, pair.a.caseworker(), languages=["en"])
    db.session.commit()
    third = crypto.generate_identity()
    c_authority = Authority(
        country_iso3="ESP",
        functions=["central_authority_mla"],
        name="C",
        public_key=third.public.pem(),
    )
    db.session.add(c_authority)
    db.session.flush()
    record_verification(
        c_authority,
        pair.a.caseworker(),
        fingerprint=third.public.fingerprint,
        verified_on=dates.today(),
        method="phone",
    )
    db.session.commit()
    manifest = {
        "format": 1,
        "type": "status",
        "package_id": "forged-status",
        "in_reply_to": package.package_id,
        "status": "executed",
        "reason": "",
        "sender": {"fingerprint": third.public.fingerprint},
        "recipient": {"fingerprint": pair.a.fingerprint},
    }
    out = io.BytesIO()
    crypto.seal(
        io.BytesIO(encode_payload(manifest, [])),
        out,
        third,
        crypto.parse_public_bundle(pair.a.pem),
        {"type": "status", "package_id": "forged-status"},
    )
    with pytest.raises(ExchangeError) as refused:
        import_package(out.getvalue(), pair.a.caseworker())
    assert refused.value.code == "sender_mismatch"
    assert db.session.get(Case, case.id).status == "transmitted"


def test_cli_import(pair: Pair, request_package: bytes, tmp_path: Path) -> None:
    path = tmp_path / "in.mlapkg"
    path.write_bytes(request_package)
    runner = pair.b.app.test_cli_runner()
    with pair.b.active():  # the command runs in the current app: B's
        email = pair.b.caseworker().email
        result = runner.invoke(exchange_group, ["import", str(path), "--user", email])
        again = runner.invoke(exchange_group, ["import", str(path), "--user", email])
    assert result.exit_code == 0, result.output
    assert "incoming case #" in result.output
    assert again.exit_code == 1
    assert "refused (replay)" in again.output


def test_any_single_byte_change_in_a_real_package_is_refused(
    pair: Pair, request_package: bytes
) -> None:
    original = request_package

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        position=st.integers(min_value=0, max_value=len(original) - 1),
        flip=st.integers(min_value=1, max_value=255),
    )
    def check(position: int, flip: int) -> None:
        altered = bytearray(original)
        altered[position] ^= flip
        with pytest.raises(ExchangeError):
            import_package(bytes(altered), pair.b.caseworker())

    with pair.b.active():
        check()
        assert db.session.execute(select(func.count()).select_from(Case)).scalar_one() == 0
        # and the untouched package still imports
        assert import_package(original, pair.b.caseworker()).type == "request"
