"""A sign-in on one `mla-tool serve` process holds on another over the same database (the
session rows of auth/sessions.py, the cookie signed with the shared MLA_SECRET_KEY), and a
sign-out on one ends it on every process."""

from __future__ import annotations

import pytest
import requests

from mla_tool.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.served_processes import served_processes
from tests.factories.vault_installations import installations  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow  # starts real server processes: left out of scripts/test --fast

PASSWORD = "a long enough password"


def test_sign_in_on_one_process_continue_and_sign_out_on_another(installations) -> None:  # noqa: F811
    from mla_tool.auth.service import create_user

    site = installations("site")
    with site.app():
        create_user("cw@example.org", PASSWORD, "caseworker", "FRA")
        db.session.commit()
    with served_processes(site, 2, {"MLA_REMINDER_INTERVAL_MINUTES": "0"}) as (one, other):
        browser = requests.Session()
        page = browser.get(f"{one.url}/login", timeout=60)
        signed_in = browser.post(
            f"{one.url}/login",
            data={
                "email": "cw@example.org",
                "password": PASSWORD,
                "csrf_token": csrf_token_from(page.text),
            },
            allow_redirects=False,
            timeout=60,
        )
        assert signed_in.status_code == 302, signed_in.text

        # the other process knows the session: its account page lists it, its forms work
        account = browser.get(f"{other.url}/account", allow_redirects=False, timeout=60)
        assert account.status_code == 200 and 'action="/logout"' in account.text
        stranger = requests.get(f"{other.url}/account", allow_redirects=False, timeout=60)
        assert stranger.status_code == 302 and "/login" in stranger.headers["Location"]

        # signing out on the second process ends the session on the first too
        signed_out = browser.post(
            f"{other.url}/logout",
            data={"csrf_token": csrf_token_from(account.text)},
            allow_redirects=False,
            timeout=60,
        )
        assert signed_out.status_code == 302
        browser.cookies.clear()
        browser.cookies.update(signed_in.cookies)  # the cookie as it was while signed in
        again = browser.get(f"{one.url}/account", allow_redirects=False, timeout=60)
        assert again.status_code == 302 and "/login" in again.headers["Location"]
