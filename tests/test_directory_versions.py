"""Every change of a directory entry is a version: history, compare, restore, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mla_tool.audit.models import AuditEntry
from mla_tool.audit.verification import verify_chain
from mla_tool.directory.authorities import (
    create_authority,
    find_authorities,
    restore_authority_version,
    retire_authority,
    update_authority,
)
from mla_tool.directory.errors import DirectoryError
from mla_tool.directory.legal_basis import legal_basis
from mla_tool.directory.treaties import get_instrument, set_declaration
from mla_tool.directory.versions import compare_versions
from mla_tool.directory.versions import history as version_history
from mla_tool.extensions import db
from tests.factories.loaded_once import reference_rows

ENTRY = {
    "country": "JOR",
    "functions": ["central_authority_mla"],
    "name": "وزارة العدل",
    "name_en": "Ministry of Justice",
    "languages": ["ar"],
    "email": "moj@example.org",
    "verified_on": "2026-01-10",
}


def test_create_edit_retire_restore_keeps_every_version(make_user) -> None:
    maintainer = make_user("maintainer")
    authority = create_authority(ENTRY, maintainer)
    db.session.commit()
    assert authority.version == 1

    changed = update_authority(
        authority, {**ENTRY, "email": "new@example.org", "languages": ["ar", "en"]}, maintainer
    )
    db.session.commit()
    assert changed == ["languages", "email"] or sorted(changed) == ["email", "languages"]
    assert authority.version == 2

    # saving the same content again writes nothing
    assert (
        update_authority(
            authority, {**ENTRY, "email": "new@example.org", "languages": ["ar", "en"]}, maintainer
        )
        == []
    )
    assert authority.version == 2

    assert retire_authority(authority, maintainer, note="merged into another entry")
    db.session.commit()
    assert authority.retired and authority.version == 3

    history = version_history("authority", authority.id)
    assert [v.version for v in history] == [3, 2, 1]
    assert [v.action for v in history] == ["retire", "update", "create"]
    assert history[0].actor_email == maintainer.email
    assert history[0].note == "merged into another entry"
    assert history[0].changed_fields == ["retired"]
    assert sorted(history[1].changed_fields) == ["email", "languages"]
    assert history[2].snapshot["email"] == "moj@example.org"

    diff = compare_versions("authority", authority.id, 1, 3)
    assert {row["field"]: (row["old"], row["new"]) for row in diff} == {
        "languages": (["ar"], ["ar", "en"]),
        "email": ("moj@example.org", "new@example.org"),
        "retired": (False, True),
    }

    restore_authority_version(authority, 1, maintainer)
    db.session.commit()
    assert authority.version == 4
    assert authority.email == "moj@example.org"
    assert authority.languages == ["ar"]
    assert authority.retired is False
    latest = version_history("authority", authority.id)[0]
    assert latest.action == "restore" and latest.note == "restored version 1"
    # restored content is searchable again
    assert find_authorities(q="moj") == [authority]

    actions = [
        entry.action
        for entry in db.session.execute(
            select(AuditEntry).where(AuditEntry.object_type == "authority").order_by(AuditEntry.seq)
        ).scalars()
    ]
    assert actions == [
        "directory.authority.create",
        "directory.authority.update",
        "directory.authority.retire",
        "directory.authority.restore",
    ]
    assert verify_chain().ok


def test_bad_changes_write_nothing() -> None:
    authority = create_authority(ENTRY)
    db.session.commit()
    with pytest.raises(DirectoryError) as error:
        update_authority(authority, {**ENTRY, "country": "ZZZ", "email": "nope"})
    assert set(error.value.fields) == {"country", "email"}
    db.session.rollback()
    assert authority.version == 1
    assert len(version_history("authority", authority.id)) == 1
    with pytest.raises(DirectoryError):
        restore_authority_version(authority, 9)


def test_external_id_is_unique() -> None:
    create_authority({**ENTRY, "external_id": "jor-1"})
    db.session.commit()
    with pytest.raises(DirectoryError) as error:
        create_authority({**ENTRY, "name": "Other", "external_id": "jor-1"})
    assert error.value.status == 409


def test_declaration_corrections_have_history() -> None:
    reference_rows()
    untoc = get_instrument("UNTOC")
    record = set_declaration(
        untoc,
        "BRA",
        {"legal_basis_extradition": "no", "source": "note verbale (test)", "languages": ["ar"]},
    )
    db.session.commit()
    assert record.version == 1 and record.origin == "user"
    results = legal_basis("FRA", "BRA", "extradition")
    assert next(r for r in results if r["code"] == "UNTOC")["status"] == "not_a_legal_basis"
    set_declaration(untoc, "BRA", {"legal_basis_extradition": "yes", "source": "fix"})
    db.session.commit()
    assert [
        v.snapshot["legal_basis_extradition"] for v in version_history("declaration", record.id)
    ] == ["yes", "no"]
    with pytest.raises(DirectoryError):
        set_declaration(untoc, "BRA", {"legal_basis_extradition": "maybe", "source": "x"})
