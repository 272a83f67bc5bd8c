"""The maintainer's forms for what a state is party to: its participation in an instrument and
its declarations under it, filled from the record, saved as a new version, refused without a
source."""

from __future__ import annotations

from mla_tool.directory.treaties import declaration_of, participation_of
from mla_tool.directory.versions import history
from mla_tool.extensions import db
from tests.factories.loaded_once import reference_rows


def test_participation_form_is_filled_from_the_record_and_saves(
    client, login, make_user, page_csrf
) -> None:
    reference_rows()
    db.session.commit()
    login(make_user("maintainer"))
    path = "/directory/state/bra/participation?instrument=UNTOC"
    page = client.get(path).get_data(as_text=True)
    assert 'value="2014-01-27"' in page  # data as of, from the record
    assert '<option selected value="ratification">' in page
    assert '<option selected value="UNTOC">' in page
    token = page_csrf(path)
    form = {
        "csrf_token": token,
        "instrument": "UNTOC",
        "status": "party",
        "consent_date": "2004-01-29",
        "consent_type": "ratification",
        "source": "checked against the depositary",
        "data_as_of": "2026-01-01",
    }
    refused = client.post("/directory/state/BRA/participation", data={**form, "source": ""})
    assert refused.status_code == 422
    response = client.post("/directory/state/BRA/participation", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/directory/state/BRA")
    record = participation_of("UNTOC", "BRA")
    assert record is not None and record.source == "checked against the depositary"
    assert len(history("participation", record.id)) >= 1
    assert client.get("/directory/state/XXX/participation").status_code == 404


def test_declaration_form_is_filled_from_the_record_and_saves(
    client, login, make_user, page_csrf
) -> None:
    reference_rows()
    db.session.commit()
    login(make_user("maintainer"))
    path = "/directory/state/BRA/declaration?instrument=UNTOC"
    assert declaration_of("UNTOC", "BRA") is None
    token = page_csrf(path)
    form = {
        "csrf_token": token,
        "instrument": "UNTOC",
        "central_authority": "Ministry of Justice",
        "languages_text": "Portuguese, English",
        "languages": "PT, en",
        "legal_basis_extradition": "yes",
        "source": "notification to the depositary",
        "quote": "",
    }
    response = client.post("/directory/state/BRA/declaration", data=form)
    assert response.status_code == 302
    record = declaration_of("UNTOC", "BRA")
    assert record is not None and record.languages == ["pt", "en"]
    page = client.get(path).get_data(as_text=True)
    assert 'value="pt, en"' in page and "Ministry of Justice" in page
    assert '<option selected value="yes">' in page
