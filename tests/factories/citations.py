"""Test data builders and fixtures shared by several test modules (citations)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from mla_tool.directory.treaties import BilateralTreaty, create_bilateral_instrument
from mla_tool.extensions import db
from mla_tool.forms import documents
from mla_tool.forms.eevidence.follow_up import extension_document, follow_up_document
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.samples import complete_request
from tests.factories.loaded_once import reference_rows

UNCAC = "United Nations Convention against Corruption"


BILATERAL = "Treaty between France and Jordan (test)"


#: The bilateral treaty's article per kind (a user records them; here made up for the test).
BILATERAL_ARTICLES = {
    "mla": "art. 3",
    "extradition": "art. 20",
    "provisional_arrest": "art. 25",
    "preservation": "art. 7",
    "emergency_disclosure": "art. 8",
}


#: basis -> (requesting, requested): a pair both bound by it (Arab instruments: Egypt acceded,
#: Jordan is recorded as a party; Morocco only signed them, so it cannot serve).
PAIRS = {
    "UNTOC": ("FRA", "JOR"),
    "UNCAC": ("FRA", "JOR"),
    "BUDAPEST": ("FRA", "DEU"),
    "RIYADH1983": ("EGY", "JOR"),
    "ARAB_IT2010": ("EGY", "JOR"),
    "FRA-JOR-TEST": ("FRA", "JOR"),
    "reciprocity": ("FRA", "JOR"),
}


EXTRADITION_DATA = {
    "proceedings": {"stage": "prosecution", "authority": "Tribunal judiciaire de Paris"},
    "persons": [{"role": "accused", "name": "Karim BENSAÏD", "nationality": "JOR"}],
    "offences": [{"name": "Fraud", "provision": "art. 313-1", "max_penalty": "5 years"}],
    "facts": "Between 2022 and 2023 the person obtained 1 200 000 EUR by fraud.",
}


@pytest.fixture
def directory(app) -> None:
    reference_rows()
    create_bilateral_instrument(
        BilateralTreaty(
            code="FRA-JOR-TEST",
            name_en=BILATERAL,
            states=("FRA", "JOR"),
            articles=BILATERAL_ARTICLES,
            source="test",
        )
    )
    db.session.commit()


def request_data(kind: str, basis: str, pair: tuple[str, str]) -> dict[str, Any]:
    """A request of `kind` resting on `basis` between the two states of `pair`."""
    states = {"requesting_state": pair[0], "requested_state": pair[1], "legal_basis": [basis]}
    if kind in ("preservation", "emergency_disclosure", "follow_up", "extension"):
        data = {**sample_preservation(), **states}
        if kind == "emergency_disclosure":
            data["kind"] = "emergency_disclosure"
        if kind == "follow_up":
            return follow_up_document(data, 1)
        if kind == "extension":
            return extension_document(data, 1)
        return data
    data = {**complete_request("en"), **states, "kind": kind}
    if kind != "mla":
        data.update(EXTRADITION_DATA)
    return data


def rendered(data: dict[str, Any], language: str = "en") -> tuple[list[str], str]:
    """The citations the document context holds and the rendered HTML's text."""
    context = documents.document_context(None, data, language)
    text = html.unescape(
        re.sub(r"<[^>]+>", " ", documents.html_from_context(data, context, language))
    )
    return context["legal_basis"], re.sub(r"\s+", " ", text)
