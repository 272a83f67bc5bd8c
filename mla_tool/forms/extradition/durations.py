"""Penalties and periods as people write them ("10 years", "life"), read as months."""

from __future__ import annotations

import re
from typing import Any

#: Penalties with no end, for the threshold: life imprisonment, the death penalty.
UNLIMITED = float("inf")
UNLIMITED_WORDS = re.compile(
    r"\blife\b|\bdeath\b|capital|perp[ée]tuit|perpetu|\bmort\b|muerte|مؤبد|الإعدام|إعدام|اعدام",
    re.IGNORECASE,
)
_UNITS: tuple[tuple[str, float], ...] = (
    (r"years?|yrs?|ans?|ann[ée]es?|a[ñn]os?|سنة|سنوات|سنين|عام|أعوام|اعوام", 12.0),
    (r"months?|mois|mes(?:es)?|شهر|أشهر|اشهر|شهور", 1.0),
    (r"weeks?|semaines?|semanas?|أسبوع|أسابيع", 12 / 52),
    (r"days?|jours?|d[íi]as?|يوم|يوما|أيام|ايام", 12 / 365),
)
_AMOUNT = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(" + "|".join(f"(?:{unit})" for unit, _f in _UNITS) + r")",
    re.IGNORECASE,
)
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def duration_months(text: Any) -> float | None:
    """Months in a penalty or period as people write it ("10 years", "2 ans 6 mois",
    "٥ سنوات", "life imprisonment" = unlimited); None when it cannot be read."""
    if not isinstance(text, str) or not text.strip():
        return None
    plain = text.translate(ARABIC_DIGITS)
    if UNLIMITED_WORDS.search(plain):
        return UNLIMITED
    total, found = 0.0, False
    for match in _AMOUNT.finditer(plain):
        amount = float(match.group(1).replace(",", "."))
        unit = match.group(2).lower()
        for pattern, factor in _UNITS:
            if re.fullmatch(pattern, unit, re.IGNORECASE):
                total += amount * factor
                found = True
                break
    return total if found else None


def show_months(months: float) -> str:
    """A threshold as a finding quotes it: "4 y", "6 m" or "∞"."""
    if months == UNLIMITED:
        return "∞"
    if months >= 12 and months % 12 == 0:
        return f"{int(months // 12)} y"
    return f"{round(months, 1):g} m"
