"""Review of a case: each request's decision, the moves that wait for them, and a reviewer's
comments on the fields of a returned request (checking, naming and reading them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..i18n import N_
from .errors import TransitionError
from .hooks import review_cycle, review_fields
from .models import Case, CaseEvent

#: A case reaches these statuses only when every request of its review cycle holds the request
#: status given: (direction, case status) -> request status. Each request is reviewed on its
#: own; approving the case never approves a request.
CASE_WAITS_FOR_REQUESTS: dict[tuple[str, str], str] = {("outgoing", "approved"): "approved"}


def requests_holding_back(case: Case, to_status: str) -> list[int]:
    """The requests of the case's review cycle that keep it from moving to `to_status`."""
    needed = CASE_WAITS_FOR_REQUESTS.get((case.direction, to_status))
    if needed is None:
        return []
    return sorted(rid for rid, status in review_cycle(case).items() if status != needed)


def pending_review(case: Case) -> list[int]:
    """The requests of the case's review cycle still waiting for a reviewer's decision."""
    return sorted(rid for rid, status in review_cycle(case).items() if status == "submitted")


def request_decisions(case: Case) -> dict[int, CaseEvent]:
    """Each request's latest review decision in the case's timeline: request id -> event."""
    latest: dict[int, CaseEvent] = {}
    for event in db.session.execute(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.type == "request")
        .order_by(CaseEvent.at, CaseEvent.id)
    ).scalars():
        request_id = (event.details or {}).get("request_id")
        if isinstance(request_id, int) and (event.details or {}).get("decision"):
            latest[request_id] = event
    return latest


def clean_field_comments(details: dict[str, Any] | None) -> dict[str, str]:
    """The field comments in `details` (field -> comment), trimmed; blank ones are dropped."""
    raw = (details or {}).get("field_comments")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise TransitionError(
            "invalid_field_comments",
            "field_comments must map field names to comments",
            {"field_comments": "expected an object"},
        )
    cleaned: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key.strip() or not isinstance(value, str):
            raise TransitionError(
                "invalid_field_comments",
                "field_comments must map field names to text",
                {"field_comments": f"bad entry {key!r}"},
            )
        if value.strip():
            cleaned[key.strip()] = value.strip()
    return cleaned


def _names_field(key: str, path: str) -> bool:
    return key == path or key.startswith(path + ".") or key.startswith(path + "[")


def field_label(key: str, fields: list[tuple[str, str]]) -> str:
    """The label of the field a comment names (its list's label for an item of a list)."""
    best = ("", key)
    for path, label in fields:
        if _names_field(key, path) and len(path) > len(best[0]):
            best = (path, label)
    return best[1]


def labelled_review_comments(case: Case) -> list[tuple[str, str]]:
    """The latest return's comments as (field label, comment)."""
    fields = review_fields(case)
    return [(field_label(key, fields), text) for key, text in review_comments(case).items()]


def unknown_comment_fields(case: Case, comments: dict[str, str]) -> list[str]:
    """The comments' keys that name no field of the request under review."""
    if not comments:
        return []
    paths = [path for path, _label in review_fields(case)]
    if not paths:
        return []  # no request filed: nothing to check the names against
    return fields_not_in(comments, paths)


def fields_not_in(comments: Mapping[str, str], paths: list[str]) -> list[str]:
    """The comments' keys that name none of these fields (nor an item or part of one)."""
    return [key for key in comments if not any(_names_field(key, path) for path in paths)]


def _latest_return(case: Case, request_id: int | None) -> CaseEvent | None:
    """The latest return of the case (a move to returned), or of that request on its own."""
    for event in db.session.execute(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == case.id,
            CaseEvent.type.in_(("transition", "request")),
        )
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
    ).scalars():
        details = event.details or {}
        if event.type == "transition" and event.to_status == "returned":
            if "requests_reviewed" not in details:  # not a case that followed its requests
                return event
            continue
        if details.get("request_id") == request_id and details.get("decision") == "return":
            return event
    return None


def review_comments(case: Case, request_id: int | None = None) -> dict[str, str]:
    """Field -> comment of the latest return for correction of this case (or, with
    `request_id`, of that request on its own, whichever came last); empty if none."""
    event = _latest_return(case, request_id)
    if event is None:
        return {}
    return dict((event.details or {}).get("field_comments") or {})


#: How many (field, comment) rows the return form offers.
COMMENT_ROWS = 4


def comments_from_rows(form: Mapping[str, str]) -> dict[str, str]:
    """The field comments chosen in the rows of the return form (`comment_field_N`,
    `comment_text_N`): field -> comment. A comment without its field is refused."""
    comments: dict[str, str] = {}
    for number in range(1, COMMENT_ROWS + 1):
        field = (form.get(f"comment_field_{number}") or "").strip()
        text = (form.get(f"comment_text_{number}") or "").strip()
        if text and not field:
            raise TransitionError(
                "invalid_field_comments",
                N_("Choose the field each comment is about."),
                {"field_comments": text[:80]},
            )
        if field and text:
            comments[field] = text
    return comments


def comments_from_text(text: str | None) -> dict[str, str]:
    """Field comments written one a line as "field: comment": field -> comment."""
    comments: dict[str, str] = {}
    for line in (text or "").splitlines():
        field, sep, comment = line.partition(":")
        if not line.strip():
            continue
        if not sep or not field.strip() or not comment.strip():
            raise TransitionError(
                "invalid_field_comments",
                N_("Write each field comment as “field: comment”."),
                {"field_comments": line.strip()[:80]},
            )
        comments[field.strip()] = comment.strip()
    return comments
