"""The case page states the upload limit in the unit the README and settings use (2 GiB shows
as "2 GiB", not the decimal "2.1 GB"), and sizes are written as the reader's language writes
numbers ("1,5 MiB" in French and Spanish)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mla_tool.cases import opening
from mla_tool.extensions import db
from mla_tool.i18n import file_size_text


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
    size = '<bdi dir="ltr">2\u00a0GiB</bdi>'  # left to right in an Arabic line too
    assert f"Add a file (at most {size})" in body
    spanish = client.get(f"/cases/{case.id}", headers={"Accept-Language": "es"})
    assert f"(como máximo {size})" in spanish.get_data(as_text=True)
    arabic = client.get(f"/cases/{case.id}", headers={"Accept-Language": "ar"})
    assert size in arabic.get_data(as_text=True)


@pytest.mark.parametrize(
    ("size", "language", "shown"),
    [
        (0, "en", "0\u00a0B"),
        (1023, "en", "1,023\u00a0B"),
        (1024, "en", "1\u00a0KiB"),
        (1536 * 1024, "en", "1.5\u00a0MiB"),
        (1536 * 1024, "fr", "1,5\u00a0MiB"),
        (1536 * 1024, "es", "1,5\u00a0MiB"),
        (2 << 30, "es", "2\u00a0GiB"),
        (int(2.25 * (1 << 30)), "en", "2.2\u00a0GiB"),  # to a tenth (round half to even)
        (5 << 40, "en", "5\u00a0TiB"),
        (3 << 50, "en", "3,072\u00a0TiB"),  # the largest unit, never past it
    ],
)
def test_a_size_is_written_in_the_largest_unit_it_fills(size: int, language: str, shown: str):
    assert file_size_text(size, language) == shown
