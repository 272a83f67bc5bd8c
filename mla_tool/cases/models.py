"""Tables of the case tracker: cases, their members, events (the timeline) and deadlines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db
from ..request_kinds import KIND_CODES

DIRECTIONS: tuple[str, ...] = ("outgoing", "incoming")
CASE_KINDS: tuple[str, ...] = KIND_CODES
MEMBER_ROLES: tuple[str, ...] = ("creator", "assignee", "supervisor", "member")
EVENT_TYPES: tuple[str, ...] = (
    "created",
    "transition",
    "note",
    "correspondence",
    "consultation",
    "info_request",
    "deadline",
    "reminder",
    "assignment",
    "membership",
    "attachment",
)
DEADLINE_KINDS: tuple[str, ...] = (
    "due",
    "respond_by",
    "preservation_expiry",
    "provisional_arrest_limit",
    "acknowledgement",
    "other",
)


class Case(db.Model):
    """One matter in one direction; `owner_country` is the central authority holding it."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_owner_updated", "owner_country", "updated_at"),
        Index("ix_cases_status_updated", "status", "updated_at"),
        Index("ix_cases_assigned_status", "assigned_to", "status"),
        Index("ix_cases_creator_status", "created_by", "status"),
        Index("ix_cases_creator_updated", "created_by", "updated_at"),  # the drafts panel
        Index("ix_cases_due_status", "due_date", "status"),
        Index("ix_cases_updated", "updated_at"),
        Index("ix_cases_owner_created", "owner_country", "created_at"),
        # the statistics: an authority's cases of one direction, by their real dates
        Index("ix_cases_owner_direction_started", "owner_country", "direction", "started_on"),
        Index("ix_cases_owner_direction_concluded", "owner_country", "direction", "concluded_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(10), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    counterpart_state: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    owner_country: Mapped[str | None] = mapped_column(String(3), nullable=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    reference: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    confidential: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, nullable=False, default=utcnow, onupdate=utcnow
    )
    is_sample: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The case's real dates, kept by `milestones` for the statistics (SQL aggregates on indexes):
    # `started_on` the day an outgoing request was transmitted or an incoming one received;
    # `concluded_on` the day it was executed, refused or withdrawn (`outcome`), with the
    # refusal ground (stats.REFUSAL_GROUNDS); `legal_basis` the basis cited first.
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    concluded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    refusal_ground: Mapped[str | None] = mapped_column(String(40), nullable=True)
    legal_basis: Mapped[str | None] = mapped_column(String(40), nullable=True)

    def __repr__(self) -> str:
        return f"<Case {self.id} {self.direction} {self.status}>"


class CaseMember(db.Model):
    """Need to know: who is on a case, and as what (a user may hold several roles)."""

    __tablename__ = "case_members"
    __table_args__ = (
        UniqueConstraint("case_id", "user_id", "role_in_case", name="uq_case_members_role"),
        Index("ix_case_members_user_case", "user_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    role_in_case: Mapped[str] = mapped_column(String(20), nullable=False)
    added_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class CaseEvent(db.Model):
    """One entry of a case's timeline: a status change, note, letter, consultation, reminder…"""

    __tablename__ = "case_events"
    __table_args__ = (
        Index("ix_case_events_case_at", "case_id", "at"),
        Index("ix_case_events_type_to", "type", "to_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    type: Mapped[str] = mapped_column(String(30), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


class Deadline(db.Model):
    """A date a case must meet; `remind_days` lists how many days before to remind."""

    __tablename__ = "case_deadlines"
    # (done, due_on, id): the dashboard's deadlines panel reads the open ones in this order
    __table_args__ = (Index("ix_case_deadlines_open_due", "done", "due_on", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    label: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # a label the system wrote: its message id and parameters, translated where shown
    label_message: Mapped[str | None] = mapped_column(String(200), nullable=True)
    label_params: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    remind_days: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=list)
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class DeadlineReminder(db.Model):
    """A reminder already given for one deadline and threshold: keeps `cases remind` idempotent."""

    __tablename__ = "case_deadline_reminders"
    __table_args__ = (
        UniqueConstraint("deadline_id", "threshold", name="uq_case_deadline_reminders_threshold"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deadline_id: Mapped[int] = mapped_column(
        ForeignKey("case_deadlines.id", ondelete="CASCADE"), nullable=False
    )
    threshold: Mapped[int] = mapped_column(Integer, nullable=False)
    reminded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


#: Where a notification's email stands; `None` when no email was asked for (SMTP not configured).
EMAIL_STATUSES: tuple[str, ...] = ("pending", "sending", "sent", "failed")


class Notification(db.Model):
    """A deadline reminder for one person who must act on it: read or not, emailed or not."""

    __tablename__ = "case_notifications"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "deadline_id", "threshold", name="uq_case_notifications_user_threshold"
        ),
        Index("ix_case_notifications_user_read", "user_id", "read_at"),
        Index("ix_case_notifications_email_status", "email_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_deadlines.id", ondelete="CASCADE"), nullable=True, index=True
    )
    threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    days_left: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # a request's event (submitted, returned, ...) instead of a deadline; its request if any
    event: Mapped[str | None] = mapped_column(String(20), nullable=True)
    request_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    email_status: Mapped[str | None] = mapped_column(String(10), nullable=True)
    email_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    email_error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    email_claimed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SweepLease(db.Model):
    """Who runs a scheduled job (the reminder sweep) until when, and when it last ran."""

    __tablename__ = "sweep_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(120), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_holder: Mapped[str | None] = mapped_column(String(120), nullable=True)
