"""Two `mla-tool serve` processes over one database sweep reminders under one lease: every due
reminder is recorded and emailed exactly once (the lease row of cases/sweep.py, migration 0014,
works the same on PostgreSQL and on a shared SQLite file)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from mla_tool.extensions import db
from tests.factories.notifications import MailSink
from tests.factories.served_processes import served_processes
from tests.factories.vault_installations import installations  # noqa: F401  (fixture)
from tests.factories.vault_serving import free_port

pytestmark = pytest.mark.slow  # starts real server processes: left out of scripts/test --fast

CASES = 4


def _seed_overdue_cases(site) -> None:  # type: ignore[no-untyped-def]
    from mla_tool.auth.service import create_user
    from mla_tool.cases import deadlines, opening
    from mla_tool.cases.dates import today

    with site.app():
        for n in range(CASES):
            actor = create_user(f"cw{n}@example.org", "a long enough password", "caseworker", "FRA")
            db.session.commit()
            case = opening.open_case(
                direction="outgoing",
                kind="mla",
                counterpart_state="DEU",
                title="Late",
                reference=f"LATE-{n}",
                actor=actor,
            )
            deadlines.add_deadline(case, kind="respond_by", due_on=today() - timedelta(days=2))
            db.session.commit()


def _counts(site) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from mla_tool.cases.models import CaseEvent, DeadlineReminder, Notification, SweepLease

    with site.app():
        lease = db.session.get(SweepLease, "reminders")
        return {
            "events": db.session.scalar(
                select(func.count()).select_from(CaseEvent).where(CaseEvent.type == "reminder")
            ),
            "reminded": db.session.execute(
                select(DeadlineReminder.deadline_id, DeadlineReminder.threshold)
            ).all(),
            "notified": db.session.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.deadline_id.is_not(None))
            ),
            "holder": lease.last_holder if lease else None,
        }


def test_two_processes_send_each_reminder_once(installations) -> None:  # noqa: F811
    site = installations("site")
    _seed_overdue_cases(site)
    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    mail = {
        "MLA_SMTP_HOST": "127.0.0.1",
        "MLA_SMTP_PORT": str(port),
        "MLA_SMTP_FROM": "reminders@mla.example.org",
        "MLA_BASE_URL": "https://mla.example.org",
        # the shortest interval: each process sweeps as it starts, then every minute
        "MLA_REMINDER_INTERVAL_MINUTES": "1",
    }
    try:
        with served_processes(site, 2, mail) as processes:
            deadline = time.monotonic() + 60
            while len(sink.messages) < CASES and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(5)  # the other process's first sweep has run too by now
            counts = _counts(site)
            pids = {process.process.pid for process in processes}
    finally:
        controller.stop()
    recipients = sorted(to for tos, _message in sink.messages for to in tos)
    assert recipients == [f"cw{n}@example.org" for n in range(CASES)]
    assert counts["events"] == CASES and counts["notified"] == CASES
    reminded = counts["reminded"]
    assert len(reminded) == len(set(reminded))  # type: ignore[arg-type]  # each threshold once
    assert len({deadline_id for deadline_id, _threshold in reminded}) == CASES  # type: ignore[union-attr]
    holder = str(counts["holder"])
    assert int(holder.split(":")[1]) in pids  # a served process swept, not a test's app
