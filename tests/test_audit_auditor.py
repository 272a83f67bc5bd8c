"""The auditor reads and searches the audit log, in the UI (`/audit/`) and the API
(`GET /api/v1/audit`): filters, pages, the chain's state; every other role gets 403."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from markupsafe import escape
from sqlalchemy import text

from mla_tool.audit import service as audit
from mla_tool.extensions import db
from tests.factories.audit_files import audit_files  # noqa: F401 -- the fixture

OTHER_ROLES = ("prosecutor", "caseworker", "maintainer", "admin")
HOSTILE = '<form action="/x"><svg onload=alert(1)>\u202e'


pytestmark = pytest.mark.usefixtures("audit_files")


@pytest.fixture
def some_entries(make_user):  # type: ignore[no-untyped-def]
    clerk = make_user("caseworker", email="clerk@example.org")
    for number in range(1, 4):
        audit.record("attachment.download", "attachment", number, {"name": HOSTILE}, actor=clerk)
    audit.record("keys.rotated", "master_key", "k1", {"rewrapped": 2})
    db.session.commit()
    return clerk


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403_on_page_and_api(role, client, make_user, login, api_headers) -> None:  # type: ignore[no-untyped-def]
    user = make_user(role)
    assert client.get("/api/v1/audit", headers=api_headers(user)).status_code == 403
    assert client.get("/api/v1/audit/verification", headers=api_headers(user)).status_code == 403
    login(user)
    assert client.get("/audit/").status_code == 403
    assert "/audit/" not in client.get("/dashboard").get_data(as_text=True)


def test_anonymous_gets_nothing(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/audit").status_code == 401
    assert client.get("/audit/").status_code in (302, 401)


def test_the_auditor_searches_the_api(client, make_user, api_headers, some_entries) -> None:  # type: ignore[no-untyped-def]
    headers = api_headers(make_user("auditor"))
    everything = client.get("/api/v1/audit", headers=headers).get_json()
    assert everything["total"] >= 5  # user.create entries too
    assert everything["items"][0]["seq"] > everything["items"][-1]["seq"]  # newest first

    downloads = client.get(
        "/api/v1/audit?action=attachment.download&actor=CLERK@example.org&per_page=2",
        headers=headers,
    ).get_json()
    assert downloads["total"] == 3 and len(downloads["items"]) == 2 and downloads["has_next"]
    assert downloads["items"][0]["details"] == {"name": HOSTILE}
    assert downloads["items"][0]["key_id"]
    second = client.get(
        "/api/v1/audit?action=attachment.download&per_page=2&page=2", headers=headers
    ).get_json()
    assert [item["object_id"] for item in second["items"]] == ["1"]

    by_prefix = client.get("/api/v1/audit?action=keys", headers=headers).get_json()
    assert [item["action"] for item in by_prefix["items"]] == ["keys.rotated"]
    by_object = client.get(
        "/api/v1/audit?object_type=attachment&object_id=2", headers=headers
    ).get_json()
    assert [item["object_id"] for item in by_object["items"]] == ["2"]

    today = datetime.utcnow().date()
    inside = client.get(f"/api/v1/audit?since={today}&until={today}", headers=headers)
    assert inside.get_json()["total"] == everything["total"]
    before = today - timedelta(days=3)
    outside = client.get(f"/api/v1/audit?until={before}", headers=headers).get_json()
    assert outside["total"] == 0

    for bad in ("since=yesterday", "per_page=0", "colour=red", f"since={today}&until={before}"):
        refused = client.get(f"/api/v1/audit?{bad}", headers=headers)
        assert refused.status_code == 422, bad

    status = client.get("/api/v1/audit/verification", headers=headers).get_json()
    assert status["ok"] and status["checked"] == everything["total"]


def test_the_auditor_page_filters_escapes_and_shows_the_chain(
    client, make_user, login, some_entries
) -> None:  # type: ignore[no-untyped-def]
    login(make_user("auditor"))
    html = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/audit/"' in html  # the menu item
    page = client.get("/audit/?action=attachment.download")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<form action=" not in body and "<svg" not in body
    assert "&lt;form action=" in body
    assert "The chain verifies" in body
    assert body.count("attachment.download</code>") == 3
    assert "keys.rotated</code>" not in body

    bad = client.get("/audit/?since=not-a-date").get_data(as_text=True)
    assert "not valid" in bad and "keys.rotated</code>" in bad  # no filter applied

    db.session.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    db.session.commit()
    broken = client.get("/audit/").get_data(as_text=True)
    assert "The chain is broken at entry 2" in broken


def test_the_audit_routes_are_in_the_openapi_document(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/v1/openapi.json").get_json()
    assert "get" in document["paths"]["/audit"]
    names = {parameter["name"] for parameter in document["paths"]["/audit"]["get"]["parameters"]}
    assert {"action", "actor", "object_type", "object_id", "since", "until", "page"} <= names


def test_a_long_log_is_verified_when_the_auditor_asks(
    client, make_user, login, some_entries, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from mla_tool.audit import views
    from mla_tool.audit.checkpoints import write_checkpoint
    from mla_tool.audit.verification import verify_chain

    report = verify_chain()
    write_checkpoint(report.head_seq, report.head_hash)
    monkeypatch.setattr(views, "AUTO_VERIFY_LIMIT", 2)
    login(make_user("auditor"))
    quick = client.get("/audit/?action=keys").get_data(as_text=True)
    assert "Verify the whole log now" in quick and "The chain verifies" not in quick
    assert f"Last signed checkpoint: entry {report.head_seq}" in quick
    assert "action=keys" in quick and "verify=1" in quick
    asked = client.get("/audit/?action=keys&verify=1").get_data(as_text=True)
    assert "The chain verifies" in asked


def test_the_auditor_page_reads_as_text_in_every_language(
    client, make_user, login, some_entries, audit_files
) -> None:  # type: ignore[no-untyped-def]
    """Filter errors name the fields as the form labels them; the checkpoint's time is a date
    and time (direction-isolated, so Arabic does not reorder its parts), the command a code."""
    from mla_tool.audit.checkpoints import write_checkpoint
    from mla_tool.audit.verification import last_signed_checkpoint, verify_chain

    login(make_user("auditor"))
    (audit_files / "audit-checkpoints.jsonl").unlink()
    none_yet = client.get("/audit/").get_data(as_text=True)
    assert "<code>mla-tool audit checkpoint</code>" in none_yet and "`" not in none_yet
    bad = client.get("/audit/?since=not-a-date&page=x").get_data(as_text=True)
    assert "not applied: From (UTC), Pages" in bad
    report = verify_chain()
    write_checkpoint(report.head_seq, report.head_hash)
    checkpoint = last_signed_checkpoint()
    assert checkpoint is not None
    signed = datetime.fromisoformat(checkpoint.at)
    body = client.get("/audit/").get_data(as_text=True)
    shown = f'<time dir="ltr" datetime="{checkpoint.at}">{signed:%Y-%m-%d %H:%M} UTC</time>'
    assert shown in body
    assert checkpoint.at not in body.replace(f'datetime="{checkpoint.at}"', "")


def test_the_auditor_page_shows_empty_and_nested_details_as_data(client, make_user, login) -> None:  # type: ignore[no-untyped-def]
    """A detail without value reads "—", not Python's None; a list or a mapping reads as JSON."""
    audit.record(
        "case.transition",
        "case",
        7,
        {"note": None, "urgent": True, "fields": ["facts", "measures"], "to": {"status": "sent"}},
    )
    db.session.commit()
    login(make_user("auditor"))
    body = client.get("/audit/?action=case.transition").get_data(as_text=True)
    assert "<bdi>note</bdi>: <bdi>—</bdi>" in body
    assert "None" not in body and "True" not in body and "['facts'" not in body
    assert "<bdi>urgent</bdi>: <bdi>true</bdi>" in body
    fields = escape('["facts", "measures"]')
    assert f"<bdi>fields</bdi>: <bdi>{fields}</bdi>" in body


