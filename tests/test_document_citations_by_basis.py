"""The articles a document's sentences cite are those of the instrument the request rests on
(issue 16, item 7): assurances, confidentiality, use of evidence, provisional arrest, the
preservation sentences, the review sheet's references; Arabic list punctuation, one
confidentiality marking per page, and treaty names in the document's language (issue 17)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from mla_tool.directory.models import Instrument, Participation
from mla_tool.directory.states import state_name
from mla_tool.extensions import db
from mla_tool.forms import documents
from mla_tool.forms.cited_articles import reference_by_basis
from mla_tool.forms.review_sheet import review_sheet_context
from mla_tool.forms.treaty_titles import TREATY_TITLES
from tests.factories.citations import PAIRS, UNCAC, directory, rendered, request_data

__all__ = ["directory"]  # the fixture, used by name

ASSURANCES = [
    {"type": "national_prosecution"},
    {"type": "temporary_surrender"},
    {"type": "national_enforcement"},
    {"type": "death_penalty"},
]
#: basis -> the articles the three assurances on nationals cite (None: no article printed).
ASSURANCE_ARTICLES: dict[str, tuple[str, str, str] | None] = {
    "UNTOC": ("16(10)", "16(11)", "16(12)"),
    "UNCAC": ("44(11)", "44(12)", "44(13)"),
    "FRA-JOR-TEST": None,
    "RIYADH1983": None,
    "reciprocity": None,
}


@pytest.mark.parametrize("basis", sorted(ASSURANCE_ARTICLES))
def test_assurance_labels_cite_the_article_of_the_basis_used(directory, basis: str) -> None:
    data = request_data("extradition", basis, PAIRS[basis])
    data["assurances"] = ASSURANCES
    context = documents.document_context(None, data, "en")
    labels = [item["label"] for item in context["assurances"]]
    expected = ASSURANCE_ARTICLES[basis]
    if expected is None:
        assert not any("art" in label for label in labels[:3]), labels
    else:
        for label, article in zip(labels, expected, strict=False):
            assert label.endswith(f"(article {article})"), label
    if basis != "UNTOC":
        assert not any("16(1" in label for label in labels), labels
    _, text = rendered(data)
    assert "If a national is not extradited: prosecution in the requested state" in text


def test_an_mla_request_under_uncac_cites_uncac_paragraphs(directory) -> None:
    data = request_data("mla", "UNCAC", PAIRS["UNCAC"])
    data["confidential"] = {"is_confidential": True, "reason": "Suspects abroad."}
    citations, text = rendered(data)
    assert citations == [f"{UNCAC}, article 46"]
    for article in ("46(16)", "46(19)", "46(20)"):
        assert f"(article {article})" in text, article
    assert not re.search(r"\b18\(", text)
    assert "Hearing by videoconference (article 46(18))" in text  # a measure's choice
    # and under UNTOC, its own
    data["legal_basis"] = ["UNTOC"]
    text = rendered(data)[1]
    assert "(article 18(20))" in text and "46(" not in text


def test_an_extradition_under_uncac_cites_44_17_not_16_16(directory) -> None:
    text = rendered(request_data("extradition", "UNCAC", PAIRS["UNCAC"]))[1]
    assert "(article 44(17))" in text and "16(16)" not in text


@pytest.mark.parametrize(("basis", "article"), [("UNTOC", "16(9)"), ("UNCAC", "44(10)")])
def test_provisional_arrest_cites_the_paragraph(directory, basis: str, article: str) -> None:
    citations, text = rendered(request_data("provisional_arrest", basis, PAIRS[basis]), "fr")
    assert citations and citations[0].endswith(f"article {article}")
    assert f"article {article}" in text


def _parties(code: str, *states: str) -> None:
    """Record `states` as parties to `code` (the UN Cybercrime Convention is not in force: the
    data holds signatures only)."""
    instrument = db.session.execute(select(Instrument).filter_by(code=code)).scalar_one()
    for state in states:
        row = db.session.execute(
            select(Participation).filter_by(instrument_id=instrument.id, state_iso3=state)
        ).scalar_one_or_none()
        if row is None:
            row = Participation(instrument_id=instrument.id, state_iso3=state, status="party")
            db.session.add(row)
        row.status = "party"
    db.session.commit()


def test_a_preservation_under_the_un_cybercrime_convention_cites_article_42(directory) -> None:
    _parties("UNCC", "FRA", "JOR")
    data = request_data("preservation", "UNCC", ("FRA", "JOR"))
    citations, text = rendered(data)
    assert citations == ["United Nations Convention against Cybercrime, article 42"]
    assert "search, seizure or disclosure of the data (article 42)" in text
    assert re.search(r"at least \d+ days \(article 42\)", text)
    assert "29(" not in text and "Budapest" not in text


def _sheet_references(data: dict[str, Any]) -> list[str]:
    return [finding["reference"] for finding in review_sheet_context(None, data, "en")["findings"]]


def _incomplete(data: dict[str, Any]) -> dict[str, Any]:
    """A preservation whose data item names no category and no identifier time zone."""
    measure = data["measures"][0]
    measure["details"].pop("categories", None)
    measure.pop("categories", None)
    for identifier in measure["details"].get("identifiers") or []:
        identifier.pop("timezone", None)
        identifier.pop("observed_at", None)
    return data


def test_the_review_sheet_cites_the_e_evidence_rules_by_basis(directory) -> None:
    budapest = _sheet_references(
        _incomplete(request_data("preservation", "BUDAPEST", PAIRS["BUDAPEST"]))
    )
    assert any(re.match(r"Budapest Convention arts?\. 29\(", ref) for ref in budapest), budapest
    untoc = _sheet_references(_incomplete(request_data("preservation", "UNTOC", PAIRS["UNTOC"])))
    assert not any("Budapest" in reference for reference in untoc), untoc
    assert any("UNTOC art. 18(15)" in reference for reference in untoc), untoc
    reciprocity = _sheet_references(
        _incomplete(request_data("preservation", "reciprocity", PAIRS["reciprocity"]))
    )
    assert not any("Budapest" in reference or "UNTOC" in reference for reference in reciprocity)
    # the sheet prints no empty "()" for a finding left without a reference
    data = _incomplete(request_data("preservation", "reciprocity", PAIRS["reciprocity"]))
    context = review_sheet_context(None, data, "en")
    html = documents.environment("en").get_template("review_sheet.html").render(**context)
    assert "()" not in re.sub(r"<[^>]+>", "", html)


def test_rule_references_read_by_basis() -> None:
    reference = "Budapest Convention arts. 29(2)(c), 31(2); Second Additional Protocol art. 9(3)(e)"
    assert reference_by_basis(reference, ["BUDAPEST", "BUDAPEST_P2"]) == reference
    assert (
        reference_by_basis(reference, ["BUDAPEST"]) == "Budapest Convention arts. 29(2)(c), 31(2)"
    )
    assert reference_by_basis(reference, ["UNCAC"]) == "UNCAC art. 46(15)"
    assert reference_by_basis(reference, ["UNCC"]) == "UN Convention against Cybercrime art. 42"
    assert reference_by_basis(reference, ["reciprocity"]) == ""
    assert reference_by_basis(reference, []) == reference  # no basis chosen yet: as written
    assert reference_by_basis("UNTOC art. 16(4)-(6)", ["UNCAC"]) == "UNCAC art. 44(5)-(7)"
    assert reference_by_basis("UNTOC art. 18(15)(c)-(d)", ["UNCAC"]) == "UNCAC art. 46(15)(c)-(d)"
    model = "UNTOC art. 16(7); UN Model Treaty on Extradition art. 2(1)"
    assert reference_by_basis(model, ["FRA-JOR-TEST"]) == "UN Model Treaty on Extradition art. 2(1)"


def test_an_arabic_document_joins_with_the_arabic_comma(directory) -> None:
    data = request_data("mla", "UNTOC", PAIRS["UNTOC"])
    text = rendered(data, "ar")[1]
    state = state_name("FRA", "ar")
    assert f"\u060c {state}" in text  # "…Office، فرنسا": running head and section 1
    assert f", {state}" not in text
    follow_up = request_data("follow_up", "BUDAPEST", PAIRS["BUDAPEST"])
    provider = rendered(follow_up, "ar")[1]
    assert f"\u060c {state_name('IRL', 'ar')}" in provider  # provider, state
    assert f", {state_name('IRL', 'ar')}" not in provider
    # other languages keep the Latin comma
    assert f", {state_name('FRA', 'fr')}" in rendered(data, "fr")[1]


@pytest.mark.parametrize("kind", ("mla", "extradition", "preservation"))
def test_confidential_is_marked_once_per_page_in_the_foot(directory, kind: str) -> None:
    data = request_data(kind, "UNTOC", PAIRS["UNTOC"])
    data["confidential"] = {"is_confidential": True, "reason": "Suspects abroad."}
    context = documents.document_context(None, data, "en")
    html = documents.html_from_context(data, context, "en")
    assert html.count("CONFIDENTIAL") == 1
    assert re.search(r'id="page-foot-marking">CONFIDENTIAL<', html)


#: language -> words the UNTOC's name has in it (the catalogue's), never the English name.
UNTOC_NAMES = {
    "es": "Delincuencia Organizada Transnacional",
    "ru": "транснациональной организованной преступности",
    "zh": "联合国打击跨国有组织犯罪公约",
    "pt": "Organizada Transnacional",
    "de": "grenzüberschreitende organisierte Kriminalität",
}


@pytest.mark.parametrize("language", sorted(UNTOC_NAMES))
def test_treaty_names_print_in_the_document_language(directory, language: str) -> None:
    preservation = request_data("preservation", "UNTOC", PAIRS["UNTOC"])
    citations = rendered(preservation, language)[0]
    assert UNTOC_NAMES[language] in citations[0], citations
    assert "Transnational Organized Crime" not in citations[0]
    riyadh = rendered(request_data("mla", "RIYADH1983", PAIRS["RIYADH1983"]), language)[0]
    assert riyadh == [TREATY_TITLES["RIYADH1983"][language].text]
    assert "Riyadh Arab Agreement" not in riyadh[0]
    protocol = {**request_data("mla", "UNTOC", PAIRS["UNTOC"]), "legal_basis": ["UNTOC_TIP"]}
    cited = rendered(protocol, language)[0]
    assert cited and cited[0].startswith(TREATY_TITLES["UNTOC_TIP"][language].text), cited


def test_every_title_is_sourced_and_every_document_language_has_the_european_union() -> None:
    for code, titles in TREATY_TITLES.items():
        assert set(titles) == {"es", "ru", "zh", "pt", "de"}, code
        for language, title in titles.items():
            assert title.kind in ("official", "translation") and title.source, (code, language)
    for language in ("ru", "zh", "pt", "de"):
        assert state_name("EUU", language) != "European Union", language
