"""The wizard's form fields as one table: every field type has a row, and what a form shows of a
stored value it reads back unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from mla_tool.forms.fieldspec import FIELD_TYPES, FieldSpec
from mla_tool.forms.forms import FORM_FIELDS, build_form, fill_form, values_from_form

CHOICES = (("a", "A"), ("b", "B"))
#: A stored value of each field type, as the document holds it.
STORED: dict[str, Any] = {
    "text": "Bureau des entraides",
    "textarea": "Line one\nLine two",
    "choice": "b",
    "state": "FRA",
    "language": "fr",
    "authority": 7,
    "date": "2026-01-02",
    "bool": True,
    "multichoice": ["a", "b"],
    "lines": ["first annex", "second annex"],
    "identifiers": [{"type": "ip", "value": "192.0.2.1", "observed_at": "2026-01-02T10:00"}],
    "provider": {"name": "Example Mail", "country": "FRA"},
    "date_range": {"from": "2026-01-01", "to": "2026-01-31"},
    "related_requests": [
        {"date": "2026-09-14", "authority": "Parquet de Paris", "reference": "26/118"},
        {"authority": "Interpol Lyon", "reference": "2026/77"},
    ],
}


def test_every_field_type_has_one_form_row() -> None:
    assert set(FORM_FIELDS) == set(FIELD_TYPES) == set(STORED)


@pytest.mark.parametrize("field_type", sorted(STORED))
def test_a_stored_value_shown_in_the_form_reads_back_the_same(app: Flask, field_type: str) -> None:
    spec = FieldSpec("section.value", "Value", field_type, choices=CHOICES)
    options = {"section.value": [("fr", "French"), ("7", "Authority 7")]}
    stored = {"section": {"value": STORED[field_type]}}
    with app.test_request_context():
        form = build_form((spec,), language="en", options=options, formdata=None, prefix="t")
        fill_form(form, (spec,), stored)
        assert values_from_form(form, (spec,)) == stored


def test_a_blank_form_reads_as_cleared_values(app: Flask) -> None:
    specs = tuple(
        FieldSpec(f"f_{field_type}", "Value", field_type, choices=CHOICES) for field_type in STORED
    )
    with app.test_request_context():
        form = build_form(specs, language="en", formdata=None, prefix="t")
        values = values_from_form(form, specs)
    assert values == {f"f_{t}": (False if t == "bool" else None) for t in STORED}
