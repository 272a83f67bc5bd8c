"""The administrator's Users page does not offer to end the administrator's own sessions when
the only one is the session in use (the button ended nothing and said "Sessions ended: 0")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.conftest import sign_in


def _card(page: str, user_id: int) -> str:
    match = re.search(rf'<section class="card" data-user="{user_id}".*?</section>', page, re.S)
    assert match, f"no card for user {user_id}"
    return match.group(0)


def test_the_own_card_offers_to_end_only_other_sessions(
    app: Any, client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    admin = make_user("admin")
    login(admin)
    alone = _card(client.get("/account/users").get_data(as_text=True), admin.id)
    assert "end-sessions" not in alone
    assert sign_in(app.test_client(), admin.email).status_code == 302  # a second browser
    two = _card(client.get("/account/users").get_data(as_text=True), admin.id)
    assert f"/account/users/{admin.id}/end-sessions" in two
