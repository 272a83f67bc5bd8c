"""Text in another language than the request: found by a language model on text long enough to
judge, never on ordinary legal text in the document's language, and dismissible for one field."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from sqlalchemy import select

from mla_tool.audit.models import AuditEntry
from mla_tool.extensions import db
from mla_tool.forms import dismissals
from mla_tool.forms.checking import check_request
from mla_tool.forms.drafting import create_request
from mla_tool.forms.errors import RequestError
from mla_tool.forms.forms import COMMON_LANGUAGES
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.rules import (
    DISMISSED_FINDINGS,
    IDENTIFIED_LANGUAGES,
    RuleContext,
    evaluate,
    language_identification,
    text_needs_translation,
)
from mla_tool.forms.samples import complete_request

#: The sentence of issue 16 that the stop-word lists took for Spanish.
FRENCH_FLAGGED_AS_SPANISH = (
    "Audition en qualité de témoin de M. Karim BENSAÏD, conduite par le procureur de la "
    "République en présence de son avocat, le 12 mars 2026 à 10 heures."
)
SPANISH = (
    "El sospechoso transfirió los fondos a la cuenta de la empresa en Dubái entre marzo y junio."
)

#: Short texts of the kind typed into a request, with names, numbers and references in them.
LEGAL_TEXTS: dict[str, tuple[str, ...]] = {
    "fr": (
        FRENCH_FLAGGED_AS_SPANISH,
        "Obtenir les relevés du compte AE07 0331 2345 6789 0123 456 ouvert au nom de la société.",
        "Les faits sont qualifiés d'escroquerie en bande organisée (art. 313-2 du code pénal).",
    ),
    "en": (
        "Hearing of Mr Karim BENSAÏD as a witness by the public prosecutor, in his lawyer's "
        "presence.",
        "Obtain the statements of account GB29 NWBK 6016 1331 9268 19 held by Atlas Trading FZE.",
    ),
    "es": (
        "Declaración como testigo del Sr. Karim BENSAÏD ante el fiscal, en presencia de su "
        "abogado.",
        "Los hechos constituyen un delito de estafa agravada según el artículo 250 del Código "
        "Penal.",
    ),
    "de": (
        "Vernehmung von Herrn Karim BENSAÏD als Zeuge durch die Staatsanwaltschaft im Beisein "
        "seines Anwalts.",
        "Die Taten erfüllen den Tatbestand des gewerbsmäßigen Betrugs nach § 263 StGB.",
    ),
    "pt": (
        "Inquirição do Sr. Karim BENSAÏD como testemunha pelo Ministério Público, na presença do "
        "seu advogado.",
        "Os factos constituem crime de burla qualificada e branqueamento de capitais.",
    ),
    "ru": (
        "Допрос господина Карима Бенсаида в качестве свидетеля следователем в присутствии его "
        "адвоката.",
        "Перевод 250 000 евро со счёта DE89 3704 0044 0532 0130 00 на счёт компании в Дубае.",
    ),
    "ar": (
        "سماع أقوال السيد كريم بن سعيد بصفته شاهداً أمام النيابة العامة بحضور محاميه.",
        "تشكل الأفعال جريمة احتيال مشدد وغسل أموال وفقاً للمادة 2 من القانون رقم 20 لسنة 2021.",
    ),
}


def document(language: str, **texts: Any) -> dict[str, Any]:
    return {"kind": "mla", "language": language, **texts}


def flagged(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(path, params["language"]) for path, params in text_needs_translation(RuleContext(doc))]


def test_the_french_sentence_of_the_issue_is_french() -> None:
    assert flagged(document("fr", facts=FRENCH_FLAGGED_AS_SPANISH)) == []
    assert language_identification.guess_language(FRENCH_FLAGGED_AS_SPANISH) == "fr"


@pytest.mark.parametrize(
    ("language", "text"),
    [(language, text) for language, texts in LEGAL_TEXTS.items() for text in texts],
)
def test_legal_text_in_the_document_language_is_not_flagged(language: str, text: str) -> None:
    assert flagged(document(language, facts=text, purpose=text)) == []


def test_spanish_text_in_a_french_request_is_flagged_where_it_is() -> None:
    doc = document(
        "fr",
        facts=FRENCH_FLAGGED_AS_SPANISH,
        purpose=SPANISH,
        offences=[{"name": "Escroquerie", "text": SPANISH}],
    )
    assert flagged(doc) == [("purpose", "es"), ("offences[0].text", "es")]
    result = evaluate(RuleContext(doc))
    fields = {f.field for f in result.findings if f.code == "text_needs_translation"}
    assert fields == {"purpose", "offences[0].text"}


def test_latin_text_in_an_arabic_request_is_flagged() -> None:
    assert flagged(document("ar", facts=LEGAL_TEXTS["en"][0])) == [("facts", "en")]


def test_too_short_text_is_not_judged() -> None:
    short = "Se solicita que la presente"  # five words: taken for Portuguese by one library
    assert language_identification.language_probabilities(short) is None
    assert flagged(document("fr", facts=short, purpose="Karim BENSAÏD, AE07 0331 2345")) == []
    # numbers, references and names in capitals do not count as words
    crowded = "M. BENSAÏD, IBAN AE07 0331 2345 6789, UNTOC art. 18(13), 12/03/2026"
    assert len(language_identification.telling_words(crowded)) < language_identification.MIN_WORDS


def test_a_language_the_model_does_not_know_is_not_judged() -> None:
    assert flagged(document("sw", facts=SPANISH)) == []


def test_the_model_knows_every_language_offered_for_a_request() -> None:
    assert set(IDENTIFIED_LANGUAGES) == set(COMMON_LANGUAGES)


def test_the_model_is_built_once_for_threads_that_ask_together(monkeypatch) -> None:
    from py3langid import langid

    built: list[int] = []
    real = langid.LanguageIdentifier.from_model_file

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        time.sleep(0.05)
        return real(*args, **kwargs)

    monkeypatch.setattr(langid.LanguageIdentifier, "from_model_file", slow_build)
    monkeypatch.setattr(language_identification, "_built", {})
    seen: list[Any] = []
    threads = [
        threading.Thread(target=lambda: seen.append(language_identification._identifier()))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and len(seen) == 6 and all(item is seen[0] for item in seen)


# -- dismissing the finding for one field ----------------------------------------------------------


def test_a_dismissed_finding_counts_as_met_for_its_field_only() -> None:
    doc = document("fr", facts=SPANISH, purpose=SPANISH)
    before = evaluate(RuleContext(doc))
    doc[DISMISSED_FINDINGS] = [["text_needs_translation", "facts"]]
    after = evaluate(RuleContext(doc))
    still = [f.field for f in after.findings if f.code == "text_needs_translation"]
    assert still == ["purpose"]
    assert [(f.code, f.field) for f in after.dismissed] == [("text_needs_translation", "facts")]
    doc[DISMISSED_FINDINGS].append(["text_needs_translation", "purpose"])
    both = evaluate(RuleContext(doc))
    assert not [f for f in both.findings if f.code == "text_needs_translation"]
    assert both.score > before.score and both.rules_met == before.rules_met + 1


def test_a_rule_that_is_not_dismissible_ignores_a_dismissal() -> None:
    doc = document("fr", **{DISMISSED_FINDINGS: [["facts_missing", "facts"]]})
    assert "facts_missing" in {f.code for f in evaluate(RuleContext(doc)).findings}


def draft_with_a_quotation(user: Any) -> MlaRequest:
    fields = complete_request("fr", subject=FRENCH_FLAGGED_AS_SPANISH, facts=SPANISH)
    for key in ("purpose", "procedures", "offences", "measures", "urgent", "confidential"):
        fields.pop(key, None)
    request = create_request(user, fields)
    db.session.commit()
    return request


def audit_actions(request_id: int) -> list[tuple[str, dict[str, Any]]]:
    rows = db.session.execute(
        select(AuditEntry)
        .where(AuditEntry.object_type == "request", AuditEntry.object_id == str(request_id))
        .order_by(AuditEntry.seq)
    ).scalars()
    return [(row.action, json.loads(row.details)) for row in rows]


def test_the_author_dismisses_and_restores_in_the_review_step(
    client, make_user, login, page_csrf
) -> None:
    user = make_user("prosecutor", country="FRA")
    login(user)
    request = draft_with_a_quotation(user)
    review = f"/requests/{request.id}/step/review"
    html = client.get(review).get_data(as_text=True)
    assert 'class="inline-form dismiss-form" data-field="facts"' in html
    assert "(es)" in html and "finding-dismissed" not in html

    token = page_csrf(review)
    form = {"csrf_token": token, "rule": "text_needs_translation", "field": "facts"}
    assert client.post(f"/requests/{request.id}/findings", data={**form}).status_code == 400
    response = client.post(f"/requests/{request.id}/findings", data={**form, "change": "dismiss"})
    assert response.status_code == 302 and response.headers["Location"].endswith(review)
    db.session.refresh(request)
    assert request.data[DISMISSED_FINDINGS] == [["text_needs_translation", "facts"]]
    assert request.version == 2
    assert (
        "request.finding_dismissed",
        {"field": "facts", "rule": "text_needs_translation", "version": 2},
    ) in audit_actions(request.id)
    page = client.get(review).get_data(as_text=True)
    assert '<div class="finding finding-dismissed muted" data-code="text_needs_translation"' in page
    assert "dismiss-form" not in page and "restore-form" in page
    assert not [f for f in check_request(request).findings if f.field == "facts"]

    response = client.post(
        f"/requests/{request.id}/findings",
        data={**form, "csrf_token": page_csrf(review), "change": "restore"},
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert DISMISSED_FINDINGS not in request.data and request.version == 3
    assert "request.finding_restored" in [action for action, _ in audit_actions(request.id)]
    page = client.get(review).get_data(as_text=True)
    assert "dismiss-form" in page and "finding-dismissed" not in page


def test_only_a_reported_dismissible_finding_can_be_dismissed(make_user) -> None:
    user = make_user("prosecutor", country="FRA")
    request = draft_with_a_quotation(user)
    with pytest.raises(RequestError):
        dismissals.dismiss_finding(request, "facts_missing", "facts", user)
    with pytest.raises(RequestError) as refused:
        dismissals.dismiss_finding(request, "text_needs_translation", "subject", user)
    assert refused.value.status == 409  # the French subject is not flagged
    with pytest.raises(RequestError):
        dismissals.restore_finding(request, "text_needs_translation", "facts", user)
    db.session.rollback()
    assert DISMISSED_FINDINGS not in db.session.get(MlaRequest, request.id).data


def test_someone_without_the_request_cannot_dismiss(client, make_user, login, page_csrf) -> None:
    owner = make_user("prosecutor", country="FRA", email="owner@example.org")
    request = draft_with_a_quotation(owner)
    login(make_user("prosecutor", country="FRA", email="other@example.org"))
    token = page_csrf("/requests/")
    response = client.post(
        f"/requests/{request.id}/findings",
        data={
            "csrf_token": token,
            "change": "dismiss",
            "rule": "text_needs_translation",
            "field": "facts",
        },
    )
    assert response.status_code == 404
    db.session.refresh(request)
    assert DISMISSED_FINDINGS not in request.data
