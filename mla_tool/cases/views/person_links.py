"""The case page's "Also in cases" panel: other cases about the same persons, as the viewer may
see them (`templates/cases/_person_links.html` asks for them)."""

from __future__ import annotations

from flask_login import current_user

from ..models import Case
from ..person_links import LinkedCase, linked_cases
from .blueprint import bp


@bp.app_template_global("case_person_links")
def case_person_links(case: Case) -> list[LinkedCase]:
    return linked_cases(current_user, case)
