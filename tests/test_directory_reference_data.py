"""The packaged reference data, loaded: every row of every file (by `init` on a fresh install),
each with its source; the Arab and GCC instruments in the legal-basis finder; a signature is
never a party; re-loading is idempotent and never overwrites a maintainer's change; a failed
load writes nothing."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from mla_tool.directory import cli as directory_cli
from mla_tool.directory.authorities import patch_authority
from mla_tool.directory.legal_basis import legal_basis
from mla_tool.directory.models import Authority, DirectoryVersion, Instrument, Participation
from mla_tool.directory.reference import load_reference_data
from mla_tool.directory.reference_sources import DATA_DIR
from mla_tool.directory.treaties import get_instrument, set_participation
from mla_tool.directory.versions import history
from mla_tool.extensions import db
from mla_tool.forms.directory_facts import offered_legal_bases, shared_legal_bases

pytestmark = pytest.mark.slow  # the whole reference data per test: left out of --fast


def rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def reference() -> dict:
    counts = load_reference_data()
    db.session.commit()
    return counts


def by_code(results: list[dict], code: str) -> dict:
    return next(item for item in results if item["code"] == code)


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the engine under test: a new SQLite file, or on the PostgreSQL run a
    new database on the test server, dropped afterwards."""
    server_url = os.environ.get("MLA_TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'mla_tool.sqlite'}"
        return
    name = "mla_fresh_init"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_init_on_a_fresh_install_loads_every_row_of_every_file(
    tmp_path: Path, fresh_database_url: str
) -> None:
    database_url = fresh_database_url
    env = {**os.environ, "MLA_DATA_DIR": str(tmp_path), "MLA_DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "-m", "mla_tool.cli", "init"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    expected_rows = {
        "budapest_authorities.csv": 46,
        "untoc_notifications.csv": 25,
        "uncac_notifications.csv": 9,
        "arab_instruments.csv": 11,
        "arab_participation.csv": 108,
        "participation_updates_2024.csv": 11,
        "participation.csv": 1136,
        "untoc_declarations.csv": 62,
    }
    for name, count in expected_rows.items():
        assert len(rows(name)) == count
        assert f"  {name}: {count} row(s)" in result.stdout

    engine = create_engine(database_url)
    with engine.connect() as connection:

        def one(sql: str, **params: object) -> object:
            return connection.execute(text(sql), params).scalar_one()

        # Budapest: every state has its entries; 40 art. 24(7), 40 art. 27(2), 38 art. 35
        budapest = "external_id LIKE 'reference:budapest:%' AND origin = 'reference'"
        assert (
            one(f"SELECT COUNT(DISTINCT country_iso3) FROM directory_authorities WHERE {budapest}")
            == 46
        )
        for function, count in {
            "central_authority_extradition": 40,
            "central_authority_mla": 40,
            "cybercrime_24_7": 38,
        }.items():
            assert (
                one(
                    f"SELECT COUNT(*) FROM directory_authorities WHERE {budapest} "
                    "AND functions_key LIKE :key",
                    key=f"%|{function}|%",
                )
                == count
            )
        # the 24/7 contacts of three states, with their source, its date and the quote
        contacts = {
            "AUS": (
                "AOCC Watchfloor Operations, Australian Federal Police",
                "wipolex",
                date(2020, 7, 17),
            ),
            "DNK": ("Danish National Police (Rigspolitiet)", "wipolex", date(2018, 8, 1)),
            "GEO": ("Ministry of Internal Affairs of Georgia, Criminal Police", "wipolex", None),
        }
        budapest_rows = {row["state_iso3"]: row for row in rows("budapest_authorities.csv")}
        for iso3, (name, source, source_date) in contacts.items():
            found = connection.execute(
                text(
                    f"SELECT name, source, source_date, quote FROM directory_authorities "
                    f"WHERE {budapest} AND country_iso3 = :iso3 AND functions_key LIKE :key"
                ),
                {"iso3": iso3, "key": "%|cybercrime_24_7|%"},
            ).one()
            assert found.name.startswith(name)
            assert source in found.source
            assert str(found.source_date or "") == str(source_date or "")
            assert found.quote == budapest_rows[iso3]["quote"] and "35" in found.quote

        # UNTOC and UNCAC notifications: each state's declaration keeps the row's source
        for name, code in (
            ("untoc_notifications.csv", "UNTOC"),
            ("uncac_notifications.csv", "UNCAC"),
        ):
            for row in rows(name):
                source = one(
                    "SELECT d.source FROM directory_declarations d JOIN directory_instruments i "
                    "ON i.id = d.instrument_id WHERE i.code = :code AND d.state_iso3 = :iso3",
                    code=code,
                    iso3=row["state_iso3"],
                )
                assert row["source_url"] in source
        assert (
            one(
                "SELECT COUNT(*) FROM directory_authorities WHERE external_id LIKE 'reference:untoc:%'"
            )
            == 21
        )
        assert (
            one(
                "SELECT COUNT(*) FROM directory_authorities WHERE external_id LIKE 'reference:uncac:%'"
            )
            == 8
        )
        italy = connection.execute(
            text(
                "SELECT d.languages_text, d.quote FROM directory_declarations d JOIN "
                "directory_instruments i ON i.id = d.instrument_id "
                "WHERE i.code = 'UNCAC' AND d.state_iso3 = 'ITA'"
            )
        ).one()
        assert (
            italy.languages_text.startswith("Italian") and "Ministro della giustizia" in italy.quote
        )

        # the Arab and GCC instruments and every participation row, with its source
        aliases = {"AITO2010": "ARAB_IT2010"}
        for row in rows("arab_instruments.csv"):
            code = aliases.get(row["code"], row["code"])
            assert (
                one("SELECT source FROM directory_instruments WHERE code = :c", c=code)
                == row["source_url"]
            )
        for row in rows("arab_participation.csv"):
            code = aliases.get(row["instrument_code"], row["instrument_code"])
            source = one(
                "SELECT p.source FROM directory_participation p JOIN directory_instruments i "
                "ON i.id = p.instrument_id WHERE i.code = :code AND p.state_iso3 = :iso3",
                code=code,
                iso3=row["state_iso3"],
            )
            assert source == row["source_url"]
        # the 2020-2023 updates win over participation.csv (Bhutan's UN date, not its press's)
        for row in rows("participation_updates_2024.csv"):
            consent, source = connection.execute(
                text(
                    "SELECT p.consent_date, p.source FROM directory_participation p JOIN "
                    "directory_instruments i ON i.id = p.instrument_id "
                    "WHERE i.code = :code AND p.state_iso3 = :iso3"
                ),
                {"code": row["instrument_code"], "iso3": row["state_iso3"]},
            ).one()
            assert str(consent) == row["consent_date"] and row["source"] in source
    engine.dispose()


def test_jordan_to_egypt_offers_the_riyadh_agreement_and_the_anti_corruption_convention(
    reference,
) -> None:
    for kind in ("extradition", "mla"):
        results = legal_basis("JOR", "EGY", kind)
        riyadh, corruption = by_code(results, "RIYADH1983"), by_code(results, "AACC2010")
        assert riyadh["status"] == corruption["status"] == "applies"
    results = legal_basis("JOR", "EGY", "extradition")
    riyadh = by_code(results, "RIYADH1983")
    assert riyadh["requesting"]["consent_type"] == "party (date unknown)"
    assert riyadh["requesting"]["consent_date"] is None
    assert "Court of Cassation" in riyadh["requesting"]["consent_detail"]
    assert "lawjo.net" in riyadh["requesting"]["source"]
    assert riyadh["requested"]["consent_type"] == "accession"
    assert riyadh["requested"]["consent_as_stated"] == "2014-08"
    assert riyadh["requested"]["data_as_of"] == "2014-08-01"
    # the articles come from the data, marked unverified where the data says so
    assert riyadh["article_source"]["text"].startswith("Part VI")
    assert riyadh["article_source"]["verified"] is False
    corruption = by_code(results, "AACC2010")
    assert corruption["requesting"]["consent_detail"] == "ratification (party by Dec 2015)"
    assert corruption["requesting"]["data_as_of"] == "2015-12-01"
    assert corruption["requested"]["consent_as_stated"] == "2014"
    assert "NOT verified" in corruption["article_source"]["text"]
    assert by_code(results, "AMLTF2010")["article_source"]["verified"] is True
    # participation not recorded for Jordan: the finder says so instead of leaving it out
    organized = by_code(results, "ATOC2010")
    assert organized["status"] == "check"
    assert [(n["state"], n["kind"]) for n in organized["participation_notes"]] == [
        ("JOR", "not_recorded")
    ]
    # GCC instruments only between GCC states; the draft is never a legal basis
    assert not any(item["code"].startswith("GCC_") for item in results)
    assert "GCC_EXTR_DRAFT" not in [i["code"] for i in legal_basis("SAU", "ARE", "extradition")]


def test_a_signature_alone_is_never_a_party(reference) -> None:
    signed_only = (
        db.session.execute(
            select(Participation).where(
                Participation.consent_type.in_(["signature only", "domestic approval only"])
            )
        )
        .scalars()
        .all()
    )
    assert len(signed_only) == 38
    assert all(p.status == "signatory" for p in signed_only)
    # Lebanon only signed the Riyadh Agreement: ruled out, and said why
    riyadh = by_code(legal_basis("JOR", "LBN", "extradition"), "RIYADH1983")
    assert riyadh["status"] == "not_bound"
    assert riyadh["requested"]["status"] == "signatory"
    assert riyadh["requested"]["consent_type"] == "signature only"
    assert riyadh["participation_notes"][0]["kind"] == "not_a_party"
    assert riyadh["rank"] > by_code(legal_basis("JOR", "LBN", "extradition"), "UNTOC")["rank"]
    # Morocco approved the money-laundering convention at home only: not a party either
    assert by_code(legal_basis("JOR", "MAR", "mla"), "AMLTF2010")["status"] == "not_bound"


def test_reloading_changes_nothing_and_keeps_a_maintainers_changes(reference) -> None:
    versions = db.session.execute(select(func.count(DirectoryVersion.id))).scalar_one()
    again = load_reference_data()
    db.session.commit()
    assert again["changed"] == again["created"] == 0
    assert db.session.execute(select(func.count(DirectoryVersion.id))).scalar_one() == versions

    contact = db.session.execute(
        select(Authority).where(Authority.external_id == "reference:budapest:DNK:cybercrime_24_7")
    ).scalar_one()
    assert contact.origin == "reference" and contact.verified_on is None
    patch_authority(contact, {"phone": "+45 0000 0000", "name": "Danish National Police, NC3"})
    db.session.commit()
    assert contact.origin == "user"
    corrected = set_participation(
        get_instrument("RIYADH1983"),
        "LBN",
        {"status": "party", "consent_date": "2001-01-01", "source": "Official gazette (test)"},
    )
    db.session.commit()

    kept = load_reference_data()
    db.session.commit()
    db.session.refresh(contact)
    db.session.refresh(corrected)
    assert contact.name == "Danish National Police, NC3" and contact.phone == "+45 0000 0000"
    assert [v.action for v in history("authority", contact.id)] == ["update", "reference"]
    assert corrected.status == "party" and corrected.source == "Official gazette (test)"
    assert kept["kept"] >= 2 and kept["changed"] == 0
    # the maintainer's correction is what the finder uses
    assert by_code(legal_basis("JOR", "LBN", "extradition"), "RIYADH1983")["status"] == "applies"


def test_an_interrupted_load_leaves_nothing_written(monkeypatch) -> None:
    def fail(load) -> None:
        raise RuntimeError("interrupted")

    monkeypatch.setattr("mla_tool.directory.reference.load_authorities", fail)
    with pytest.raises(RuntimeError):
        directory_cli._load_reference()
    for model in (Instrument, Participation, Authority, DirectoryVersion):
        assert db.session.execute(select(func.count()).select_from(model)).scalar_one() == 0


def test_the_finder_page_and_a_budapest_entry_show_the_reference_data(
    reference, client, login, make_user
) -> None:
    login(make_user("prosecutor"))
    html = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "JOR", "requested": "EGY", "kind": "extradition"},
    ).get_data(as_text=True)
    assert "Riyadh Agreement (1983)" in html and "Arab Anti-Corruption Convention (2010)" in html
    assert "Articles, as the reference data describes them:" in html and "not verified" in html
    # each value of the message is an isolated run (<bdi>): read as text
    assert "No participation of Jordan is recorded" in re.sub(r"<[^>]+>", "", html)
    assert "party (date unknown)" in html and "since 2014-08" in re.sub(r"<[^>]+>", "", html)
    contact = db.session.execute(
        select(Authority).where(Authority.external_id == "reference:budapest:GEO:cybercrime_24_7")
    ).scalar_one()
    entry = client.get(f"/directory/{contact.id}").get_data(as_text=True)
    assert "loaded from the reference data, not verified by a maintainer" in entry
    assert "Budapest Convention" in entry and "art. 35" in entry
    assert "Date of the source" in entry and "not stated by the source" in entry
    assert "Ministry of Internal Affairs of Georgia" in entry


