"""Data categories (subscriber, identification, traffic, content): their legal thresholds, what a
measure asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..fieldspec import DATA_CATEGORIES, N_

#: Measure type -> the data category it asks for at the least.
MEASURE_CATEGORY: dict[str, str] = {
    "preserve_data": "subscriber",
    "subscriber_information": "subscriber",
    "disclose_traffic_data": "traffic",
    "realtime_traffic_data": "traffic",
    "stored_content": "content",
    "interception": "content",
}


@dataclass(frozen=True)
class CategoryThreshold:
    """What the law asks before a category of data is given: each asks more than the one before.

    `requirement` is what the link to the facts must show (guidance: no length makes it so);
    `widest_days` the period beyond which a disclosure is warned as too wide (not preservation).
    """

    category: str
    level: int
    label: str
    requirement: str
    reference: str
    widest_days: int


CATEGORY_THRESHOLDS: dict[str, CategoryThreshold] = {
    item.category: item
    for item in (
        CategoryThreshold(
            "subscriber",
            1,
            N_("Subscriber information"),
            N_("that the data are relevant and needed for a specific investigation"),
            "Budapest Convention arts. 18(3), 31; Second Additional Protocol art. 8",
            366,
        ),
        CategoryThreshold(
            "identification",
            2,
            N_("Data requested only to identify the user"),
            N_(
                "that the data are needed to identify the user of a given identifier in a "
                "specific investigation"
            ),
            "Regulation (EU) 2023/1543 arts. 3(10), 5(3)",
            366,
        ),
        CategoryThreshold(
            "traffic",
            3,
            N_("Traffic data"),
            N_("a specific offence and how the communications relate to it"),
            "Budapest Convention arts. 1(d), 30, 33",
            92,
        ),
        CategoryThreshold(
            "content",
            4,
            N_("Content data"),
            N_("a serious offence, the facts linking this account to it and why less will not do"),
            "Budapest Convention arts. 31, 34",
            31,
        ),
    )
}
assert set(CATEGORY_THRESHOLDS) == set(DATA_CATEGORIES)
#: A declared category that already stands for the category a measure implies: traffic data
#: asked only to identify the user are the traffic data a disclosure asks for (art. 3(10)).
STANDS_FOR: dict[str, str] = {"identification": "traffic"}

#: What a state requires before it gives content data, as a requirement profile names it
#: (directory/profiles, field evidence_standard_content): the words a finding quotes.
EVIDENCE_STANDARDS: dict[str, str] = {
    "probable_cause": N_(
        "probable cause: specific facts showing that the content holds evidence of the offence"
    ),
    "reasonable_grounds": N_(
        "reasonable grounds to believe that the offence was committed and that evidence of it "
        "will be found in the data"
    ),
}

#: Category -> its label (documents list the categories a measure asks for).
CATEGORY_LABELS: dict[str, str] = {
    code: CATEGORY_THRESHOLDS[code].label for code in DATA_CATEGORIES
}


def details_of(item: dict[str, Any]) -> dict[str, Any]:
    """The details of a measure (identifiers, provider, categories, period), or {}."""
    details = item.get("details")
    return details if isinstance(details, dict) else {}


def identifiers_of(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The identifiers a measure names (IP address, e-mail, account...)."""
    value = details_of(item).get("identifiers")
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def categories_of(item: dict[str, Any]) -> list[str]:
    """The data categories a measure asks for: declared on it or its identifiers, or implied."""
    found = set(details_of(item).get("data_categories") or [])
    for identifier in identifiers_of(item):
        found.update(identifier.get("data_categories") or [])
    implied = MEASURE_CATEGORY.get(str(item.get("type")))
    levels = [CATEGORY_THRESHOLDS[c].level for c in found if c in CATEGORY_THRESHOLDS]
    levels += [CATEGORY_THRESHOLDS[STANDS_FOR[c]].level for c in found if c in STANDS_FOR]
    if implied and CATEGORY_THRESHOLDS[implied].level > max(levels, default=0):
        found.add(implied)  # the measure asks for more than the categories declared
    return [c for c in DATA_CATEGORIES if c in found]


def highest_category(item: dict[str, Any]) -> CategoryThreshold | None:
    """The threshold of the most protected category a measure asks for."""
    categories = categories_of(item)
    return CATEGORY_THRESHOLDS[categories[-1]] if categories else None


def date_range_of(item: dict[str, Any]) -> tuple[date | None, date | None]:
    """The period of the data sought (from, to); None where missing or not a date."""
    value = details_of(item).get("date_range")
    if not isinstance(value, dict):
        return None, None
    out: list[date | None] = []
    for key in ("from", "to"):
        try:
            out.append(date.fromisoformat(str(value.get(key))) if value.get(key) else None)
        except ValueError:
            out.append(None)
    return out[0], out[1]
