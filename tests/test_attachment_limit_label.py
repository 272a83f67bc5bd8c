"""The case page states the upload limit in the unit the README and settings use (2 GiB shows
as "2.0 GiB", not the decimal "2.1 GB")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mla_tool.cases import opening
from mla_tool.extensions import db


def test_the_upload_limit_reads_in_binary_units(
    client: Any, make_user: Callable[..., Any], login: Callable[..., Any]
) -> None:
    caseworker = make_user("caseworker")
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Fraud ring",
        reference="MLA-2030-19",
        actor=caseworker,
    )
    db.session.commit()
    login(caseworker)
    body = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Add a file (at most 2.0 GiB)" in body
