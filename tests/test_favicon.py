"""Every page names its icon, served from the app's own static files (the CSP allows 'self'),
so that no browser asks for /favicon.ico and logs a 404 on each page."""

from __future__ import annotations

import re


def test_pages_name_an_icon_the_app_serves(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    found = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page)
    assert found
    icon = client.get(found.group(1))
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")
