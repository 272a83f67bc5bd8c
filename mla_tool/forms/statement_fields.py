"""Statements the official forms ask for: necessity and proportionality, and dual criminality.

The issuing authority states that the measures are necessary and proportionate and could have
been ordered under the same conditions in a similar domestic case (Directive 2014/41/EU art. 6,
Annex A); for coercive measures, where the requested state's requirement profile says it
requires dual criminality, how the conduct is an offence under its law (UNTOC art. 18(9)).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..directory.profiles.lookup import state_value
from .fieldspec import N_, FieldSpec, get_path

#: The profile's values of `dual_criminality_mla` that ask for the statement for coercive
#: measures (for all assistance, for coercive measures, for the measures it lists).
DUAL_CRIMINALITY_REQUIRED = frozenset({"yes", "coercive_only", "listed_measures"})

PROPORTIONALITY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "proportionality",
        N_("Necessity and proportionality of the measures"),
        "textarea",
        hint=N_(
            "Why the measures are necessary for the proceedings and proportionate, taking into "
            "account the rights of the person concerned."
        ),
    ),
    FieldSpec(
        "similar_domestic_case",
        N_("The measures could be ordered under the same conditions in a similar domestic case"),
        "bool",
    ),
)
DUAL_CRIMINALITY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "dual_criminality",
        N_("How the conduct is an offence in the requested state"),
        "textarea",
        hint=N_(
            "The requested state requires dual criminality for coercive measures: name the "
            "offence of its law that the conduct also constitutes."
        ),
    ),
)


def dual_criminality_required(document: dict[str, Any]) -> bool:
    """The requested state's profile records that it requires dual criminality for coercive
    assistance (for all or for listed measures); unknown is not a requirement."""
    found = state_value(get_path(document, "requested_state"), "dual_criminality_mla")
    return found is not None and found.value in DUAL_CRIMINALITY_REQUIRED


#: Fields the wizard asks only when the request calls for them (path -> test on the document).
ASKED_WHEN: dict[str, Callable[[dict[str, Any]], bool]] = {
    "dual_criminality": dual_criminality_required,
}


def asked_fields(fields: tuple[FieldSpec, ...], document: dict[str, Any]) -> tuple[FieldSpec, ...]:
    """A step's fields less those this request does not call for (ASKED_WHEN)."""
    return tuple(
        spec for spec in fields if spec.name not in ASKED_WHEN or ASKED_WHEN[spec.name](document)
    )
