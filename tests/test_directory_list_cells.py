"""The directory's list in French: a state's name is never split mid-word to narrow its column,
the languages are named (not ISO codes) and the date of verification is one unbroken date."""

from __future__ import annotations

import re
from datetime import date

from mla_tool.directory.authorities import create_authority
from mla_tool.extensions import db
from tests.factories.directory_entries import ENTRY


def test_the_list_names_states_languages_and_dates_as_units(client, login, make_user) -> None:
    authority = create_authority(ENTRY)  # languages ar, en
    authority.verified_on = date(2025, 7, 23)
    db.session.commit()
    user = make_user("maintainer")
    user.locale = "fr"
    db.session.commit()
    login(user)
    html = client.get("/directory/").get_data(as_text=True)
    rows = [row for row in html.split("<tr>") if f'/directory/{authority.id}"' in row]
    assert len(rows) == 1, "the entry has its row"
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", rows[0], re.S)
    state, _authority, _functions, languages, verified = cells
    assert 'class="label"' in state[0] and "Égypte" in state[1]
    assert 'class="label"' in languages[0]
    assert re.sub(r"<[^>]+>", "", languages[1]) == "arabe, anglais"  # not "ar, en"
    assert verified[1] == '<time datetime="2025-07-23">2025-07-23</time>'
