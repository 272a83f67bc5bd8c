"""The age of directory facts (setting, finder, wizard facts), the languages per entry and kind,
INTERPOL bureaus for a provisional arrest, and the maintainers' directory health page."""

from __future__ import annotations

import re
from datetime import date, timedelta

from mla_tool import clock
from mla_tool.directory.authorities import create_authority
from mla_tool.directory.fact_age import fact_age
from mla_tool.directory.health import directory_health, verification_queue
from mla_tool.directory.health_csv import health_csv, queue_csv
from mla_tool.directory.language_facts import language_fact
from mla_tool.extensions import db
from mla_tool.forms.directory_facts import accepted_languages, proposed_authorities
from mla_tool.forms.document_languages import listed_languages


def _entry(country: str, functions: list[str], languages: list[str], **extra: object) -> int:
    data = {
        "country": country,
        "functions": functions,
        "name": f"{country} {' '.join(functions)}",
        "languages": languages,
        "channels": ["central_authority"],
        **extra,
    }
    authority = create_authority(data)
    db.session.commit()
    return authority.id


def _days_ago(days: int) -> str:
    return (clock.today() - timedelta(days=days)).isoformat()


def test_fact_age_follows_the_setting(app) -> None:
    today = date(2026, 1, 1)
    assert fact_age("2024-06-01", "UNTC", today)["stale"] is False
    assert fact_age("2014-06-01", "UNTC", today)["stale"] is True
    assert fact_age(None, None, today)["stale"] is True  # undated: verify
    app.config["MLA_FACT_MAX_AGE_DAYS"] = 30
    try:
        assert fact_age("2025-11-01", None, today)["stale"] is True
    finally:
        app.config["MLA_FACT_MAX_AGE_DAYS"] = 730
    assert fact_age("2024-06-01", None, today)["as_of_text"] == "Jun 1, 2024"


def test_languages_are_per_entry_and_kind_never_the_union() -> None:
    """Austria: the MLA central authority takes German; the 24/7 police contact German and
    English. An MLA request reads German; a preservation request the 24/7 contact's."""
    central = _entry("AUT", ["central_authority_mla"], ["de"], verified_on=_days_ago(10))
    _entry("AUT", ["cybercrime_24_7"], ["de", "en"], verified_on=_days_ago(10))
    assert accepted_languages("AUT", None, "mla") == ["de"]
    assert listed_languages("AUT", "mla", None) == ["de"]
    assert accepted_languages("AUT", None, "preservation") == ["de", "en"]
    fact = language_fact("AUT", "mla")
    assert fact is not None
    assert (fact["basis"], fact["authority_id"]) == ("entry", central)
    # the chosen entry counts only when it receives the kind
    police = proposed_authorities("AUT", "preservation")[0]
    assert accepted_languages("AUT", police, "mla") == ["de"]


def test_only_the_official_language_is_known() -> None:
    fact = language_fact("ISL", "mla")
    assert fact == {"basis": "official", "languages": ["is"], "source": "CLDR", "as_of": None}
    assert accepted_languages("ISL", None, "mla") is None  # the rules do not assume it


def test_interpol_bureau_is_offered_for_a_provisional_arrest() -> None:
    _entry("ESP", ["central_authority_extradition"], ["es"])
    bureau = _entry("ESP", ["interpol_ncb"], ["es", "en"], channels=["interpol"])
    offered = [a["id"] for a in proposed_authorities("ESP", "provisional_arrest")]
    assert bureau in offered
    assert bureau not in [a["id"] for a in proposed_authorities("ESP", "mla")[:1]]


def test_health_lists_gaps_ages_reference_only_and_a_queue() -> None:
    fresh = _entry("NOR", ["central_authority_mla"], ["no"], verified_on=_days_ago(30))
    old = _entry("NOR", ["cybercrime_24_7"], ["en"], verified_on=_days_ago(1000))
    undated = _entry("SWE", ["central_authority_mla"], ["sv"])
    rows = {row.iso3: row for row in directory_health()}
    norway = rows["NOR"]
    assert norway.functions["central_authority_mla"].stale is False
    assert norway.functions["cybercrime_24_7"].stale is True
    assert "central_authority_extradition" in norway.missing
    assert "interpol_ncb" in norway.missing
    queue = [item.authority_id for item in verification_queue()]
    assert queue.index(undated) < queue.index(fresh)
    assert queue.index(old) < queue.index(fresh)
    table = health_csv(list(rows.values()))
    assert table.startswith("\ufeffstate,name,central_authority_mla")
    assert "NOR,Norway," in table
    assert "missing" in table
    assert f"{fresh},NOR," in queue_csv(verification_queue(limit=None))


def test_health_page_is_not_for_readers(client, login, make_user) -> None:
    login(make_user("prosecutor"))
    assert client.get("/directory/health").status_code == 403
    assert client.get("/directory/health.csv").status_code == 403
    assert "/directory/health" not in client.get("/directory/").get_data(as_text=True)


