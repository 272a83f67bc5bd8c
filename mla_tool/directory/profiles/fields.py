"""The fields of a requirement profile: their codes, labels, the values they take, their unit.

A profile records, per state (or per instrument), one value per field with its source and the
date a maintainer verified it against that source. A field that is absent is unknown: rules
that read it say so instead of assuming a value.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import N_


@dataclass(frozen=True)
class ProfileField:
    """One field of a profile: `kind` is "months", "days", "bool" or "choice" (`choices`)."""

    code: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()


PROFILE_FIELDS: dict[str, ProfileField] = {
    field.code: field
    for field in (
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
            ("yes", "no", "with_conditions"),
        ),
        ProfileField(
            "death_penalty_assurance",
            N_("Requires an assurance that the death penalty will not be imposed or carried out"),
            "bool",
        ),
        ProfileField(
            "dual_criminality_coercive_mla",
            N_("Requires dual criminality for coercive mutual legal assistance"),
            "choice",
            ("yes", "no", "listed_measures"),
        ),
        ProfileField(
            "budapest_29_4_reservation",
            N_(
                "Reserved the right to require dual criminality for preservation "
                "(Budapest art. 29(4))"
            ),
            "bool",
        ),
        ProfileField("preservation_days", N_("Preservation period (days)"), "days"),
        ProfileField("preservation_renewal_days", N_("Preservation renewal (days)"), "days"),
        ProfileField(
            "content_evidence_standard",
            N_("What must be shown to obtain content data"),
            "choice",
            ("probable_cause", "reasonable_grounds"),
        ),
    )
}
