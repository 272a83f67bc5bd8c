"""Every way of consenting to be bound that the participation data records (ratification,
approval, succession…) has a label the catalogue translates: the legal-basis finder showed
"(approval)" in English on an Arabic page."""

from __future__ import annotations

import csv
from pathlib import Path

from mla_tool.directory.legal_basis import CONSENT_TYPE_LABELS

DATA = Path(__file__).resolve().parents[1] / "mla_tool" / "directory" / "data"


def test_every_recorded_consent_type_has_a_label() -> None:
    recorded = set()
    for name in ("participation.csv", "participation_updates_2024.csv"):
        with (DATA / name).open(encoding="utf-8") as rows:
            recorded |= {row["consent_type"] for row in csv.DictReader(rows)}
    assert recorded - {""} <= set(CONSENT_TYPE_LABELS), recorded - set(CONSENT_TYPE_LABELS)
