"""The answers to the grounds of refusal of an extradition request, as the document stores them
(`extradition.refusal_answers`); the grounds themselves: forms/extradition/refusal_grounds.py."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .fieldspec import N_
from .limits import MAX_TEXT

#: The facts of EAW art. 4a(1)(a)-(d) that answer a judgment in absentia.
IN_ABSENTIA_GROUNDS = (
    (
        "summoned_in_person",
        N_("Summoned in person, or informed officially of the trial (4a(1)(a))"),
    ),
    ("mandated_lawyer", N_("Defended at the trial by a lawyer the person mandated (4a(1)(b))")),
    ("no_retrial_requested", N_("Served with the judgment, did not ask for a retrial (4a(1)(c))")),
    ("retrial_guaranteed", N_("Will be served and may ask for a retrial (4a(1)(d))")),
)

Text = Annotated[str, Field(max_length=MAX_TEXT)]


class RefusalAnswers(BaseModel):
    """`extradition.refusal_answers`: the facts and assurances that answer the grounds."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when first used

    ne_bis_in_idem: Text | None = None
    limitation_amnesty: Text | None = None
    humanitarian: Text | None = None
    life_sentence_review: Text | None = None
    prima_facie: Text | None = None
    political: Text | None = None
    military: Text | None = None
    in_absentia_ground: Literal[tuple(code for code, _l in IN_ABSENTIA_GROUNDS)] | None = None  # type: ignore[valid-type]
    in_absentia_facts: Text | None = None
