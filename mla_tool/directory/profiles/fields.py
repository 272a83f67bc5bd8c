"""The fields of a requirement profile: their codes, labels, the values they take, their unit.

A profile records, per state (or per instrument), one value per field with its source and the
date a maintainer verified it against that source. A field that is absent is unknown: rules
that read it say so instead of assuming a value. The codes are the public names of the API
(`GET /api/v1/states/{iso3}/profile`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...i18n import N_
from ...request_kinds import KIND_CODES
from ...schema_types import language_codes

#: Channels a state accepts (the directory's channel codes).
CHANNEL_CODES = ("central_authority", "diplomatic", "interpol", "direct")
#: What a state requires to be shown before it gives content data or searches.
EVIDENCE_STANDARD_CODES = ("probable_cause", "reasonable_grounds")


@dataclass(frozen=True)
class SourcedValue:
    """A profile's value of one field, where it comes from and when it was verified (if ever)."""

    field: str
    value: Any
    source: str
    verified_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class ProfileField:
    """One field of a profile. `kind`: "months", "days", "bool", "choice" (one of `choices`),
    "codes" (a list of `choices`) or "languages" ({request kind: [ISO 639-1 codes]})."""

    code: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()
    #: Only instruments (legal bases) record it, never a state.
    instrument_only: bool = False
    #: The least value the law allows (months or days), and the provision that says so.
    minimum: int = 1
    minimum_source: str = ""

    def accepts(self, value: Any) -> bool:
        """Whether `value` is a value of this field (as stored: JSON types)."""
        if self.kind in ("months", "days"):
            return (
                isinstance(value, int)
                and not isinstance(value, bool)
                and self.minimum <= value <= 9999
            )
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "choice":
            return value in self.choices
        if self.kind == "codes":
            return isinstance(value, list) and all(item in self.choices for item in value)
        if self.kind == "languages":
            return isinstance(value, dict) and all(
                kind in KIND_CODES
                and isinstance(codes, list)
                and all(code in language_codes() for code in codes)
                for kind, codes in value.items()
            )
        return False


PROFILE_FIELDS: dict[str, ProfileField] = {
    field.code: field
    for field in (
        ProfileField(
            "languages",
            N_("Languages accepted, per kind of request"),
            "languages",
        ),
        ProfileField("channels", N_("Channels accepted"), "codes", CHANNEL_CODES),
        ProfileField(
            "extradition_min_penalty_months",
            N_("Minimum maximum penalty for extradition (prosecution)"),
            "months",
        ),
        ProfileField(
            "enforcement_min_remaining_months",
            N_("Minimum time left to serve for extradition (enforcement)"),
            "months",
        ),
        ProfileField(
            "covered_min_penalty_months",
            N_("Offences an instrument covers: minimum maximum penalty"),
            "months",
            instrument_only=True,
        ),
        ProfileField(
            "accessory_extradition",
            N_("Extradites for accessory offences below the threshold"),
            "bool",
        ),
        ProfileField("extradition_requires_treaty", N_("Extradites only under a treaty"), "bool"),
        ProfileField(
            "extradites_nationals",
            N_("Extradites its nationals"),
            "choice",
            ("yes", "no", "conditional"),
        ),
        ProfileField(
            "extradition_evidence_required",
            N_("Requires evidence of the offence for extradition (prima facie case)"),
            "bool",
        ),
        ProfileField(
            "provisional_arrest_days",
            N_("Time limit for the formal request after a provisional arrest (days)"),
            "days",
        ),
        ProfileField(
            "death_penalty_assurance_required",
            N_("Requires an assurance that the death penalty will not be imposed or carried out"),
            "bool",
        ),
        ProfileField(
            "dual_criminality_mla",
            N_("Requires dual criminality for mutual legal assistance"),
            "choice",
            ("yes", "no", "coercive_only", "listed_measures"),
        ),
        ProfileField(
            "budapest_29_4_reservation",
            N_(
                "Reserved the right to require dual criminality for preservation "
                "(Budapest art. 29(4))"
            ),
            "bool",
        ),
        # Budapest art. 29(7): preservation "shall be for a period not less than sixty days"
        ProfileField(
            "preservation_days",
            N_("Preservation period (days)"),
            "days",
            minimum=60,
            minimum_source="Budapest Convention art. 29(7)",
        ),
        ProfileField("preservation_renewal_days", N_("Preservation renewal (days)"), "days"),
        ProfileField(
            "evidence_standard_content",
            N_("What must be shown to obtain content data"),
            "choice",
            EVIDENCE_STANDARD_CODES,
        ),
        ProfileField(
            "evidence_standard_search",
            N_("What must be shown for a search"),
            "choice",
            EVIDENCE_STANDARD_CODES,
        ),
    )
}

#: The fields a state's profile may hold (what the profile page edits).
STATE_FIELDS: tuple[str, ...] = tuple(
    code for code, field in PROFILE_FIELDS.items() if not field.instrument_only
)
