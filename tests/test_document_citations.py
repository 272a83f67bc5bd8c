"""The legal basis a document prints: the one chosen, with that instrument's article for that kind
of request, never a treaty the two states are not both bound by (issue 16, item 7)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from mla_tool.forms import documents
from mla_tool.forms.eevidence.follow_up import follow_up_document
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.extradition.steps import EXTRADITION_STEPS, PROVISIONAL_ARREST_STEPS
from tests.factories.citations import (
    BILATERAL,
    BILATERAL_ARTICLES,
    PAIRS,
    UNCAC,
    directory,  # noqa: F401  (the fixture)
    rendered,
    request_data,
)

UNTOC = "United Nations Convention against Transnational Organized Crime"
BUDAPEST = "Convention on Cybercrime (Budapest)"
RIYADH = "Riyadh Arab Agreement for Judicial Cooperation"
ARAB_IT = "Arab Convention on Combating Information Technology Offences"
RECIPROCITY = "the principle of reciprocity"
KINDS = (
    "mla",
    "extradition",
    "provisional_arrest",
    "preservation",
    "emergency_disclosure",
    "follow_up",
    "extension",
)
#: (kind, basis) -> the citation the document prints; None: the instrument has nothing for that
#: kind, so it is not cited. UNTOC/UNCAC: arts. 18/46 (MLA, and the MLA forms preservation and
#: emergency disclosure), 16/44 (extradition), 16(9)/44(10) (provisional arrest); Budapest: art. 25 (MLA),
#: 29 (preservation), 25(3) and 35 (emergency), 24 (extradition).
EXPECTED: dict[tuple[str, str], str | None] = {}
#: UNTOC/UNCAC article by kind: a provisional arrest cites its paragraph, 16(9) / 44(10).
_UN_ARTICLES = {"extradition": ("16", "44"), "provisional_arrest": ("16(9)", "44(10)")}
for _kind in KINDS:
    _untoc, _uncac = _UN_ARTICLES.get(_kind, ("18", "46"))
    EXPECTED[(_kind, "UNTOC")] = f"{UNTOC}, article {_untoc}"
    EXPECTED[(_kind, "UNCAC")] = f"{UNCAC}, article {_uncac}"
    EXPECTED[(_kind, "reciprocity")] = RECIPROCITY
    EXPECTED[(_kind, "RIYADH1983")] = RIYADH
    EXPECTED[(_kind, "ARAB_IT2010")] = None if _kind == "provisional_arrest" else ARAB_IT
    _bilateral_kind = {"follow_up": "mla", "extension": "preservation"}.get(_kind, _kind)
    _article = BILATERAL_ARTICLES[_bilateral_kind].removeprefix("art. ")
    EXPECTED[(_kind, "FRA-JOR-TEST")] = f"{BILATERAL}, article {_article}"
EXPECTED.update(
    {
        ("mla", "BUDAPEST"): f"{BUDAPEST}, article 25",
        ("follow_up", "BUDAPEST"): f"{BUDAPEST}, article 25",
        ("extradition", "BUDAPEST"): f"{BUDAPEST}, article 24",
        ("provisional_arrest", "BUDAPEST"): None,
        ("preservation", "BUDAPEST"): f"{BUDAPEST}, article 29",
        ("extension", "BUDAPEST"): f"{BUDAPEST}, article 29",
        ("emergency_disclosure", "BUDAPEST"): f"{BUDAPEST}, article 25(3), 35",
    }
)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("basis", sorted(PAIRS))
def test_each_kind_cites_the_chosen_basis_with_its_article(directory, kind, basis) -> None:  # noqa: F811 (the fixture)
    data = request_data(kind, basis, PAIRS[basis])
    citations, text = rendered(data)
    expected = EXPECTED[(kind, basis)]
    if expected is None:
        assert citations == []
        return
    assert citations == [expected]
    assert expected in text
    if basis == "reciprocity":  # no treaty, so no treaty article
        assert not re.search(r"\b(UNTOC|Convention|Budapest)\b.{0,40}article", text)
        assert "article 29" not in text and "article 18" not in text


@pytest.mark.parametrize("kind", ("mla", "preservation", "emergency_disclosure", "follow_up"))
def test_a_treaty_the_requested_state_is_not_party_to_is_not_cited(directory, kind) -> None:  # noqa: F811 (the fixture)
    """Jordan is not a party to the Budapest Convention: a request to it cites reciprocity."""
    data = request_data(kind, "BUDAPEST", ("FRA", "JOR"))
    data["legal_basis"] = ["BUDAPEST", "reciprocity"]
    citations, text = rendered(data)
    assert citations == [RECIPROCITY]
    assert "Budapest" not in text and "article 29" not in text


def test_the_follow_up_of_a_reciprocity_preservation_cites_reciprocity_alone(directory) -> None:  # noqa: F811 (the fixture)
    preservation = {**sample_preservation(), "requesting_state": "FRA"}
    preservation.update(requested_state="JOR", legal_basis=["reciprocity"])
    citations, text = rendered(follow_up_document(preservation, 1))
    assert citations == [RECIPROCITY]
    assert "Transnational Organized Crime" not in text
    # a treaty chosen next to reciprocity is cited alone: reciprocity is the no-treaty fallback
    preservation["legal_basis"] = ["UNTOC", "reciprocity"]
    assert rendered(follow_up_document(preservation, 1))[0] == [f"{UNTOC}, article 18"]


def test_the_pdf_prints_the_citation(directory, tmp_path: Path) -> None:  # noqa: F811 (the fixture)
    data = request_data("extradition", "UNCAC", PAIRS["UNCAC"])
    context = documents.document_context(None, data, "en")
    pdf = documents.html_to_pdf(documents.html_from_context(data, context, "en"))
    path = tmp_path / "extradition.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    text = re.sub(r"\s+", " ", out.stdout.decode("utf-8"))
    assert f"{UNCAC}, article 44" in text
    assert "article 46" not in text


def test_extradition_wizard_help_cites_no_mla_article() -> None:
    """The extradition and provisional-arrest steps cite art. 16 and the Model Treaty, never
    the MLA article 18 (nor 16(12), 16(9) for documents and identification)."""
    for step in EXTRADITION_STEPS + PROVISIONAL_ARREST_STEPS:
        texts = [step.help] + [field.hint for field in step.fields]
        texts += [str(label) for field in step.fields for _, label in field.choices]
        for text in texts:
            assert not re.search(r"\b18\(", text or ""), (step.code, text)
        if step.code in ("proceedings", "identification", "warrant"):
            assert "16(12)" not in (step.help or "") and "16(9)" not in (step.help or "")
