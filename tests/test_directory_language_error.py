"""A language code the directory's form refuses is named in the reader's language: the message
is a catalogue string with the code as its parameter, not the entry rules' English sentence."""

from __future__ import annotations

from typing import Any

from mla_tool.directory import forms
from tests.factories.directory_entries import form_data

#: A stand-in catalogue: what the form's message would read in Arabic.
CATALOGUE = {"'%(value)s' is not an ISO 639-1 language code": "«%(value)s» ليس رمز لغة"}


def _catalogue_text(message: str, **values: Any) -> str:
    return CATALOGUE.get(message, message) % values if values else CATALOGUE.get(message, message)


def test_a_bad_language_code_is_said_from_the_catalogue(
    client, login, make_user, page_csrf, monkeypatch
) -> None:
    login(make_user("maintainer"))
    token = page_csrf("/directory/new")
    monkeypatch.setattr(forms, "_", _catalogue_text)
    response = client.post("/directory/new", data=form_data(csrf_token=token, languages="ar, xq"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "«xq» ليس رمز لغة" in html
    assert "is not an ISO 639-1 language code" not in html  # said once, in the reader's language
