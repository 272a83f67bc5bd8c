"""Test data builders and fixtures shared by several test modules (drafts)."""

from __future__ import annotations

import re

from tests.conftest import csrf_token_from


def new_draft(client) -> int:
    page = client.get("/requests/")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post("/requests/new", data={"kind": "mla", "csrf_token": token})
    assert response.status_code == 302
    match = re.search(r"/requests/(\d+)/step/requesting", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))
