"""The request list reads as its reader's language: the document language's name from CLDR in
that language, kept whole in its column, and the time of the last change as a <time>."""

from __future__ import annotations

import re

from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request


def test_the_arabic_request_list_names_the_document_language_in_arabic(
    client, login, make_user
) -> None:
    user = make_user("prosecutor", country="JOR")
    user.locale = "ar"
    create_request(user, {"kind": "mla", "language": "en"})
    db.session.commit()
    login(user)
    html = client.get("/requests/").get_data(as_text=True)
    assert '<td class="label">الإنجليزية</td>' in html
    assert ">English</td>" not in html
    assert re.search(r'<td><time datetime="\d{4}-\d{2}-\d{2}T[^"]*Z">', html)
