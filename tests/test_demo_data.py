"""`mla-tool demo` loads every domain's sample data, whatever order the modules were imported in."""

from __future__ import annotations

from sqlalchemy import select

from mla_tool.demo import load_demo
from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest


def _sample_kinds() -> list[str]:
    rows = db.session.execute(select(MlaRequest.kind).where(MlaRequest.is_sample)).scalars()
    return sorted(rows)


def test_demo_loads_the_wizard_drafts_and_the_preservation_draft_once() -> None:
    first = load_demo()
    assert _sample_kinds() == ["extradition", "mla", "mla", "mla", "preservation"]
    assert (
        "requests: 3 sample drafts (MLA in English and Arabic, extradition) "
        "and 1 submitted for review" in first["summaries"]
    )
    assert "e-evidence: 1 sample preservation draft" in first["summaries"]
    again = load_demo()
    assert _sample_kinds() == ["extradition", "mla", "mla", "mla", "preservation"]
    assert again["passwords"] == {}


def test_the_home_central_authority_has_a_sample_request_to_review() -> None:
    """One sample request is submitted: an outgoing sample case of the home authority under
    review, whose request the home caseworker finds in their list of requests."""
    from mla_tool.auth.models import User
    from mla_tool.cases.models import Case
    from mla_tool.forms.listing import list_requests

    load_demo()
    submitted = (
        db.session.execute(
            select(MlaRequest).where(MlaRequest.is_sample, MlaRequest.status == "submitted")
        )
        .scalars()
        .all()
    )
    assert len(submitted) == 1
    case = db.session.get(Case, submitted[0].case_id)
    assert case is not None and case.is_sample
    assert (case.direction, case.status) == ("outgoing", "under_review")
    caseworker = db.session.execute(
        select(User).where(User.role == "caseworker", User.country_iso3 == case.owner_country)
    ).scalar_one()
    assert [r.id for r in list_requests(caseworker)] == [submitted[0].id]
