"""A state's requirement profile edited by maintainers: the edit wins over the packaged seed,
every change is a version with its source, bad values are refused with the field named, only
maintainers write, and the rules read the merged profile."""

from __future__ import annotations

import pytest

from mla_tool.directory.errors import DirectoryError
from mla_tool.directory.profiles.edits import profile_history
from mla_tool.directory.profiles.lookup import state_value
from mla_tool.directory.profiles.store import set_profile, state_profile
from mla_tool.extensions import db


def test_an_edit_wins_over_the_seed_and_reset_brings_it_back(make_user) -> None:
    maintainer = make_user("maintainer")
    assert state_value("DEU", "extradition_min_penalty_months").value == 12
    assert state_profile("DEU")["extradition_min_penalty_months"].origin == "seed"
    set_profile(
        "DEU",
        {
            "extradition_min_penalty_months": {
                "value": 6,
                "source": "a test source",
                "verified_on": "2026-01-02",
            }
        },
        maintainer,
    )
    db.session.commit()
    found = state_value("DEU", "extradition_min_penalty_months")
    assert found.value == 6 and found.source == "a test source"
    assert str(found.verified_on) == "2026-01-02"
    set_profile("DEU", {"extradition_min_penalty_months": {"action": "unknown"}}, maintainer)
    assert state_value("DEU", "extradition_min_penalty_months") is None
    set_profile("DEU", {"extradition_min_penalty_months": {"action": "reset"}}, maintainer)
    assert state_value("DEU", "extradition_min_penalty_months").value == 12
    versions = profile_history("DEU")
    assert [v.version for v in versions] == [3, 2, 1]
    assert versions[-1].actor_email == maintainer.email


def test_bad_values_are_refused_with_the_field_named_and_nothing_written(make_user) -> None:
    maintainer = make_user("maintainer")
    with pytest.raises(DirectoryError) as refused:
        set_profile(
            "FRA",
            {
                "provisional_arrest_days": {"value": 40, "source": "French CPP"},
                "extradites_nationals": {"value": "sometimes", "source": "x"},
                "preservation_days": {"value": 90, "source": ""},
                "languages": {"value": {"mla": ["french"]}, "source": "x"},
            },
            maintainer,
        )
    assert set(refused.value.fields) == {"extradites_nationals", "preservation_days", "languages"}
    assert "one of yes, no, conditional" in refused.value.fields["extradites_nationals"]
    assert "source" in refused.value.fields["preservation_days"]
    assert profile_history("FRA") == []


def test_two_letters_that_name_no_language_are_refused(make_user) -> None:
    """A language code is one of ISO 639-1, not any two letters: "xx" and "qq" name nothing."""
    maintainer = make_user("maintainer")
    for codes in (["fr", "xx"], ["qq"], ["FR"]):
        with pytest.raises(DirectoryError) as refused:
            set_profile(
                "FRA",
                {"languages": {"value": {"mla": codes}, "source": "a declaration"}},
                maintainer,
            )
        assert set(refused.value.fields) == {"languages"}
    set_profile(
        "FRA",
        {"languages": {"value": {"mla": ["fr", "en"]}, "source": "a declaration"}},
        maintainer,
    )
    assert [entry.field for entry in profile_history("FRA")] == ["languages"]


def test_the_api_reads_and_only_maintainers_write(client, make_user, api_headers) -> None:
    prosecutor = api_headers(make_user("prosecutor"))
    maintainer = api_headers(make_user("maintainer"))
    profile = client.get("/api/v1/states/USA/profile", headers=prosecutor).get_json()
    assert profile["preservation_days"]["value"] == 90
    assert profile["preservation_days"]["source"] == "18 U.S.C. § 2703(f)(2)"
    assert profile["provisional_arrest_days"] == {
        "value": None,
        "source": None,
        "verified_on": None,
        "note": None,
        "origin": "unknown",
        "version": 0,
    }
    body = {"fields": {"provisional_arrest_days": {"value": 60, "source": "US-X treaty art. 9"}}}
    forbidden = client.put("/api/v1/states/USA/profile", json=body, headers=prosecutor)
    assert forbidden.status_code == 403
    saved = client.put("/api/v1/states/USA/profile", json=body, headers=maintainer)
    assert saved.status_code == 200
    assert saved.get_json()["provisional_arrest_days"]["value"] == 60
    bad = {"fields": {"provisional_arrest_days": {"value": "sixty", "source": "x"}}}
    refused = client.put("/api/v1/states/USA/profile", json=bad, headers=maintainer)
    assert refused.status_code == 422
    assert "provisional_arrest_days" in refused.get_json()["error"]["fields"]
    history = client.get("/api/v1/states/USA/profile/history", headers=prosecutor).get_json()
    assert [(h["field"], h["value"]) for h in history] == [("provisional_arrest_days", 60)]
    assert client.get("/api/v1/states/XXX/profile", headers=prosecutor).status_code == 404


