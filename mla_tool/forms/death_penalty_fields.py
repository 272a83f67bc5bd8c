"""The assurance on the use of evidence where the offence is punishable by death (MLA)."""

from __future__ import annotations

from .fieldspec import N_, FieldSpec

#: Where the requested state requires it (its profile's `death_penalty_assurance_required`) and
#: an offence is punishable by death in the requesting state: the evidence will not be used to
#: seek, impose or carry out the death penalty.
DEATH_PENALTY_ASSURANCE_FIELD = FieldSpec(
    "death_penalty_assurance",
    N_("Assurance on the use of the evidence (death penalty)"),
    "textarea",
    hint=N_(
        "Where an offence is punishable by death: that the evidence will not be used to seek, "
        "impose or carry out the death penalty, and who gives this assurance."
    ),
)
