"""The UNTOC review figures page names each legal basis as the directory names its instrument
(in the reader's language), reciprocity in words, and a basis the directory lacks by its code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask.testing import FlaskClient

from mla_tool.cases import opening
from mla_tool.directory.models import Instrument
from mla_tool.extensions import db

UNTOC_EN = "United Nations Convention against Transnational Organized Crime"
UNTOC_AR = "اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية"


def test_the_untoc_page_names_legal_bases(
    make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    caseworker = make_user("caseworker", country="JOR")
    db.session.add(Instrument(code="UNTOC", name_en=UNTOC_EN, name_ar=UNTOC_AR, kind="global"))
    for basis in ("UNTOC", "reciprocity", "bilateral"):
        case = opening.open_case(
            direction="outgoing", kind="mla", counterpart_state="FRA", title="t", actor=caseworker
        )
        case.legal_basis, case.started_on = basis, date(2026, 3, 1)
    db.session.commit()
    web = login(caseworker)
    html = web.get("/cases/stats/untoc?from=2026-01-01&to=2026-12-31").get_data(as_text=True)
    assert UNTOC_EN in html and '<th scope="row">UNTOC</th>' not in html
    assert '<th scope="row">Reciprocity</th>' in html
    assert '<th scope="row">bilateral</th>' in html  # not in the directory: its code
    arabic = web.get(
        "/cases/stats/untoc?from=2026-01-01&to=2026-12-31", headers={"Accept-Language": "ar"}
    )
    assert UNTOC_AR in arabic.get_data(as_text=True)
