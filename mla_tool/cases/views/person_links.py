"""The case page's "Also in cases" panel: other cases about the same persons, as the viewer may
see them (the data of `templates/cases/_person_links.html`, a box the wiring lists)."""

from __future__ import annotations

from flask_login import current_user

from ..models import Case
from ..person_links import LinkedCase, linked_cases


def case_person_links(case: Case) -> list[LinkedCase]:
    return linked_cases(current_user, case)
