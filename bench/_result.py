"""One machine-readable line per measured goal, which bench/run collects into its table."""

from __future__ import annotations


def result(name: str, value: float, goal: str, unit: str = "x") -> None:
    """Print `RESULT<TAB>name<TAB>value<TAB>goal<TAB>unit`; goal is like '<=2' or '>=0.7'."""
    print(f"RESULT\t{name}\t{value:.3f}\t{goal}\t{unit}", flush=True)
