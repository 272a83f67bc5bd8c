"""A numbered section with nothing in it says so under its heading (templates/documents/_section.html):
"Not yet given." in a draft, "None." in an approved request, in the document's language; a
section with content says neither. Read from the HTML WeasyPrint and the Word export are made from."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mla_tool.forms import documents
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.samples import complete_request, extradition_request

SECTION = re.compile(r'<section class="section[^"]*" id="([^"]+)">(.*?)</section>', re.S)


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def sections(html: str) -> dict[str, str]:
    """{section id: its text without tags}."""
    return {ident: words(body) for ident, body in SECTION.findall(html)}


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_a_draft_without_measures_says_they_are_not_yet_given(language: str) -> None:
    gettext = documents.gettext_for(language)
    data = {**complete_request(language), "measures": [], "procedures": ""}
    text = sections(documents.render_html(None, data, language, draft=True))
    assert text["s-d"].endswith(gettext("Not yet given."))
    assert gettext("Not yet given.") != "Not yet given." or language == "en"
    filled = [ident for ident, body in text.items() if gettext("Not yet given.") in body]
    assert filled == ["s-d"]  # the facts, the persons… have content and no placeholder


def test_an_empty_section_of_an_approved_request_says_none() -> None:
    data = {**complete_request("en"), "measures": [], "procedures": ""}
    text = sections(documents.render_html(None, data, "en", draft=False))
    assert text["s-d"] == "4. Assistance requested None."
    assert not any("Not yet given." in body for body in text.values())


@pytest.mark.parametrize(
    "sample",
    [lambda: complete_request("en"), extradition_request, sample_preservation],
    ids=["mla", "extradition", "preservation"],
)
def test_every_section_of_an_empty_draft_says_not_yet_given(sample: Any) -> None:
    """Of a sample, only its kind and states kept: no section prints a bare heading."""
    full = sample()
    data = {key: full[key] for key in ("kind", "requesting_state", "requested_state", "language")}
    text = sections(documents.render_html(None, data, "en", draft=True))
    assert text, "no section rendered"
    under_heading = {
        ident: words(body.partition("</h2>")[2])
        for ident, body in SECTION.findall(documents.render_html(None, data, "en", draft=True))
    }
    assert [ident for ident, rest in under_heading.items() if not rest] == []
    empty = [ident for ident, rest in under_heading.items() if rest == "Not yet given."]
    assert len(empty) >= 2, text


def test_a_draft_without_our_reference_says_it_is_not_yet_given() -> None:
    data = {**complete_request("fr"), "reference": ""}
    html = documents.render_html(None, data, "fr", draft=True)
    meta = words(
        html[
            html.index('<table class="meta">') : html.index(
                "</table>", html.index('<table class="meta">')
            )
        ]
    )
    assert meta.startswith("Notre référence Pas encore renseigné. Date")
