"""The directory's dashboard panel: entries not verified for 12 months, for maintainers."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from markupsafe import escape

from ...home.panels import Panel
from ...i18n import time_tag
from ..authorities import count_stale, stale_authorities


def stale_panel(user: Any) -> list[Panel]:
    """Maintainers see the entries that are not verified for 12 months."""
    if not user.may("directory.edit"):
        return []
    rows = [
        {
            "label": f"{a.name} ({a.country_iso3})",
            "url": url_for("directory.entry", authority_id=a.id),
            "note": escape(_("verified %(date)s")) % {"date": time_tag(a.verified_on)}
            if a.verified_on
            else _("never verified"),
        }
        for a in stale_authorities(limit=8)
    ]
    total = count_stale()
    more = total > len(rows)
    return [
        Panel(
            title=_("Directory entries to verify (%(count)s)", count=total),
            rows=rows,
            empty_text=_("Every directory entry was verified in the last 12 months."),
            action_label=_("All entries to verify") if more else _("Add an entry"),
            action_url=url_for("directory.index", stale=1) if more else url_for("directory.create"),
            order=30,
        )
    ]
