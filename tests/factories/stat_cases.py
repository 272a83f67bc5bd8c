"""Cases with random statistics facts (dates, outcomes, owners), for the statistics tests."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from mla_tool.cases.models import Case


def random_day(rng: random.Random) -> date:
    return date(2024, 11, 1) + timedelta(days=rng.randint(0, 800))


def random_case(rng: random.Random, owners: list[str | None], early: float = 0.1) -> Case:
    created = datetime.combine(random_day(rng), datetime.min.time()) + timedelta(
        minutes=rng.randint(0, 1439)
    )
    started = random_day(rng) if rng.random() < 0.8 else None
    concluded = outcome = ground = None
    if started is not None and rng.random() < 0.6:
        # now and then dated before the start (a request sent on a date typed later)
        concluded = started + timedelta(
            days=rng.randint(-5, 300) if rng.random() < early else rng.randint(0, 300)
        )
        outcome = rng.choice(("executed", "executed", "refused", "withdrawn"))
        ground = (
            rng.choice(("dual_criminality", "limitation", None)) if outcome == "refused" else None
        )
    return Case(
        direction=rng.choice(("outgoing", "incoming")),
        kind=rng.choice(("mla", "extradition", "preservation")),
        counterpart_state=rng.choice(("DEU", "ESP", "USA", "BRA")),
        owner_country=rng.choice(owners),
        title="random",
        status=rng.choice(("draft", "received", "in_execution", "executed", "refused")),
        created_at=created,
        started_on=started,
        concluded_on=concluded,
        outcome=outcome,
        refusal_ground=ground,
        legal_basis=rng.choice(("UNTOC", "bilateral", None)),
    )
