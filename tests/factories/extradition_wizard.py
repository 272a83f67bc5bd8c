"""Test data builders and fixtures shared by several test modules (extradition wizard)."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import csrf_token_from


def new_request(client: Any, kind: str) -> int:
    token = csrf_token_from(client.get("/requests/").get_data(as_text=True))
    response = client.post("/requests/new", data={"kind": kind, "csrf_token": token})
    assert response.status_code == 302
    match = re.search(r"/requests/(\d+)/step/requesting$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))
