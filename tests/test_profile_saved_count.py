"""The state profile's "saved" message counts its fields in the reader's plural forms: "1 field
changed", never "1 fields changed" (nor "1 champs modifiés")."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("fields", "said"),
    [(1, "Profile saved: 1 field changed."), (2, "Profile saved: 2 fields changed.")],
)
def test_the_saved_message_agrees_with_its_count(
    client, login, make_user, page_csrf, fields: int, said: str
) -> None:
    login(make_user("maintainer"))
    path = "/directory/state/DEU/profile/edit"
    form = {"csrf_token": page_csrf(path)}
    for field, value in (("provisional_arrest_days", "40"), ("preservation_days", "90"))[:fields]:
        form |= {
            f"{field}-action": "set",
            f"{field}-value": value,
            f"{field}-source": "a source",
            f"{field}-verified_on": "2026-03-01",
        }
    saved = client.post(path, data=form, follow_redirects=True)
    assert saved.status_code == 200
    assert said in saved.get_data(as_text=True)
