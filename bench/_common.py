"""Shared output of the benchmarks (spec 09): one line per figure.

    name value unit (target X) ratio

`ratio` is measured ÷ target for "at least" targets and target ÷ measured for "at most" targets, so
1.00 or more always means the target is met. Figures without a target print only `name value unit`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def fmt(value: float) -> str:
    """Plain digits: whole numbers from 100 up, two decimals from 1, three significant below."""
    if value >= 100:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def report(
    name: str, value: float, unit: str, *, at_least: float | None = None, at_most: float | None = None
) -> str:
    """Print (and return) one figure; give `at_least` or `at_most` when the figure has a target."""
    if at_least is not None:
        line = f"{name} {fmt(value)} {unit} (target ≥ {fmt(at_least)}) {value / at_least:.2f}"
    elif at_most is not None:
        line = f"{name} {fmt(value)} {unit} (target ≤ {fmt(at_most)}) {at_most / value if value else math.inf:.2f}"
    else:
        line = f"{name} {fmt(value)} {unit}"
    print(line, flush=True)
    return line


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (`pct` in 0–100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]
