"""The time limit for compliance and the issuing and validating authority: codes and fields.

A time limit on every request, not only urgent ones (EIO Annex A section B; bilateral treaties
ask for "any time limit within which compliance is desired"), and who issued the request and,
where the issuer is not a judicial authority, who validated it (EIO sections K-L; Regulation
(EU) 2023/1543 art. 4).
"""

from __future__ import annotations

from .fieldspec import N_, FieldSpec

#: Why compliance is wanted by a date (the `time_limit.reason` codes).
TIME_LIMIT_REASONS: tuple[tuple[str, str], ...] = (
    ("custody", N_("A person is in custody")),
    ("trial", N_("Trial date")),
    ("evidence_at_risk", N_("Evidence at risk of loss")),
    ("limitation", N_("Limitation period")),
    ("other", N_("Other reason")),
)
#: Who issued the request (the `issuing_authority.type` codes).
ISSUER_TYPES: tuple[tuple[str, str], ...] = (
    ("judge", N_("Judge or court")),
    ("investigating_judge", N_("Investigating judge")),
    ("prosecutor", N_("Prosecutor")),
    ("police", N_("Police")),
    ("other", N_("Other competent authority")),
)
#: Issuers that need no validation: judicial authorities and prosecutors.
JUDICIAL_ISSUERS = frozenset({"judge", "investigating_judge", "prosecutor"})
#: Who may validate a request issued by another authority (`validating_authority.type`).
VALIDATOR_TYPES: tuple[tuple[str, str], ...] = (
    ("judge", N_("Judge or court")),
    ("investigating_judge", N_("Investigating judge")),
    ("prosecutor", N_("Prosecutor")),
)

TIME_LIMIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "time_limit.date",
        N_("Compliance requested by"),
        "date",
        hint=N_("Optional, on any request: the date by which the measures should be carried out."),
    ),
    FieldSpec(
        "time_limit.reason", N_("Reason for the time limit"), "choice", choices=TIME_LIMIT_REASONS
    ),
    FieldSpec("time_limit.details", N_("Details of the time limit"), "textarea"),
)
ISSUER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "issuing_authority.type", N_("Type of issuing authority"), "choice", choices=ISSUER_TYPES
    ),
    FieldSpec(
        "validating_authority.name",
        N_("Validating authority"),
        hint=N_(
            "Where the issuer is not a judge, investigating judge or prosecutor: the judicial "
            "authority that validated the request."
        ),
    ),
    FieldSpec(
        "validating_authority.type",
        N_("Type of validating authority"),
        "choice",
        choices=VALIDATOR_TYPES,
    ),
    FieldSpec("validating_authority.validated_on", N_("Date of validation"), "date"),
)
