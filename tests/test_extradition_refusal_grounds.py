"""Grounds of refusal anticipated in extradition: a table of grounds, each with its source and
the fields that answer it; asked on a wizard step, printed in the document where answered, a
warning (never an error) while an applicable one is unanswered."""

from __future__ import annotations

from typing import Any

from mla_tool.extensions import db
from mla_tool.forms import documents
from mla_tool.forms.extradition.refusal_grounds import REFUSAL_GROUNDS
from mla_tool.forms.extradition.rules import EXTRADITION_RULES
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.rules import ERROR, RuleContext, evaluate
from mla_tool.forms.samples import extradition_request
from tests.conftest import csrf_token_from
from tests.factories.extradition_wizard import new_request

RULES = {rule.code: rule for rule in EXTRADITION_RULES}


def findings(document: dict[str, Any]) -> dict[str, str]:
    return {f.code: f.severity for f in evaluate(RuleContext(document=document)).findings}


def test_every_ground_names_its_source_and_the_rule_that_warns() -> None:
    for ground in REFUSAL_GROUNDS:
        rule = RULES[ground.rule]
        assert ground.reference and rule.reference
        if ground.rule.startswith("refusal_"):  # the table's own rules cite the table's source
            assert (rule.reference, rule.severity) == (ground.reference, "warning")
    assert {g.code for g in REFUSAL_GROUNDS} >= {
        "ne_bis_in_idem",
        "limitation_amnesty",
        "humanitarian",
        "life_sentence_review",
        "in_absentia",
        "prima_facie",
        "political",
        "military",
        "nationals",
    }


def test_unanswered_grounds_warn_and_never_block() -> None:
    document = extradition_request()
    document["extradition"] = {}
    document["offences"][0]["max_penalty"] = "Life imprisonment"
    document["offences"][0]["nature"] = "political"
    found = findings(document)
    for code in (
        "refusal_ne_bis_in_idem_unanswered",
        "refusal_limitation_amnesty_unanswered",
        "refusal_life_sentence_review_unanswered",
        "political_offence",
    ):
        assert found[code] == "warning"
    document["extradition"]["refusal_answers"] = {"political": "Bribery of an official."}
    assert "political_offence" not in findings(document)


def test_eaw_4a_facts_answer_a_judgment_in_absentia_without_a_retrial_guarantee() -> None:
    document = extradition_request()
    document["proceedings"]["stage"] = "enforcement"
    document["judgment"] = {
        "court": "Cour d'assises de Paris",
        "date": "2025-10-01",
        "sentence": "8 years",
        "remaining": "6 years",
        "in_absentia": True,
    }
    assert findings(document)["retrial_assurance_missing"] == ERROR
    answers = document["extradition"]["refusal_answers"]
    answers["in_absentia_ground"] = "summoned_in_person"
    assert "retrial_assurance_missing" in findings(document)  # the facts are still missing
    answers["in_absentia_facts"] = "Summons served on him in person on 3 March 2025."
    assert "retrial_assurance_missing" not in findings(document)
    answers["in_absentia_ground"] = "retrial_guaranteed"  # (d) is the guarantee itself
    assert "retrial_assurance_missing" in findings(document)


def test_the_step_saves_the_answers_and_the_document_prints_them(client, make_user, login) -> None:
    login(make_user("prosecutor", country="FRA"))
    request_id = new_request(client, "extradition")
    path = f"/requests/{request_id}/step/refusal_grounds"
    page = client.get(path).get_data(as_text=True)
    assert "Ne bis in idem" in page and "Model Treaty art. 3(d), 4(b)-(c)" in page
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token_from(page),
            "extradition__refusal_answers__ne_bis_in_idem": "Never tried in the requested State.",
            "extradition__refusal_answers__in_absentia_ground": "mandated_lawyer",
            "extradition__refusal_answers__in_absentia_facts": "Defended by Me Dupont.",
            "go": "stay",
        },
    )
    assert response.status_code in (200, 302)
    db.session.expire_all()
    data = db.session.get(MlaRequest, request_id).data
    assert data["extradition"]["refusal_answers"]["ne_bis_in_idem"].startswith("Never tried")
    html = documents.render_html(None, {**extradition_request(), **data}, "en")
    assert 'id="x-refusal-grounds"' in html and "Never tried in the requested State." in html
    assert "Defended at the trial by a lawyer the person mandated (4a(1)(b))" in html


def test_a_document_with_no_answer_prints_no_grounds() -> None:
    document = extradition_request()
    document["extradition"] = {}
    assert 'id="x-refusal-grounds"' not in documents.render_html(None, document, "en")
