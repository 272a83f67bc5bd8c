"""A language code the directory's form refuses is named in the reader's language: the message
is a catalogue string with the code as its parameter, not the entry rules' English sentence."""

from __future__ import annotations

from tests.factories.directory_entries import form_data


def test_a_bad_language_code_is_said_from_the_catalogue(
    client, login, make_user, page_csrf
) -> None:  # type: ignore[no-untyped-def]
    login(make_user("maintainer"))
    token = page_csrf("/directory/new")
    response = client.post(
        "/directory/new",
        data=form_data(csrf_token=token, languages="ar, xq"),
        headers={"Accept-Language": "ar"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "«xq» ليس رمز لغة وفق ISO 639-1" in html
    assert "is not an ISO 639-1 language code" not in html  # said once, in the reader's language
