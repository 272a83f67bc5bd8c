"""What a deadline reminder or a request event's email says, in its recipient's language.

The notification services decide who is told and when; this module only words the message,
under the recipient's locale, since no request (and no reader's language) is at hand.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import mailer
from ..auth.models import User
from ..i18n import due_phrase, said_text
from .dates import today
from .models import Case, Deadline
from .notify_events import EVENT_LABELS


def _case_path(case_id: int) -> str:
    # Outside a request there is no URL adapter: bind the app's URL map to build the path.
    return current_app.url_map.bind("localhost").build("cases.show", {"case_id": case_id})


def compose(user: User, case: Case, deadline: Deadline, on: date | None = None) -> EmailMessage:
    """The reminder email, in the recipient's language; it names the case by its reference only
    (never its title) and counts the days left from `on`, the day it is sent."""
    config = current_app.config
    days_left = (deadline.due_on - (on or today())).days
    reference = case.reference or f"#{case.id}"
    link = config.get("MLA_BASE_URL", "") + _case_path(case.id)
    with force_locale(user.locale or config.get("BABEL_DEFAULT_LOCALE", "en")):
        phrase = due_phrase(days_left)
        label = (
            said_text(deadline.label, deadline.label_message, deadline.label_params)
            or deadline.kind
        )
        label = " ".join(label.split())  # one line: it goes into the subject header
        subject = _(
            "Case %(reference)s: %(label)s, %(phrase)s",
            reference=reference,
            label=label,
            phrase=phrase,
        )
        body = "\n".join(
            [
                _("A deadline of case %(reference)s needs your attention.", reference=reference),
                "",
                _("Deadline: %(label)s", label=label),
                _("Due on: %(due)s (%(phrase)s)", due=deadline.due_on.isoformat(), phrase=phrase),
                "",
                _("Open the case: %(link)s", link=link),
                "",
            ]
        )
    return mailer.message(user.email, subject, body)


def compose_event(user: User, case: Case, event: str) -> EmailMessage:
    """The email telling of a request's event (submitted, returned, ...), in the recipient's
    language; it names the case by its reference only (never its title)."""
    config = current_app.config
    reference = case.reference or f"#{case.id}"
    link = config.get("MLA_BASE_URL", "") + _case_path(case.id)
    with force_locale(user.locale or config.get("BABEL_DEFAULT_LOCALE", "en")):
        label = str(EVENT_LABELS.get(event, event))
        subject = _("Case %(reference)s: %(event)s", reference=reference, event=label)
        body = "\n".join(
            [
                _("Case %(reference)s: %(event)s", reference=reference, event=label),
                "",
                _("Open the case: %(link)s", link=link),
                "",
            ]
        )
    return mailer.message(user.email, subject, body)
