"""Test data builders and fixtures shared by several test modules (review cycles)."""

from __future__ import annotations

from typing import Any

from mla_tool.cases.models import Case
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from tests.factories.authorities import make_authority


def two_requests_under_review(prosecutor: Any) -> tuple[Case, MlaRequest, MlaRequest]:
    """A case under review holding two submitted requests."""
    authority = make_authority()
    first = create_request(prosecutor, complete_request(requested_authority=authority))
    submit_request(first, prosecutor)
    second = create_request(prosecutor, complete_request(requested_authority=authority))
    submit_request(second, prosecutor, case_id=first.case_id)
    db.session.commit()
    case = db.session.get(Case, first.case_id)
    assert case.status == "under_review" and second.case_id == case.id
    return case, first, second
