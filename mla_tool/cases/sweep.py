"""The reminder sweep on a schedule: a lease row so one runner of many hosts sweeps at a time."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import date, datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from ..auth.models import utcnow
from ..extensions import db
from .models import SweepLease
from .reminders import Reminder, run_reminders

log = logging.getLogger(__name__)

SWEEP = "reminders"
#: How long a lease holds when its runner dies mid-sweep (a live runner releases it at once).
LEASE_TTL = timedelta(minutes=10)
DEFAULT_INTERVAL_MINUTES = 15
#: Where `start_scheduler` notes that this process sweeps by itself.
APP_KEY = "mla_sweep_scheduler"


def interval_minutes() -> int:
    """MLA_REMINDER_INTERVAL_MINUTES from the settings or the environment; 0 turns it off."""
    value = current_app.config.get("MLA_REMINDER_INTERVAL_MINUTES")
    if value is None:
        value = os.environ.get("MLA_REMINDER_INTERVAL_MINUTES", DEFAULT_INTERVAL_MINUTES)
    return max(0, int(value))


def this_runner() -> str:
    """Who holds a lease: host, process and thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:120]


def _ensure_row(name: str) -> None:
    if db.session.get(SweepLease, name) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(SweepLease(name=name, holder=None, expires_at=datetime(2000, 1, 1)))
    except IntegrityError:
        pass  # another runner added it meanwhile
    db.session.commit()


def take_lease(holder: str, name: str = SWEEP, ttl: timedelta = LEASE_TTL) -> bool:
    """Take the lease when it is free, expired or already ours (one atomic UPDATE); commits."""
    _ensure_row(name)
    now = utcnow()
    result = db.session.execute(
        update(SweepLease)
        .where(
            SweepLease.name == name,
            or_(SweepLease.expires_at < now, SweepLease.holder == holder),
        )
        .values(holder=holder, expires_at=now + ttl)
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_lease(holder: str, name: str = SWEEP, *, ran: bool = True) -> None:
    """Give the lease back, noting the run when there was one."""
    now = utcnow()
    values: dict[str, object] = {"holder": None, "expires_at": now}
    if ran:
        values.update(last_run_at=now, last_holder=holder)
    db.session.execute(
        update(SweepLease)
        .where(SweepLease.name == name, SweepLease.holder == holder)
        .values(**values)
    )
    db.session.commit()


def last_run(name: str = SWEEP) -> datetime | None:
    return db.session.execute(
        select(SweepLease.last_run_at).where(SweepLease.name == name)
    ).scalar_one_or_none()


def sweep(on: date | None = None, holder: str | None = None) -> list[Reminder] | None:
    """Run the reminders under the lease; None when another runner holds it."""
    holder = holder or this_runner()
    if not take_lease(holder):
        return None
    try:
        reminders = run_reminders(on)
    except Exception:
        db.session.rollback()
        release_lease(holder, ran=False)
        raise
    release_lease(holder)
    return reminders


def _loop(app: Flask, minutes: int, stop: threading.Event) -> None:
    while not stop.is_set():
        with app.app_context():
            try:
                reminders = sweep()
                if reminders:
                    log.info("reminder sweep: %d reminder(s)", len(reminders))
            except Exception:  # the next run tries again; the server keeps serving
                log.exception("reminder sweep failed")
            finally:
                db.session.remove()
        stop.wait(minutes * 60)


def start_scheduler(app: Flask) -> threading.Event | None:
    """Sweep now and every interval in a daemon thread; returns its stop event (None when off)."""
    with app.app_context():
        minutes = interval_minutes()
    if minutes <= 0:
        return None
    stop = threading.Event()
    app.extensions[APP_KEY] = minutes
    thread = threading.Thread(
        target=_loop, args=(app, minutes, stop), name="reminder-sweep", daemon=True
    )
    thread.start()
    return stop


def scheduled_minutes() -> int | None:
    """The interval this process sweeps at by itself, None when it does not."""
    return current_app.extensions.get(APP_KEY)
