"""Searching the audit log for the auditor: filters, newest first, one page at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import Select, func, or_, select

from ..extensions import db
from .models import AuditEntry


class AuditFilters(BaseModel):
    """What the auditor may filter on; every field optional, dates inclusive (UTC)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    action: str | None = Field(
        default=None, max_length=80, description="an action, or its prefix up to a dot: 'keys'"
    )
    actor: str | None = Field(default=None, max_length=320, description="the actor's e-mail")
    object_type: str | None = Field(default=None, max_length=60)
    object_id: str | None = Field(default=None, max_length=80)
    since: date | None = Field(default=None, description="first day, UTC")
    until: date | None = Field(default=None, description="last day, UTC")
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=50, ge=1, le=200)

    @model_validator(mode="after")
    def _range_in_order(self) -> AuditFilters:
        if self.since and self.until and self.since > self.until:
            # names both parameters, so the API's error says which ones (mla_tool.api.errors)
            raise PydanticCustomError(
                "date_range", "since must not be after until", {"fields": ["since", "until"]}
            )
        return self


@dataclass
class AuditPage:
    items: list[AuditEntry]
    page: int
    per_page: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(query: Select[Any], filters: AuditFilters) -> Select[Any]:
    if filters.action:
        prefix = _escape_like(filters.action.rstrip(".")) + ".%"
        query = query.where(
            or_(AuditEntry.action == filters.action, AuditEntry.action.like(prefix, escape="\\"))
        )
    if filters.actor:
        query = query.where(func.lower(AuditEntry.actor_email) == filters.actor.lower())
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.object_id:
        query = query.where(AuditEntry.object_id == filters.object_id)
    if filters.since:
        query = query.where(AuditEntry.at >= datetime.combine(filters.since, time.min))
    if filters.until:
        next_day = datetime.combine(filters.until + timedelta(days=1), time.min)
        query = query.where(AuditEntry.at < next_day)
    return query


def search_entries(filters: AuditFilters) -> AuditPage:
    total = db.session.execute(
        _filtered(select(func.count()).select_from(AuditEntry), filters)
    ).scalar_one()
    items = db.session.execute(
        _filtered(select(AuditEntry), filters)
        # newest first: the entries not chained yet (no seq, an instant after their commit) on top
        .order_by(AuditEntry.seq.desc().nulls_first(), AuditEntry.id.desc())
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
    ).scalars()
    return AuditPage(list(items), filters.page, filters.per_page, total)


def known_actions() -> list[str]:
    """Every action the log holds, for the filter's choices."""
    return list(
        db.session.execute(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
        .scalars()
        .all()
    )


def details_of(entry: AuditEntry) -> dict[str, Any]:
    """The entry's details as data (an entry whose text is not a JSON object shows it whole)."""
    try:
        value = json.loads(entry.details)
    except ValueError:
        return {"text": entry.details}
    return value if isinstance(value, dict) else {"value": value}
