"""When a ground of refusal applies and whether the request answers it; the rules that warn
while an applicable ground is unanswered (one per ground of the table that has no older rule)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from ..fieldspec import N_, is_filled
from ..rules import WARNING, Check, Miss, Rule, RuleContext
from ..rules.profile import profile_says
from .choices import FORMAL_ONLY
from .refusal_grounds import GROUNDS_BY_CODE, RETRIAL_NOT_NEEDED, RefusalGround

#: A penalty that may be for life ("life imprisonment", "réclusion à perpétuité", "المؤبد").
LIFE_WORDS = re.compile(r"\blife\b|perp[ée]tu|perpetu|lebenslang|مؤبد", re.IGNORECASE)
#: Ages at which humanitarian grounds are most often raised (a minor, an elderly person).
MINOR_UNDER, ELDERLY_FROM = 18, 70


def answered(ctx: RuleContext, code: str) -> bool:
    """The ground's own answer field is filled."""
    return is_filled(ctx.value(GROUNDS_BY_CODE[code].answers[0]))


def unanswered(code: str) -> Check:
    ground = GROUNDS_BY_CODE[code]

    def check(ctx: RuleContext) -> list[Miss]:
        return [] if answered(ctx, code) else [(ground.answers[0], {})]

    return check


def _age(birth: object, today: date) -> int | None:
    try:
        born = date.fromisoformat(str(birth))
    except ValueError:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def age_may_matter(ctx: RuleContext) -> bool:
    """A person sought is a minor or elderly."""
    ages = [_age(person.get("birth_date"), ctx.today) for person in ctx.items("persons")]
    return any(age is not None and (age < MINOR_UNDER or age >= ELDERLY_FROM) for age in ages)


def life_sentence_possible(ctx: RuleContext) -> bool:
    penalties = [str(offence.get("max_penalty") or "") for offence in ctx.items("offences")]
    sentence = str(ctx.value("judgment.sentence") or "")
    return any(LIFE_WORDS.search(text) for text in (*penalties, sentence))


def evidence_required(ctx: RuleContext) -> bool:
    """The requested state's profile records that it requires evidence of the offence."""
    return profile_says(ctx, "extradition_evidence_required", True)


def retrial_not_needed(ctx: RuleContext) -> bool:
    """A fact of EAW art. 4a(1)(a)-(c) is given with its particulars: no retrial to guarantee."""
    ground = ctx.value("extradition.refusal_answers.in_absentia_ground")
    facts = ctx.value("extradition.refusal_answers.in_absentia_facts")
    return ground in RETRIAL_NOT_NEEDED and is_filled(facts)


def _rule(
    ground: RefusalGround,
    message: str,
    applies: Callable[[RuleContext], bool] | None = None,
) -> Rule:
    return Rule(
        ground.rule,
        ground.answers[0],
        WARNING,
        unanswered(ground.code),
        message,
        ground.reference,
        kinds=FORMAL_ONLY,
        applies=applies,
    )


REFUSAL_RULES: tuple[Rule, ...] = (
    _rule(
        GROUNDS_BY_CODE["ne_bis_in_idem"],
        N_(
            "Anticipate ne bis in idem: say whether the person was judged, is prosecuted or "
            "was not prosecuted in the requested state for the same acts."
        ),
    ),
    _rule(
        GROUNDS_BY_CODE["limitation_amnesty"],
        N_(
            "Anticipate limitation and amnesty: say that prosecution and punishment are not "
            "barred under the law of the requested state either."
        ),
    ),
    _rule(
        GROUNDS_BY_CODE["humanitarian"],
        N_(
            "The person is a minor or elderly: say how their age, health and circumstances "
            "will be taken into account, as the requested state may refuse on humanitarian "
            "grounds."
        ),
        age_may_matter,
    ),
    _rule(
        GROUNDS_BY_CODE["life_sentence_review"],
        N_(
            "A life sentence can be imposed: say how and when it is reviewed and how the "
            "person may be released, or the requested state may refuse."
        ),
        life_sentence_possible,
    ),
    _rule(
        GROUNDS_BY_CODE["prima_facie"],
        N_(
            "The requested state requires evidence of the offence: summarise the evidence that "
            "shows a case against the person and attach the statements."
        ),
        evidence_required,
    ),
)
