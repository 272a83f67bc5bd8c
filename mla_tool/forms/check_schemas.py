"""The API's answer of a completeness check: findings, with the profile values they rest on."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..schema_types import IsoDate


class ProfileBasisOut(BaseModel):
    """A value of the requested state's requirement profile a finding rests on."""

    field: str
    value: Any = Field(description="null: the profile does not record it")
    source: str | None = None
    verified_on: IsoDate | None = Field(default=None, description="null: never verified")


class Finding(BaseModel):
    field: str
    severity: Literal["error", "warning"]
    code: str
    message: str
    reference: str
    profile: list[ProfileBasisOut] | None = Field(
        default=None, description="the requested state's profile values the rule read"
    )


class CheckOut(BaseModel):
    complete: bool
    findings: list[Finding]
    score: int = Field(description="quality score, 0-100: weighted share of rules met")
    next_fixes: list[Finding] = Field(description="the three most useful fixes")


__all__ = ["CheckOut", "Finding", "ProfileBasisOut"]
