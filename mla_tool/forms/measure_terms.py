"""The terms the official forms ask for with some measures, as fields of their sub-forms.

A detained person is transferred to testify only with their free and informed consent, and the
receiving state keeps them in custody and returns them (UNTOC art. 18(10)-(12)); a hearing by
videoconference says who conducts it and whether the person consents (art. 18(18)); an
interception says how its product is delivered (Directive 2014/41/EU art. 30(6)).
"""

from __future__ import annotations

from .fieldspec import N_, FieldSpec

#: Who conducts a hearing by videoconference (`details.conducted_by`).
VIDEOCONFERENCE_CONDUCT: tuple[tuple[str, str], ...] = (
    (
        "requesting_state",
        N_("A judicial authority of the requesting State, attended by one of the requested State"),
    ),
    ("requested_state", N_("A judicial authority of the requested State")),
)
#: How the product of an interception reaches the requesting state (`details.delivery`).
INTERCEPTION_DELIVERY: tuple[tuple[str, str], ...] = (
    ("immediate", N_("Transmitted immediately to the requesting State")),
    ("recorded", N_("Recorded and transmitted afterwards")),
)

TRANSFER_TERMS: tuple[FieldSpec, ...] = (
    FieldSpec("consent", N_("The person consents to the transfer"), "bool"),
    FieldSpec(
        "custody_and_return",
        N_("The requesting State will keep the person in custody and return them"),
        "bool",
    ),
)
VIDEOCONFERENCE_TERMS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "conducted_by", N_("Hearing conducted by"), "choice", choices=VIDEOCONFERENCE_CONDUCT
    ),
    FieldSpec("person_consents", N_("The person consents to be heard by videoconference"), "bool"),
    FieldSpec(
        "safe_conduct",
        N_("Safe conduct if the person appears in person instead (art. 18(27))"),
        "bool",
    ),
)
INTERCEPTION_TERMS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "delivery",
        N_("Delivery of the intercepted communications"),
        "choice",
        choices=INTERCEPTION_DELIVERY,
    ),
)
