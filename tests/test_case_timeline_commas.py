"""The case timeline joins a correspondence's and a consultation's parts with the reader's comma
("مُرسَل، بريد إلكتروني" on an Arabic page), and isolates whom the authority consulted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from mla_tool.cases import correspondence, opening
from mla_tool.extensions import db


def test_the_timeline_uses_the_readers_comma(
    make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    caseworker = make_user("caseworker", country="FRA")
    caseworker.locale = "ar"
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="DEU", title="D", actor=caseworker
    )
    correspondence.record_correspondence(
        case, caseworker, way="sent", channel="email", on="2026-11-21", summary="Receipt."
    )
    correspondence.record_consultation(
        case, caseworker, basis="untoc_18_26", with_whom="BfJ Bonn", on="2026-11-22", summary="S."
    )
    db.session.commit()
    page = login(caseworker).get(f"/cases/{case.id}").get_data(as_text=True)
    assert '،\u0020<time datetime="2026-11-21">' in page
    assert "،\u0020<bdi>BfJ Bonn</bdi>،\u0020<time" in page
    assert ', <time datetime="2026-11-2' not in page
