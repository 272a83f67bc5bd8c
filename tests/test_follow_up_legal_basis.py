"""A follow-up MLA request made from a preservation keeps the preservation's legal bases
(issue 16, item 7): the document it prints rests on what the preservation rested on."""

from __future__ import annotations

from typing import Any

from mla_tool.extensions import db
from mla_tool.forms.eevidence.actions import convert_to_mla
from tests.factories.eevidence_flow import directory, submitted_preservation


def test_the_follow_up_stores_the_preservations_legal_bases(make_user: Any) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, _ = directory()
    preservation = submitted_preservation(user, contact, legal_basis=["BUDAPEST", "reciprocity"])
    assert preservation.data["legal_basis"] == ["BUDAPEST", "reciprocity"]
    draft = convert_to_mla(preservation, user)
    db.session.commit()
    assert draft.data.get("legal_basis") == ["BUDAPEST", "reciprocity"]
