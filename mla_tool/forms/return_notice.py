"""What the author of a returned request is told in the wizard: the reviewer's note, who returned
it and when, and each field comment with the step that holds its field."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..auth.models import User
from ..cases.review import field_label
from ..extensions import db
from .kinds import request_kind
from .models import MlaRequest
from .request_review import field_choices, review_comments_for
from .version_marks import marks_of


@dataclass(frozen=True)
class FieldComment:
    """A reviewer's comment on one field, and the wizard step that holds the field."""

    path: str
    label: str
    step: str
    comment: str


@dataclass(frozen=True)
class ReturnNotice:
    """The latest return for correction of a request, as its author reads it."""

    note: str | None
    by: str | None
    at: datetime | None
    comments: list[FieldComment] = field(default_factory=list)

    def on_step(self, step_code: str) -> list[FieldComment]:
        return [comment for comment in self.comments if comment.step == step_code]


def step_of(kind_code: str, path: str) -> str:
    """The code of the wizard step holding the field at `path` (a list's entry: its list)."""
    for step in request_kind(kind_code).steps:
        prefixes = [step.list_field] if step.list_field else [s.name for s in step.fields]
        for prefix in prefixes:
            if path == prefix or path.startswith((prefix + ".", prefix + "[")):
                return step.code
    return "review"


def return_notice(item: MlaRequest) -> ReturnNotice | None:
    """The reviewer's note and field comments while the request waits for its correction."""
    if item.status != "returned":
        return None
    marks = marks_of(item)
    latest = marks[-1] if marks and marks[-1].mark == "returned" else None
    comments = dict(latest.field_comments or {}) if latest else review_comments_for(item)
    choices = field_choices(item.kind)
    actor = db.session.get(User, latest.actor_id) if latest and latest.actor_id else None
    return ReturnNotice(
        note=latest.note if latest else None,
        by=(actor.display_name or actor.email) if actor else None,
        at=latest.at if latest else None,
        comments=[
            FieldComment(path, field_label(path, choices), step_of(item.kind, path), text)
            for path, text in comments.items()
        ],
    )


def returned_version(item: MlaRequest) -> int | None:
    """The version last returned for correction, when a later one now stands (what changed
    since is what its reviewer looks at)."""
    returned = [mark.version for mark in marks_of(item) if mark.mark == "returned"]
    if returned and returned[-1] < item.version:
        return returned[-1]
    return None
