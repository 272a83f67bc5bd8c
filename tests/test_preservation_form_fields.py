"""Preservation and emergency disclosure ask what their instruments ask: the location of the
computer system (Budapest art. 29(2)(d)) and, where the legal basis provides for them, who bears
extraordinary costs (UNTOC art. 18(28)); the document prints both."""

from __future__ import annotations

import copy

import pytest

from mla_tool.forms import documents
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.eevidence.steps import EMERGENCY_KIND, PRESERVATION_KIND
from mla_tool.forms.measures import MEASURES


def field_names(kind) -> set[str]:  # noqa: ANN001
    return {spec.name for step in kind.steps for spec in step.fields}


@pytest.mark.parametrize("kind", [PRESERVATION_KIND, EMERGENCY_KIND])
def test_both_kinds_ask_who_bears_the_costs(kind) -> None:  # noqa: ANN001
    assert {"costs.borne_by", "costs.details"} <= field_names(kind)


def test_an_electronic_measure_asks_where_the_system_is() -> None:
    names = {spec.name for spec in MEASURES["preserve_data"].fields}
    assert "system_location" in names and "provider" in names


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_the_preservation_document_prints_the_location_and_the_costs(language: str) -> None:
    document = copy.deepcopy(sample_preservation())
    document["measures"][0]["details"]["system_location"] = "Data centre in Dublin, Ireland"
    document["costs"] = {"borne_by": "to_be_agreed", "details": "Estimate: 200 EUR."}
    html = documents.render_html(None, document, language)
    assert "Data centre in Dublin, Ireland" in html
    assert 'id="costs"' in html and "Estimate: 200 EUR." in html
