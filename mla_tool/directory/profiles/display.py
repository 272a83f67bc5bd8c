"""A profile value as people read it, in the interface language (the profile page, findings)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ...request_kinds import kind_label
from .fields import PROFILE_FIELDS
from .form_values import VALUE_LABELS


def shown_value(field: str, value: Any) -> str:
    """A value of a profile field as people read it, in the interface language."""
    if value is None or value in ([], {}):
        return _("Not known")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return "; ".join(f"{kind_label(kind)}: {', '.join(codes)}" for kind, codes in value.items())
    if isinstance(value, list):
        return ", ".join(_(VALUE_LABELS.get(item, item)) for item in value)
    if PROFILE_FIELDS[field].kind == "months":
        return _("%(n)s months", n=value)
    if PROFILE_FIELDS[field].kind == "days":
        return _("%(n)s days", n=value)
    return _(VALUE_LABELS.get(str(value), str(value)))
