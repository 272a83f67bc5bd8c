"""Requests that arrive from another authority: stored as sent, under the incoming case."""

from __future__ import annotations

import copy
from typing import Any

from ..auth.models import User
from ..extensions import db
from ..i18n import Phrase, phrase_columns
from .models import MlaRequest, RequestVersion


def receive_request(
    case_id: int, actor: User, document: dict[str, Any], note: Phrase
) -> MlaRequest:
    """A received request (already validated) under an incoming case, with its first version.

    It is addressed to this installation, so it names no authority of the directory here.
    No commit.
    """
    request = MlaRequest(
        owner_id=actor.id,
        status="transmitted",
        case_id=case_id,
        kind=document["kind"],
        language=document.get("language"),
        requesting_state=document.get("requesting_state"),
        requested_state=document.get("requested_state"),
        requested_authority_id=None,
        reference=document.get("reference"),
        data=document,
        version=1,
    )
    db.session.add(request)
    db.session.flush()
    db.session.add(
        RequestVersion(
            request_id=request.id,
            number=1,
            data=copy.deepcopy(document),
            saved_by=actor.id,
            **phrase_columns(note, "note"),
        )
    )
    return request
