"""The death penalty: the words of a penalty that is death, and the assurance on the use of
evidence an MLA request gives where the offence is punishable by death."""

from __future__ import annotations

import re

from .fieldspec import N_, FieldSpec

#: A penalty that is death, as people write it ("Death penalty", "peine de mort", "الإعدام").
DEATH_WORDS = re.compile(r"\bdeath\b|capital|\bmort\b|muerte|الإعدام|إعدام|اعدام", re.IGNORECASE)

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