def test_health_page_is_for_maintainers(client, login, make_user) -> None:
    _entry("NOR", ["central_authority_mla"], ["no"], verified_on=_days_ago(1000))
    login(make_user("maintainer"))
    assert 'href="/directory/health"' in client.get("/directory/").get_data(as_text=True)
    page = client.get("/directory/health")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="health-NOR"' in html
    assert "too old" in html
    export = client.get("/directory/health.csv")
    assert export.mimetype == "text/csv"
    assert "NOR" in export.get_data(as_text=True)
    assert client.get("/directory/health/queue.csv").status_code == 200


def test_finder_shows_each_partys_age(client, login, make_user) -> None:
    from tests.factories.loaded_once import reference_rows

    reference_rows()
    login(make_user("prosecutor"))
    html = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "JOR", "requested": "EGY", "kind": "mla"},
    ).get_data(as_text=True)
    assert 'class="fact-age' in html
    assert "verify before relying on it" in html
    # each side of each instrument: its participation fact's date, flagged when too old
    for side in ("requesting", "requested"):
        found = re.search(rf'id="party-UNTOC-{side}".*?</summary>', html, re.S)
        assert found is not None
        assert 'data-as-of="20' in found.group(0) and "fact-stale" in found.group(0)


def test_the_arabic_finder_writes_articles_and_dates_for_its_reader(
    client, login, make_user
) -> None:
    from tests.factories.loaded_once import reference_rows

    reference_rows()
    user = make_user("prosecutor")
    user.locale = "ar"
    db.session.commit()
    login(user)
    html = client.get(
        "/directory/legal-basis",
        query_string={"requesting": "JOR", "requested": "FRA", "kind": "mla"},
    ).get_data(as_text=True)
    # the article's word in Arabic, its number kept left to right; no English "art." left
    assert 'المادة <bdi dir="ltr">18</bdi>' in html
    assert '<bdi dir="ltr">art. 18</bdi>' not in html
    # the date a state became a party: a date in the reader's locale, not ISO digits that a
    # right-to-left line reorders ("2009-05-22" read as "22-05-2009")
    since = re.search(r'id="party-UNTOC-requesting".*?</summary>', html, re.S)
    assert since is not None
    found = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})">([^<]+)</time>', since.group(0))
    assert found is not None and found.group(2) != found.group(1)


def test_an_article_that_is_more_than_a_reference_stays_english_reference_data() -> None:
    from mla_tool.directory.article_direction import article_for_reader

    word = lambda: "المادة %(number)s"  # noqa: E731
    assert str(article_for_reader("art. 16(9)", word)) == 'المادة <bdi dir="ltr">16(9)</bdi>'
    described = str(article_for_reader("art. 18 UNTOC, applied by art. 1(2) <b>", word))
    assert described.startswith('<bdi lang="en">') and "&lt;b&gt;" in described
    assert "المادة" not in described


def test_a_party_the_data_does_not_name_is_dated_by_the_list_of_parties() -> None:
    from mla_tool.directory.models import Instrument
    from mla_tool.directory.party_facts import party_fact

    instrument = Instrument(code="X", name_en="X", kind="global", source="UNTC status list")
    fact = party_fact("PSE", None, instrument, date(2014, 1, 27))
    assert fact["status"] == "not_recorded" and fact["origin"] is None
    assert fact["as_of"] == "2014-01-27" and fact["source"] == "UNTC status list"
    assert fact["stale"] is True
    assert party_fact("PSE", None, instrument, None)["stale"] is True  # undated
    # no list of parties (rows from national decrees): an absence says nothing, and is undated
    instrument.participation_partial = True
    assert party_fact("PSE", None, instrument, date(2014, 1, 27))["as_of"] is None


def test_a_maintainer_clears_the_sample_badge(client, login, make_user, page_csrf) -> None:
    from tests.factories.directory_entries import ENTRY, form_data

    authority = create_authority({**ENTRY, "is_sample": True})
    db.session.commit()
    login(make_user("maintainer"))
    form = client.get(f"/directory/{authority.id}/edit").get_data(as_text=True)
    assert 'name="real_data"' in form  # offered on a sample entry
    token = page_csrf(f"/directory/{authority.id}/edit")
    data = form_data(email="cooperation@example.eg", real_data="y", csrf_token=token)
    data["version"] = str(authority.version)
    saved = client.post(f"/directory/{authority.id}/edit", data=data)
    assert saved.status_code == 302
    db.session.refresh(authority)
    assert authority.is_sample is False
    assert 'name="real_data"' not in client.get(f"/directory/{authority.id}/edit").get_data(
        as_text=True
    )


def test_the_state_page_lists_languages_per_kind(login, make_user) -> None:
    """The state page names each kind's languages in the reader's language, with the entry that
    receives it; a 24/7 contact's English does not reach the MLA row."""
    _entry("AUT", ["central_authority_mla"], ["de"], verified_on=_days_ago(10))
    _entry("AUT", ["cybercrime_24_7"], ["de", "en"], verified_on=_days_ago(10))
    client = login(make_user("prosecutor"))
    page = client.get("/directory/state/AUT").get_data(as_text=True)
    rows = dict(re.findall(r'<dd data-kind="([a-z_]+)">(.*?)</dd>', page, re.S))
    assert "German" in rows["mla"] and "English" not in rows["mla"]
    assert "German" in rows["preservation"] and "English" in rows["preservation"]
    assert "Languages accepted for requests" in page
