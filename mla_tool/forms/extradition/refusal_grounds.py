"""Grounds on which extradition may be refused, anticipated: a table of grounds, each with its
source, the prompt the wizard shows, the fields that answer it and the rule that warns while it
is unanswered; the wizard step that asks them (their shape: forms/refusal_answers.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ..fieldspec import N_, FieldSpec
from ..kinds import Step
from ..refusal_answers import IN_ABSENTIA_GROUNDS

MODEL = "UN Model Treaty on Extradition"
EAW = "Framework Decision 2002/584/JHA"
#: Where the answers are kept in the request document.
ANSWERS = "extradition.refusal_answers"


@dataclass(frozen=True)
class RefusalGround:
    """A ground of refusal: `answers` are the fields that answer it (the first is the one the
    refusal step asks), `rule` the rule that warns while it is unanswered."""

    code: str
    label: str
    prompt: str
    reference: str
    answers: tuple[str, ...]
    rule: str


REFUSAL_GROUNDS: tuple[RefusalGround, ...] = (
    RefusalGround(
        "ne_bis_in_idem",
        N_("Ne bis in idem, proceedings in the requested state"),
        N_(
            "Say whether, to your knowledge, the person was finally judged or is prosecuted in "
            "the requested state for the same acts, or whether it decided not to prosecute "
            "them (Model Treaty art. 3(d), 4(b)-(c))."
        ),
        f"{MODEL} art. 3(d), 4(b)-(c)",
        (f"{ANSWERS}.ne_bis_in_idem",),
        "refusal_ne_bis_in_idem_unanswered",
    ),
    RefusalGround(
        "limitation_amnesty",
        N_("Limitation or amnesty in the requested state"),
        N_(
            "Say that neither prosecution nor punishment is barred by lapse of time or by an "
            "amnesty, under the law of the requested state too (Model Treaty art. 3(e))."
        ),
        f"{MODEL} art. 3(e)",
        (f"{ANSWERS}.limitation_amnesty",),
        "refusal_limitation_amnesty_unanswered",
    ),
    RefusalGround(
        "humanitarian",
        N_("Humanitarian grounds"),
        N_(
            "Where the person is a minor or elderly, ill, or in other personal circumstances: "
            "how their health and circumstances will be cared for (Model Treaty art. 4(h))."
        ),
        f"{MODEL} art. 4(h)",
        (f"{ANSWERS}.humanitarian",),
        "refusal_humanitarian_unanswered",
    ),
    RefusalGround(
        "life_sentence_review",
        N_("Review of a life sentence"),
        N_(
            "Where a life sentence can be imposed: how and after how long it is reviewed, and "
            "how the person may be released (ECHR art. 3; Framework Decision 2002/584/JHA "
            "art. 5(2))."
        ),
        f"{EAW} art. 5(2); ECHR art. 3",
        (f"{ANSWERS}.life_sentence_review",),
        "refusal_life_sentence_review_unanswered",
    ),
    RefusalGround(
        "in_absentia",
        N_("Judgment in absentia"),
        N_(
            "Where the judgment was given in absentia: the facts of Framework Decision "
            "2002/584/JHA art. 4a(1) (summoned in person, defended by a mandated lawyer, did not "
            "ask for a retrial when served), or the guarantee of a retrial under Assurances."
        ),
        f"{EAW} art. 4a(1); {MODEL} art. 3(g)",
        (f"{ANSWERS}.in_absentia_ground", f"{ANSWERS}.in_absentia_facts", "assurances"),
        "retrial_assurance_missing",
    ),
    RefusalGround(
        "prima_facie",
        N_("Evidence of the offence (prima facie case)"),
        N_(
            "Where the requested state requires evidence of the offence (a prima facie case, "
            "probable cause): summarise the evidence and attach the statements that show it "
            "(UNTOC art. 16(8))."
        ),
        "UNTOC art. 16(8)",
        (f"{ANSWERS}.prima_facie",),
        "refusal_prima_facie_unanswered",
    ),
    RefusalGround(
        "political",
        N_("Political offence"),
        N_(
            "Where an offence could be seen as political: show that the prosecution is for an "
            "ordinary crime and not for the person's opinions (Model Treaty art. 3(a)-(b))."
        ),
        f"{MODEL} art. 3(a)-(b); UNTOC art. 16(14), 16(16)",
        (f"{ANSWERS}.political", "offences"),
        "political_offence",
    ),
    RefusalGround(
        "military",
        N_("Military offence"),
        N_(
            "Where an offence is military: show that it is also an offence under ordinary "
            "criminal law (Model Treaty art. 3(c))."
        ),
        f"{MODEL} art. 3(c)",
        (f"{ANSWERS}.military", "offences"),
        "military_offence",
    ),
    RefusalGround(
        "nationals",
        N_("Nationals of the requested state"),
        N_(
            "Where the person is a national of the requested state: under Assurances, whether "
            "you accept prosecution (UNTOC art. 16(10)) or enforcement of the sentence there "
            "(art. 16(12)) if it does not extradite them."
        ),
        "UNTOC art. 16(10), 16(11), 16(12)",
        ("assurances",),
        "national_of_requested_state",
    ),
)
GROUNDS_BY_CODE = {ground.code: ground for ground in REFUSAL_GROUNDS}

#: The facts that make a retrial guarantee unnecessary (a)-(c); (d) is the guarantee itself.
RETRIAL_NOT_NEEDED = frozenset({"summoned_in_person", "mandated_lawyer", "no_retrial_requested"})


def _answer_field(ground: RefusalGround) -> FieldSpec:
    return FieldSpec(ground.answers[0], ground.label, "textarea", hint=ground.prompt)


_IN_ABSENTIA = GROUNDS_BY_CODE["in_absentia"]
REFUSAL_FIELDS: tuple[FieldSpec, ...] = (
    *(_answer_field(g) for g in REFUSAL_GROUNDS if g.answers[0].endswith("." + g.code)),
    FieldSpec(
        f"{ANSWERS}.in_absentia_ground",
        _IN_ABSENTIA.label,
        "choice",
        choices=IN_ABSENTIA_GROUNDS,
        hint=_IN_ABSENTIA.prompt,
    ),
    FieldSpec(
        f"{ANSWERS}.in_absentia_facts",
        N_("Facts of the summons, the defence or the service (dates, manner, lawyer)"),
        "textarea",
    ),
)
REFUSAL_STEP = Step(
    "refusal_grounds",
    N_("Grounds for refusal"),
    fields=REFUSAL_FIELDS,
    help=N_(
        "Answer in advance the grounds on which the requested state may refuse: each field "
        "says what answers it and where the ground comes from. What you answer is printed in "
        "the request; what applies and is left unanswered is a warning, never an error. "
        "Nationals: under Assurances."
    ),
)
