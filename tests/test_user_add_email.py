"""`mla-tool user add` takes exactly the addresses the sign-in form takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mla_tool.auth.forms import LoginForm
from tests.factories.vault_installations import run_cli

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast

ADDRESSES = [
    "anna.procureur@justice.example",
    "a..b@justice.example",
    "anna@justice..example",
    "anna.@justice.example",
    "anna@-justice.example",
    "anna@justice.example-",
]


def sign_in_form_accepts(app, address: str) -> bool:
    with app.test_request_context():
        form = LoginForm(data={"email": address, "password": "x"}, meta={"csrf": False})
        form.validate()
        return "email" not in form.errors


def test_user_add_refuses_what_the_sign_in_form_refuses(app, tmp_path: Path) -> None:
    data_dir = tmp_path / "site"
    run_cli(data_dir, "init")
    refused_by_form = [a for a in ADDRESSES if not sign_in_form_accepts(app, a)]
    assert refused_by_form and ADDRESSES[0] not in refused_by_form
    for address in ADDRESSES:
        added = run_cli(
            data_dir,
            "user",
            "add",
            address,
            "--role",
            "caseworker",
            "--country",
            "FRA",
            check=False,
        )
        if address in refused_by_form:
            assert added.returncode != 0, address
            assert "not an email address" in added.stderr
        else:
            assert added.returncode == 0, added.stderr
