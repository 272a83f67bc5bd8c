"""Test data builders and fixtures shared by several test modules (accessibility)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page: Any) -> list[str]:
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{item['id']}: {item['help']} — {item['nodes'][0]['target'][0]}"
        for item in result["violations"]
        if item["impact"] in {"serious", "critical"}
    ]