def test_the_wizard_never_offers_an_instrument_a_state_only_signed(reference) -> None:
    data = {"requesting_state": "JOR", "requested_state": "LBN", "kind": "extradition"}
    finder, codes = shared_legal_bases(data)
    assert "RIYADH1983" not in [item["code"] for item in finder or []]
    assert "RIYADH1983" not in (codes or [])
    assert "RIYADH1983" not in [code for code, _label in offered_legal_bases(data)]
    egypt = {"requesting_state": "JOR", "requested_state": "EGY", "kind": "extradition"}
    assert "RIYADH1983" in [code for code, _label in offered_legal_bases(egypt)]


def test_a_spanish_reader_is_given_the_official_spanish_names(
    reference, client, make_user, api_headers, login
) -> None:
    """Instruments with an official Spanish text are named in Spanish on Spanish pages, in the
    API's names and in a Spanish document's citations; one without (the Riyadh Agreement) keeps
    its English name: none is made up. The articles the finder cites are in Spanish too."""
    from mla_tool.directory.treaties import instrument_label, instrument_name
    from mla_tool.forms.citations import instrument_name as cited_name

    inter_american = get_instrument("IA_MLA1992")
    spanish = "Convención Interamericana sobre Asistencia Mutua en Materia Penal"
    assert inter_american.name_es == spanish
    assert instrument_name(inter_american, "es") == instrument_label(inter_american, "es")
    assert instrument_name(inter_american, "es") == spanish
    assert instrument_name(inter_american, "fr") != spanish
    assert cited_name("IA_MLA1992", "es", lambda text: text, inter_american) == spanish
    riyadh = get_instrument("RIYADH1983")
    assert riyadh.name_es == "" and instrument_name(riyadh, "es") == riyadh.name_en
    assert history("instrument", inter_american.id)[0].snapshot["name_es"] == spanish

    headers = api_headers(make_user("prosecutor"))
    listed = client.get("/api/v1/instruments", headers=headers).get_json()
    names = {item["code"]: item["names"] for item in listed}
    assert names["IA_MLA1992"]["es"] == spanish and names["RIYADH1983"]["es"] is None
    found = client.get(
        "/api/v1/legal-basis",
        query_string={"requesting": "ESP", "requested": "FRA", "kind": "mla"},
        headers=headers,
    ).get_json()
    assert by_code(found, "EUR_MLA1959")["names"]["es"] == (
        "Convenio Europeo de Asistencia Judicial en Materia Penal"
    )
    assert by_code(found, "EUR_MLA1959")["article"] == "arts. 1, 3 (letters rogatory)"  # data

    login(make_user("prosecutor"))
    page = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "ESP", "requested": "FRA", "kind": "mla"},
        headers={"Accept-Language": "es"},
    ).get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", page)
    assert "Convenio Europeo de Asistencia Judicial en Materia Penal" in text
    assert "arts. 1 y 3 (comisiones rogatorias)" in text
    assert "art. 31 para los datos informáticos almacenados" in text
    assert "letters rogatory" not in text and "stored computer data" not in text