def test_the_page_edits_with_csrf_and_shows_errors_and_history(
    client, login, make_user, page_csrf
) -> None:
    login(make_user("maintainer"))
    page = client.get("/directory/state/DEU/profile").get_data(as_text=True)
    assert "(IRG) § 3(2)" in page and "12 months" in page
    path = "/directory/state/DEU/profile/edit"
    token = page_csrf(path)
    form = {
        "csrf_token": token,
        "provisional_arrest_days-action": "set",
        "provisional_arrest_days-value": "40",
        "provisional_arrest_days-source": "European Convention on Extradition art. 16(4)",
        "provisional_arrest_days-verified_on": "2026-03-01",
        "extradites_nationals-action": "set",
        "extradites_nationals-value": "conditional",
        "extradites_nationals-source": "Basic Law (Grundgesetz) art. 16(2)",
        "extradites_nationals-note": (
            "Only to a member state of the European Union or to an international court, "
            "as a law provides."
        ),
    }
    missing = client.post(path, data={**form, "provisional_arrest_days-source": ""})
    assert missing.status_code == 422
    assert "give the source" in missing.get_data(as_text=True)
    assert (
        client.post(path, data={k: v for k, v in form.items() if k != "csrf_token"}).status_code
        == 400
    )
    saved = client.post(path, data=form)
    assert saved.status_code == 302
    assert state_value("DEU", "provisional_arrest_days").value == 40
    # the unchanged seed field was not copied into an edit
    assert [v.field for v in profile_history("DEU")] == ["provisional_arrest_days"]
    history = client.get("/directory/state/DEU/profile/history").get_data(as_text=True)
    assert "40 days" in history


def test_a_prosecutor_reads_the_profile_but_may_not_edit(client, login, make_user) -> None:
    login(make_user("prosecutor"))
    page = client.get("/directory/state/USA/profile").get_data(as_text=True)
    assert "Probable cause" in page and "Edit the profile" not in page
    assert client.get("/directory/state/USA/profile/edit").status_code == 403


def test_rules_read_the_profiles_languages_and_channels(make_user) -> None:
    """A maintainer's languages for extradition and channels replace the authority's."""
    from mla_tool.forms.directory_facts import accepted_languages
    from mla_tool.forms.rules import RuleContext, evaluate
    from tests.factories.extradition_requests import provisional_request

    authority = {"country": "ARE", "languages": ["ar", "en"], "channels": ["interpol"]}
    assert accepted_languages("ARE", authority, "extradition") == ["ar", "en"]
    document = provisional_request()
    context = {"authority": authority, "accepted_languages": ["ar", "en"]}
    codes = [f.code for f in evaluate(RuleContext(document=document, **context)).findings]
    assert "provisional_channel_not_accepted" not in codes
    set_profile(
        "ARE",
        {
            "languages": {"value": {"extradition": ["ar"]}, "source": "a declaration"},
            "channels": {"value": ["diplomatic"], "source": "a declaration"},
        },
        make_user("maintainer"),
    )
    assert accepted_languages("ARE", authority, "extradition") == ["ar"]
    assert accepted_languages("ARE", authority, "mla") == ["ar", "en"]
    codes = [f.code for f in evaluate(RuleContext(document=document, **context)).findings]
    assert "provisional_channel_not_accepted" in codes


def test_an_extension_of_preservation_counts_the_profiles_renewal_period(make_user) -> None:
    """The renewal period (preservation_renewal_days) counts for an extension, where recorded."""
    from mla_tool.forms.eevidence.routing import preservation_days

    extension = {"requested_state": "FRA", "preservation": {"extension_of": 7}}
    assert preservation_days(extension) == 60  # nothing recorded: Budapest art. 29(7)
    set_profile(
        "FRA",
        {
            "preservation_days": {"value": 90, "source": "a test source"},
            "preservation_renewal_days": {"value": 30, "source": "a test source"},
        },
        make_user("maintainer"),
    )
    assert preservation_days(extension) == 30
    assert preservation_days({"requested_state": "FRA"}) == 90
