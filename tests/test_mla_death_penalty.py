"""The death penalty in MLA: where an offence is punishable by death, the assurance on the use
of the evidence is asked in the wizard, required where the requested state's profile says so
(an error), warned about where the profile is silent, printed in the document."""

from __future__ import annotations

from typing import Any

from mla_tool.directory.profiles.store import set_profile
from mla_tool.forms import documents
from mla_tool.forms.kinds import request_kind
from mla_tool.forms.rules import RuleContext, evaluate
from mla_tool.forms.samples import complete_request

ASSURANCE = "The evidence will not be used to seek, impose or carry out the death penalty."


def findings(document: dict[str, Any]) -> dict[str, str]:
    authority = {"country": document["requested_state"], "functions": ["central_authority_mla"]}
    found = evaluate(RuleContext(document=document, authority=authority)).findings
    return {f.code: f.severity for f in found if "death_penalty" in f.code}


def capital(state: str) -> dict[str, Any]:
    document = complete_request()
    document["requested_state"] = state
    document["offences"][0]["max_penalty"] = "الإعدام"
    return document


def test_the_wizard_asks_for_the_assurance_on_the_facts_step() -> None:
    assert request_kind("mla").field_spec("death_penalty_assurance") is not None


def test_required_by_the_profile_is_an_error_and_unknown_a_warning() -> None:
    assert findings(capital("DEU")) == {"evidence_death_penalty_assurance_missing": "error"}
    assert findings(capital("ARE")) == {"evidence_death_penalty_assurance_unknown": "warning"}
    assured = capital("DEU")
    assured["death_penalty_assurance"] = ASSURANCE
    assert findings(assured) == {}
    no_death = complete_request()
    no_death["requested_state"] = "DEU"
    assert findings(no_death) == {}


def test_a_profile_that_requires_no_assurance_asks_nothing(make_user) -> None:
    change = {"value": False, "source": "a test source"}
    set_profile("ARE", {"death_penalty_assurance_required": change}, make_user("maintainer"))
    assert findings(capital("ARE")) == {}


def test_the_document_prints_the_assurance() -> None:
    document = capital("DEU")
    assert 'id="death-penalty-assurance"' not in documents.render_html(None, document, "en")
    document["death_penalty_assurance"] = ASSURANCE
    html = documents.render_html(None, document, "en")
    assert 'id="death-penalty-assurance"' in html and "carry out the death penalty" in html


def test_extradition_asks_no_assurance_of_a_state_whose_profile_says_so(make_user) -> None:
    from mla_tool.forms.samples import extradition_request

    document = extradition_request()
    document["offences"][0]["max_penalty"] = "Death penalty"
    assert findings(document) == {"death_penalty_assurance_missing": "error"}
    change = {"value": False, "source": "a test source"}
    set_profile("ARE", {"death_penalty_assurance_required": change}, make_user("maintainer"))
    assert findings(document) == {}
