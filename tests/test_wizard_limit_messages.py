"""A refused over-long wizard field: the limit in the reader's locale, and that error alone."""

from __future__ import annotations

import re

import pytest

from mla_tool.forms.limits import MAX_TEXT
from tests.conftest import csrf_token_from
from tests.factories.drafts import new_draft

FACTS_FINDING = "Summarise the relevant facts"


def _facts_field(html: str) -> str:
    """The facts field's block: from its textarea to the next field."""
    start = html.index('id="facts"')
    end = html.find('<div class="field', start)
    return html[start : end if end != -1 else len(html)]


@pytest.mark.parametrize(
    ("locale", "limit", "length"),
    [("en", "20,000", "25,000"), ("fr", "20\u202f000", "25\u202f000")],
)
def test_a_refused_facts_field_shows_only_its_length_error_in_the_locale(
    client, make_user, login, locale: str, limit: str, length: str
) -> None:  # type: ignore[no-untyped-def]
    assert MAX_TEXT == 20_000
    user = make_user("prosecutor")
    user.locale = locale
    login(user)
    request_id = new_draft(client)
    page = client.get(f"/requests/{request_id}/step/facts").get_data(as_text=True)
    refused = client.post(
        f"/requests/{request_id}/step/facts",
        data={"csrf_token": csrf_token_from(page), "facts": "x" * 25_000},
    )
    assert refused.status_code == 422
    field = _facts_field(refused.get_data(as_text=True))
    errors = re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', field)
    assert len(errors) == 1, errors
    assert limit in errors[0] and length in errors[0], errors
    assert "20000" not in errors[0] and "finding" not in field
    if locale == "en":
        assert FACTS_FINDING not in field
