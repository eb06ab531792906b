"""Health trend and "why it changed" (spec 04 §4) — pure.

Public: `compute_health_trend(current, previous, *, trigger=None, cfg) -> HealthTrend`. `previous` is
the newest health score of the same scope with a different snapshot hash (None on the first run);
`trigger` names what changed in between ("the 2026-11-30 Slack upload"). delta = H − H_prev: up at
≥ +3, down at ≤ −3, else flat; the same rule applies to each sub-score's value. The explanation names
the two sub-scores that moved most in points, each with the input whose lost points moved most.

`trigger_label(before, after, *, day)` names the trigger from what the two scores were computed on
(`TrendBasis`: per-source digests of the ingested data, the COO facts, the config, open alerts), so
the label is a function of the data, never of which job or request happened to start the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from chiefops.intel.health_models import (
    HealthConfig,
    HealthScore,
    HealthTrend,
    InputValue,
    SubScore,
    SubScoreDelta,
    SubScoreName,
)

Direction = Literal["up", "down", "flat"]
_MIN_POINTS_MOVE = 0.05
_ORDER = list(SubScoreName)


def compute_health_trend(
    current: HealthScore, previous: HealthScore | None, *, trigger: str | None = None, cfg: HealthConfig
) -> HealthTrend:
    """The trend of `current` against `previous`, with its explanation sentence."""
    if previous is None:
        return HealthTrend(
            previous=None,
            current=current.score,
            delta=None,
            direction="baseline",
            sub_scores=[],
            explanation=f"Health {current.score}: the first score, the baseline for later changes.",
        )
    before = {s.name: s for s in previous.sub_scores}
    deltas = [_sub_delta(s, before.get(s.name), cfg=cfg) for s in current.sub_scores]
    delta = current.score - previous.score
    return HealthTrend(
        previous=previous.score,
        current=current.score,
        delta=delta,
        direction=_direction(delta, cfg=cfg),
        sub_scores=deltas,
        explanation=_explain(previous.score, current.score, deltas, trigger=trigger),
        trigger=trigger,
    )


SOURCE_NAMES = (("slack", "Slack"), ("jira", "Jira"), ("drive", "Drive"))


@dataclass(frozen=True)
class TrendBasis:
    """What one health score was computed on: digests of each source's ingested data (slack, jira,
    drive), the COO facts that reach the scope (fact id → short text), the config hash and the
    number of open alerts."""

    sources: Mapping[str, str]
    facts: Mapping[str, str]
    config: str
    alerts: int


def trigger_label(before: TrendBasis | None, after: TrendBasis, *, day: date) -> str | None:
    """'the 2026-11-30 Jira upload and your correction (tech lead: Priya Sharma)'; None when nothing
    that feeds the score is known to have changed (or there is no earlier basis)."""
    if before is None:
        return None
    parts: list[str] = []
    changed = [name for key, name in SOURCE_NAMES if before.sources.get(key) != after.sources.get(key)]
    if changed:
        noun = "upload" if len(changed) == 1 else "uploads"
        parts.append(f"the {day.isoformat()} {_and(changed)} {noun}")
    added = [after.facts[f] for f in sorted(after.facts) if f not in before.facts]
    if len(added) == 1:
        parts.append(f"your correction ({added[0]})")
    elif added:
        parts.append(
            f"your {len(added)} corrections ({'; '.join(added[:2])}{'; …' if len(added) > 2 else ''})"
        )
    if any(f not in after.facts for f in before.facts):
        parts.append("a withdrawn correction")
    if before.config != after.config:
        parts.append("a settings change")
    if before.alerts != after.alerts:
        parts.append(f"open alerts going from {before.alerts} to {after.alerts}")
    return _and(parts) if parts else None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _direction(delta: float, *, cfg: HealthConfig) -> Direction:
    if delta >= cfg.trend_threshold:
        return "up"
    if delta <= -cfg.trend_threshold:
        return "down"
    return "flat"


def _sub_delta(current: SubScore, previous: SubScore | None, *, cfg: HealthConfig) -> SubScoreDelta:
    before_points = previous.points if previous is not None else 0.0
    before_value = previous.value if previous is not None else None
    direction: Direction = "flat"
    if current.value is not None and before_value is not None:
        direction = _direction(current.value - before_value, cfg=cfg)
    return SubScoreDelta(
        name=current.name,
        previous=before_value,
        current=current.value,
        delta_points=round(current.points - before_points, 4),
        direction=direction,
        moved_input=_moved_input(current, previous),
    )


def _moved_input(current: SubScore, previous: SubScore | None) -> str | None:
    """'unanswered blocker threads 0 → 2': the term whose lost points moved most (ties: key order)."""
    if previous is None or not previous.available:
        return "newly available" if current.available else None
    if not current.available:
        return "now unavailable"
    before = previous.lost_points_by_input
    keys = sorted(set(before) | set(current.lost_points_by_input))
    moves = sorted((-abs(current.lost_points_by_input.get(k, 0.0) - before.get(k, 0.0)), k) for k in keys)
    if not moves or moves[0][0] > -1e-9:
        return None
    key = moves[0][1]
    term = next((t for t in current.terms if t.key == key), None) or next(
        (t for t in previous.terms if t.key == key), None
    )
    if term is None:
        return None
    return f"{term.label} {_show(previous.inputs.get(term.shown))} → {_show(current.inputs.get(term.shown))}"


def _show(value: InputValue) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def _signed(points: float) -> str:
    return f"+{points:.1f}" if points >= 0 else f"−{abs(points):.1f}"


def _explain(before: int, after: int, deltas: list[SubScoreDelta], *, trigger: str | None) -> str:
    """'Health fell 8 (72 → 64): Communication −5.0 (unanswered blocker threads 0 → 2); …; after <trigger>.'"""
    delta = after - before
    if delta > 0:
        head = f"Health rose {delta} ({before} → {after})"
    elif delta < 0:
        head = f"Health fell {-delta} ({before} → {after})"
    else:
        head = f"Health unchanged at {after}"
    movers = sorted(
        (d for d in deltas if abs(d.delta_points) >= _MIN_POINTS_MOVE),
        key=lambda d: (-abs(d.delta_points), _ORDER.index(d.name)),
    )[:2]
    parts = [
        f"{d.name.label} {_signed(d.delta_points)}" + (f" ({d.moved_input})" if d.moved_input else "")
        for d in movers
    ]
    text = head + (": " + "; ".join(parts) if parts else "")
    return text + (f"; after {trigger}." if trigger else ".")
