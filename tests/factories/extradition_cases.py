"""Test data builders and fixtures shared by several test modules (extradition cases)."""

from __future__ import annotations

from typing import Any

from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.submission import submit_request
from tests.factories.authorities import make_authority
from tests.factories.extradition_requests import provisional_request


def submitted_provisional_arrest(user: Any, **extradition_values: Any) -> MlaRequest:
    authority = make_authority(
        functions=["central_authority_extradition"], channels=["central_authority", "interpol"]
    )
    document = provisional_request()
    document["requested_authority"] = authority
    document["extradition"].update(extradition_values)
    document["extradition"] = {k: v for k, v in document["extradition"].items() if v is not None}
    request = create_request(user, document)
    submit_request(request, user)
    db.session.commit()
    assert request.case_id is not None
    return request
