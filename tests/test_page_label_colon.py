"""Pages print what follows a label in the page's language (the template global `colon`): French
sets a no-break space before the colon ("Modifier : …"), so a line never starts with the sign;
English and Arabic ": ". A global, read when printed: macros imported without context print it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask, render_template_string

import mla_tool

TEMPLATES = Path(mla_tool.__file__).parent.parent / "templates"


@pytest.mark.parametrize(
    ("language", "colon"), [("fr", "\u00a0: "), ("en", ": "), ("ar", ": "), ("es", ": ")]
)
def test_the_colon_is_the_pages_language(app: Flask, language: str, colon: str) -> None:
    with app.test_request_context("/", headers={"Accept-Language": language}):
        page = render_template_string(
            "{% macro row(label) %}{{ label }}{{ colon }}x{% endmacro %}{{ row('L') }}|L{{ colon }}y"
        )
    assert page == f"L{colon}x|L{colon}y"


def test_no_page_template_writes_a_colon_after_a_label_itself() -> None:
    """`{{ label }}: ` would print an ordinary space-less colon in French: `{{ colon }}` instead."""
    loose = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        if "documents" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\}\}: ", line)
    ]
    assert loose == []


def test_a_french_page_keeps_the_label_and_its_colon_together(client, login, make_user) -> None:
    login(make_user("maintainer"))
    html = client.get("/directory/state/FRA/profile/history", headers={"Accept-Language": "fr"})
    assert html.status_code == 200
    text = html.get_data(as_text=True)
    assert "Historique\u00a0: " in text and "Historique: " not in text
