"""Trend-shaped flow metrics (spec 04 §3): velocity trend, net flow and sprint carry-over.

Pure functions over already-resolved days; `flow.compute_flow` calls them. `ResolvedTask` is the slim
view they need: a resolution day, its basis and the task's story points.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from chiefops.intel.flow_models import (
    CarryOver,
    NetFlow,
    ResolvedBasis,
    SprintCarry,
    TrendDirection,
    VelocityTrend,
)

_BASIS_STRENGTH: dict[str, int] = {"history": 0, "resolved_date": 1, "approximate": 2}
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class ResolvedTask:
    """A done task's resolution day and where that day came from."""

    on: date
    basis: ResolvedBasis
    points: float


@dataclass(frozen=True)
class TrendRules:
    """Velocity thresholds (04 §3): falling below, rising above, flat under a low prior volume."""

    falling_below: float
    rising_above: float
    low_volume_prior: int


def weakest_basis(bases: Sequence[ResolvedBasis]) -> ResolvedBasis | None:
    """The least precise basis present (approximate > resolved_date > history); None when empty."""
    if not bases:
        return None
    return max(bases, key=lambda basis: _BASIS_STRENGTH[basis])


def days_before(today: date, day: date) -> int:
    """Whole UTC days from `day` to the as-of day (04 §0.2): 0 on the as-of day itself."""
    return (today - day).days


def in_window(today: date, day: date, *, start: int, length: int) -> bool:
    """True when `day` lies `start` … `start + length − 1` days before the as-of day."""
    return start <= days_before(today, day) < start + length


def compute_velocity(
    resolved: Sequence[ResolvedTask], *, today: date, window_days: int, use_points: bool, rules: TrendRules
) -> VelocityTrend:
    """r = resolved(last window) / resolved(prior window); the zero and low-volume rules come first."""
    last = [r for r in resolved if in_window(today, r.on, start=0, length=window_days)]
    prior = [r for r in resolved if in_window(today, r.on, start=window_days, length=window_days)]
    last_value = sum(r.points for r in last) if use_points else float(len(last))
    prior_value = sum(r.points for r in prior) if use_points else float(len(prior))
    ratio = last_value / prior_value if prior_value else None
    direction, reason = _direction(ratio, last_value, prior_value, prior_tasks=len(prior), rules=rules)
    return VelocityTrend(
        direction=direction,
        r=round(ratio, 4) if ratio is not None else None,
        reason=reason,
        unit="points" if use_points else "tasks",
        last_28d=round(last_value, 4),
        prior_28d=round(prior_value, 4),
        last_tasks=len(last),
        prior_tasks=len(prior),
        basis=weakest_basis([r.basis for r in (*last, *prior)]),
    )


def _direction(
    ratio: float | None, last: float, prior: float, *, prior_tasks: int, rules: TrendRules
) -> tuple[TrendDirection, str | None]:
    if prior == 0 and last > 0:
        return "rising", "no prior completions"
    if prior == 0:
        return "flat", "no completions"
    if prior_tasks < rules.low_volume_prior:
        return "flat", "low volume"
    assert ratio is not None  # prior > 0 here
    if ratio < rules.falling_below:
        return "falling", None
    if ratio > rules.rising_above:
        return "rising", None
    return "flat", None


def compute_net_flow(
    created: Sequence[date], resolved: Sequence[ResolvedTask], *, today: date, window_days: int
) -> NetFlow:
    """Created minus resolved in the last window (days 0 … window − 1 before as-of)."""
    created_count = sum(1 for day in created if in_window(today, day, start=0, length=window_days))
    recent = [r for r in resolved if in_window(today, r.on, start=0, length=window_days)]
    return NetFlow(
        created_28d=created_count,
        resolved_28d=len(recent),
        net_flow_28d=created_count - len(recent),
        basis=weakest_basis([r.basis for r in recent]),
    )


@functools.lru_cache(maxsize=4096)
def natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key reading digit runs as numbers: "Sprint 2" < "Sprint 10"."""
    parts = _DIGITS.split(name.casefold())
    return tuple((1, int(part), "") if part.isdigit() else (0, 0, part) for part in parts if part)


def _sprint_order(name: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
    return natural_key(name), name


def compute_carry_over(sprint_lists: Sequence[Sequence[str]]) -> CarryOver:
    """Per-sprint carry-over rate from each task's sprint list; unavailable without repeated sprints.

    A task of sprint S is carried when it also sits in a sprint after S (natural name order).
    """
    distinct = [sorted(set(names), key=_sprint_order) for names in sprint_lists if names]
    carried_tasks = sum(1 for names in distinct if len(names) >= 2)
    if carried_tasks == 0:
        return CarryOver(available=False, tasks_carried=0, sprints=[], note="needs repeated Sprint values")
    totals: dict[str, list[int]] = {}
    for names in distinct:
        for index, name in enumerate(names):
            counts = totals.setdefault(name, [0, 0])
            counts[0] += 1
            counts[1] += 1 if index < len(names) - 1 else 0
    ordered = sorted(totals, key=_sprint_order)
    return CarryOver(
        available=True,
        tasks_carried=carried_tasks,
        sprints=[
            SprintCarry(
                sprint=s, tasks=totals[s][0], carried=totals[s][1], rate=round(totals[s][1] / totals[s][0], 4)
            )
            for s in ordered
        ],
    )
