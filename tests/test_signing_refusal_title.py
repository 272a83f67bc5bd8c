"""The page that says a PDF could not be signed links back to the request by its title (number,
subject and requested state), as the other request pages do, not by a bare "#id"."""

from __future__ import annotations

import re
from typing import Any

from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest
from tests.factories.signing import sign_on_page, submitted_request


def test_the_refusal_page_names_the_request_by_its_title(
    client: Any, make_user: Any, login: Any
) -> None:
    caseworker = make_user("caseworker")
    request_id = submitted_request(caseworker)
    login(caseworker)
    assert client.get(f"/requests/{request_id}/step/review").status_code == 200
    page = sign_on_page(client, request_id)
    assert page.status_code in (409, 503)
    html = page.get_data(as_text=True)
    link = re.search(r'<a [^>]*id="request-link"[^>]*>([^<]+)</a>', html)  # subject isolated inside
    assert link is not None, html
    subject = db.session.get(MlaRequest, request_id).data["subject"].splitlines()[0][:40]
    assert subject[:20] in link.group(1) and f"#{request_id}" in link.group(1)
