"""Pages of the case tracker, all on one blueprint `bp`; importing the package declares them.

`blueprint` (the blueprint and its labels), `case_list` (its "assigned to" filter in
`assignee_picker`), `case_opening`, `case_page`, the
case page's forms (`case_actions`, `member_actions`), its "Also in cases" panel
(`person_links`), `statistics`, the transmission box (`transmission_actions`); `outcome` says
what a form did."""

from . import (
    assignee_picker,
    case_actions,
    case_list,
    case_opening,
    case_page,
    member_actions,
    person_links,
    statistics,
    transmission_actions,
)
from .blueprint import bp

__all__ = [
    "assignee_picker",
    "bp",
    "case_actions",
    "case_list",
    "case_opening",
    "case_page",
    "member_actions",
    "person_links",
    "statistics",
    "transmission_actions",
]
