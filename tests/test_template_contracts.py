"""Templates rely on what the view and the wiring give them: no guard asks whether it exists."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
GUARD = re.compile(r"\bis\s+defined\b|\bignore\s+missing\b")


def test_no_template_asks_whether_a_value_or_a_partial_exists() -> None:
    guarded = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if GUARD.search(line)
    ]
    assert guarded == []
