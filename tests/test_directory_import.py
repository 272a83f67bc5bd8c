"""Bulk import and export: all rows validated, bad rows by line, nothing partial, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mla_tool.directory.authorities import (
    authority_input,
    find_authorities,
    retire_authority,
    update_authority,
)
from mla_tool.directory.cli import directory_group
from mla_tool.directory.models import Authority, DirectoryVersion
from mla_tool.directory.transfer import (
    ImportFileError,
    export_entries,
    import_entries,
    read_csv_rows,
    read_json_rows,
    read_rows,
)
from mla_tool.extensions import db

HEADER = "external_id,country,functions,name,name_ar,languages,channels,email,verified_on,urgent_by_email\n"
GOOD = (
    HEADER + 'egy-1,EGY,central_authority_mla;central_authority_extradition,"Office of the Public '
    'Prosecutor, International Cooperation",مكتب النائب العام,ar;en,central_authority;diplomatic,'
    "ca@example.org,2026-02-01,no\n"
    + "mar-1,MAR,cybercrime_24_7,DGSN 24/7,,ar;fr,direct,,,yes\n"
    + ",TUN,central_authority_mla,Ministère de la Justice,وزارة العدل,ar;fr,,,,\n"
)


def count(model=Authority) -> int:
    return db.session.execute(select(func.count(model.id))).scalar_one()


def test_good_file_imports_then_reimport_changes_nothing() -> None:
    report = import_entries(read_csv_rows(GOOD))
    db.session.commit()
    assert report.ok and (report.created, report.updated, report.unchanged) == (3, 0, 0)
    egypt = db.session.execute(
        select(Authority).where(Authority.external_id == "egy-1")
    ).scalar_one()
    assert egypt.functions == ["central_authority_mla", "central_authority_extradition"]
    assert egypt.languages == ["ar", "en"]
    assert egypt.urgent_by_email is False
    assert find_authorities(q="النائب") == [egypt]
    versions = count(DirectoryVersion)

    again = import_entries(read_csv_rows(GOOD))
    db.session.commit()
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert count() == 3 and count(DirectoryVersion) == versions

    # a changed cell updates the matched entry (external id or country+name+functions)
    changed = GOOD.replace("ca@example.org", "ca2@example.org").replace(
        "Ministère de la Justice,وزارة العدل,ar;fr", "Ministère de la Justice,وزارة العدل,fr"
    )
    third = import_entries(read_csv_rows(changed))
    db.session.commit()
    assert (third.created, third.updated, third.unchanged) == (0, 2, 1)
    assert count() == 3
    assert egypt.email == "ca2@example.org" and egypt.version == 2


def test_bad_rows_are_reported_by_line_and_nothing_is_written() -> None:
    text = (
        HEADER
        + "a,EGY,central_authority_mla,Good row,,ar,,,,\n"
        + "b,ZZZ,central_authority_mla,Bad country,,ar,,,,\n"  # line 3
        + "c,EGY,,No function,,ar,,,,\n"  # line 4
        + 'd,EGY,central_authority_mla,"Multi\nline name",,xx,,not-an-email,2026-13-01,maybe\n'
        + "a,EGY,cybercrime_24_7,Duplicate id,,ar,,,,\n"  # line 7
        + "e,EGY,central_authority_mla,Good row,,ar,,,,\n"  # line 8: same key as line 2
    )
    report = import_entries(read_csv_rows(text))
    assert not report.ok
    lines = {error.line: error for error in report.errors}
    assert sorted(lines) == [3, 4, 5, 7, 8]
    assert "country" in lines[3].fields
    assert "functions" in lines[4].fields
    assert set(lines[5].fields) == {"languages", "email", "verified_on", "urgent_by_email"}
    assert "duplicate external_id 'a'" in lines[7].reason and "line 2" in lines[7].reason
    assert "line 2" in lines[8].reason
    assert str(lines[3]).startswith("line 3: ")
    db.session.rollback()
    assert count() == 0


def test_file_level_errors() -> None:
    with pytest.raises(ImportFileError, match="unknown columns"):
        read_csv_rows("country,functions,name,colour\n")
    with pytest.raises(ImportFileError, match="missing columns"):
        read_csv_rows("country,name\n")
    with pytest.raises(ImportFileError, match="line 3"):
        read_json_rows('[\n {"country": "EGY"},\n {oops}\n]')
    rows = read_csv_rows(HEADER + "a,EGY,x,y,,,,,,,EXTRA\n")
    assert rows[0][1] == {"__error__": "more cells than columns"}


def test_json_rows_carry_line_numbers(tmp_path: Path) -> None:
    entries = [
        {"country": "EGY", "functions": ["central_authority_mla"], "name": "A"},
        {"country": "EGY", "functions": ["central_authority_mla"], "name": ""},
    ]
    path = tmp_path / "entries.json"
    path.write_text(json.dumps(entries, indent=2), encoding="utf-8")
    rows = read_rows(path)
    assert [line for line, _ in rows] == [2, 9]
    report = import_entries(rows)
    assert [(e.line, list(e.fields)) for e in report.errors] == [(9, ["name"])]
    path.write_text(json.dumps({"authorities": entries[:1]}), encoding="utf-8")
    assert import_entries(read_rows(path)).created == 1


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_is_what_import_reads_back(fmt: str, tmp_path: Path) -> None:
    import_entries(read_csv_rows(GOOD))
    authority = find_authorities(country="TUN")[0]
    update_authority(
        authority,
        {
            **authority_input(authority),
            "legal_texts": [
                {"title": "Code of criminal procedure", "url": "https://example.org/c"}
            ],
            "requirements": "Line one\nLine two, with a comma",
        },
    )
    retire_authority(find_authorities(country="MAR")[0])
    db.session.commit()
    text = export_entries(fmt)
    path = tmp_path / f"export.{fmt}"
    path.write_text(text, encoding="utf-8")
    report = import_entries(read_rows(path))
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    # into an empty directory the export recreates the same entries
    before = {a["name"]: a for a in json.loads(export_entries("json"))}
    for model in (DirectoryVersion, Authority):
        for row in db.session.execute(select(model)).scalars():
            db.session.delete(row)
    db.session.commit()
    assert import_entries(read_rows(path)).created == 3
    db.session.commit()
    after = {a["name"]: a for a in json.loads(export_entries("json"))}
    assert after == before


def test_cli_import_reports_bad_rows_then_succeeds(app, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "x,EGY,central_authority_mla,Bad,,qq,,,,\n", encoding="utf-8")
    result = runner.invoke(directory_group, ["import", str(bad)])
    assert result.exit_code == 1
    assert "line 5: the entry is not valid (languages: 'qq' is not an ISO 639-1 language code)" in (
        result.output
    )
    assert "nothing was imported" in result.output
    assert count() == 0

    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(directory_group, ["import", str(good)])
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output
    result = runner.invoke(directory_group, ["import", str(good)])
    assert "0 created, 0 updated, 3 unchanged" in result.output

    result = runner.invoke(directory_group, ["export", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 3


def test_cli_import_shows_progress_on_large_files(app, tmp_path: Path) -> None:
    rows = [HEADER.strip()]
    for index in range(250):
        rows.append(f"big-{index},EGY,central_authority_mla,Authority number {index},,ar,,,,")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(directory_group, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "importing" in result.stderr  # the progress bar goes to stderr
    assert "250 created" in result.stdout
    assert count() == 250
