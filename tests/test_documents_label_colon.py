"""A label and its value are joined by the colon of the document's language: French sets a
no-break space before it ("Du : …"), Chinese uses the full-width colon ("发自：…")."""

from __future__ import annotations

import html
import re

import pytest

from mla_tool.forms import documents
from mla_tool.forms.samples import complete_request
from mla_tool.i18n import label_colon


def test_the_colon_of_each_language() -> None:
    assert label_colon("fr") == "\u00a0: "
    assert label_colon("zh") == "\uff1a"
    assert label_colon("en") == label_colon("ar") == label_colon("de") == ": "


@pytest.mark.parametrize("language", ["fr", "zh", "ar", "en"])
def test_the_running_head_uses_the_language_colon(app, language: str) -> None:
    data = complete_request("en")
    with app.app_context():
        page = documents.render_html(None, data, language)
    head = html.unescape(re.sub(r"<[^>]+>", "", page.split('id="page-head"')[1].split("</div>")[0]))
    gettext = documents.gettext_for(language)
    assert gettext("From") + label_colon(language) in head, head
    if language != "en":
        assert gettext("From") + ": " not in head or label_colon(language) == ": "
