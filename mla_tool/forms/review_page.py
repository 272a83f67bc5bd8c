"""The wizard's review step as a page: what it shows, for the step's own view and for a refused
submission, which shows it again with the note as typed."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..cldr_names import own_language_name
from . import documents
from .kinds import RequestKind, Step
from .measures import MEASURES
from .models import MlaRequest
from .step_context import base_context
from .step_saving import render_step
from .versions import versions_of


def review_step(
    item: MlaRequest, kind: RequestKind, step: Step, note: str = "", status: int = 200
) -> Any:
    """The review step; `note`, the note for the central authority of a refused submission,
    is offered again so that what was typed is not lost."""
    context = base_context(item, kind, step)
    context.update(
        document_languages=[
            (code, own_language_name(code)) for code in documents.DOCUMENT_LANGUAGES
        ],
        measure_labels={code: _(m.label) for code, m in MEASURES.items()},
        sections=[s for s in kind.steps if s.layout != "review"],
        versions=versions_of(item)[:5],
        submit_note=note,
    )
    return render_step(context, status)