def test_every_action_the_code_records_has_a_label() -> None:
    """The page names actions by label: every literal action `record` is called with is in the
    table, and the few call sites that pass a variable are the known ones (whose values are)."""
    import ast
    from pathlib import Path

    import mla_tool
    from mla_tool.audit.labels import ACTION_LABELS

    root = Path(mla_tool.__file__).parent
    literal, passed_on = set(), set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in ("record", "audit_record"):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                literal.add(first.value)
            else:
                passed_on.add(f"{path.relative_to(root)}:{ast.unparse(first)}")
    assert literal and not literal - set(ACTION_LABELS)
    assert passed_on == {
        "directory/authorities.py:f'directory.authority.{action}'",
        "forms/dismissals.py:action",
        "forms/extradition/actions.py:action",
        "forms/eevidence/actions.py:action",
    }
    dynamic = {
        f"directory.authority.{a}" for a in ("create", "update", "retire", "restore", "import")
    }
    dynamic |= {"request.finding_dismissed", "request.finding_restored", "request.convert"}
    dynamic |= {"request.start_provisional_arrest", "request.follow_up", "request.extension"}
    sources = "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    for action in dynamic - {a for a in dynamic if a.startswith("directory.authority.")}:
        assert f'"{action}"' in sources, action
    assert dynamic <= set(ACTION_LABELS)


def test_the_auditor_page_names_actions_and_objects_in_the_readers_language(
    client, make_user, login, some_entries
) -> None:  # type: ignore[no-untyped-def]
    """An action reads as its label with its code beside it (what the filter and the API take);
    an object type as its label; an action the table does not know shows its code."""
    audit.record("legacy.thing", "widget", 9, {})
    db.session.commit()
    login(make_user("auditor"))
    french = {"Accept-Language": "fr"}
    body = client.get("/audit/", headers=french).get_data(as_text=True)
    assert (
        'Pièce jointe téléchargée<br><code class="code-note" dir="ltr">attachment.download</code>'
        in body
    )
    assert 'Pièce jointe <bdi dir="ltr">1</bdi>' in body
    assert '<td><code class="code-note" dir="ltr">legacy.thing</code></td>' in body
    assert 'widget <bdi dir="ltr">9</bdi>' in body
    assert '<option value="attachment.download" >Pièce jointe téléchargée</option>' in body
    assert '<option value="master_key" >Clé maîtresse</option>' in body
    chosen = client.get("/audit/?object_type=widget", headers=french).get_data(as_text=True)
    assert '<option value="widget" selected>widget</option>' in chosen
    assert "legacy.thing</code>" in chosen and "attachment.download</code>" not in chosen
