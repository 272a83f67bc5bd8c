"""A measure's details print through one table of field types: every type has its row, and each
prints as the document always printed it."""

from __future__ import annotations

from typing import Any

import pytest

from mla_tool.forms.document_values import PRINTED_VALUES, Printing, printed_value
from mla_tool.forms.fieldspec import FIELD_TYPES, FieldSpec
from mla_tool.forms.translations.fields import TEXT_UNITS

CHOICES = (("a", "Choice A"), ("b", "Choice B"))
OUT = Printing(gettext=lambda text: text, language="en", articles={})
#: A stored value of each field type and the text it prints as (in English).
PRINTED: dict[str, tuple[Any, str]] = {
    "text": ("Bureau des entraides", "Bureau des entraides"),
    "textarea": ("Line one\nLine two", "Line one\nLine two"),
    "choice": ("b", "Choice B"),
    "state": ("FRA", "FRA"),
    "language": ("fr", "fr"),
    "authority": (7, "7"),
    "date": ("2026-01-02", "January 2, 2026"),
    "bool": (False, "No"),
    "multichoice": (["a", "b"], "Choice A, Choice B"),
    "lines": (["one"], "['one']"),
    "identifiers": (
        [{"type": "ip", "value": "192.0.2.1", "observed_at": "2026-01-02T10:00"}],
        "IP address 192.0.2.1 2026-01-02T10:00",
    ),
    "provider": ({"name": "Example Mail", "country": "FRA"}, "Example Mail, France"),
    "date_range": (
        {"from": "2026-01-01", "to": "2026-01-31"},
        "January 1, 2026 – January 31, 2026",
    ),
    "related_requests": (
        [{"date": "2026-09-14", "authority": "Parquet", "reference": "26/1"}, {"reference": "7"}],
        "September 14, 2026, Parquet, 26/1; 7",
    ),
}


def test_every_field_type_has_one_printed_row() -> None:
    assert set(PRINTED_VALUES) == set(FIELD_TYPES) == set(PRINTED)


@pytest.mark.parametrize("field_type", sorted(PRINTED))
def test_each_field_type_prints_as_before(field_type: str) -> None:
    value, text = PRINTED[field_type]
    spec = FieldSpec("value", "Value", field_type, choices=CHOICES)
    assert printed_value(spec, value, OUT) == text


def test_the_translator_s_field_types_are_field_types() -> None:
    assert set(TEXT_UNITS) == {"textarea", "lines"} and set(TEXT_UNITS) <= FIELD_TYPES
