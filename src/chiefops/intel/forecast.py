"""Monte Carlo completion forecast (spec 04 §3) — pure; the only randomness is seeded (§7).

Public (intel-core wires these):
- `compute_forecast(flow, *, project_id, snapshot_hash, deadline, cfg) -> Forecast` — remaining = the
  flow's open tasks, sample = its `throughput.weekly` (zero weeks included), dates from `flow.as_of`;
  `deadline` is the project's deadline (or None).
- `forecast_seed(snapshot_hash, project_id) -> int` — int(sha256(snapshot_hash + project_id)[:16], 16).
- `simulate_finish_days(sample, remaining, *, seed, cfg) -> ndarray` — days to finish per trial
  (`cfg.capped_days` for a trial that hits the 104-week cap).
- `Forecast.p_on_time_by(day)` — share of trials finishing by any day (feasibility's internal date).

Each trial draws weeks with replacement until the completions reach `remaining`; the last week is
prorated, `days = 7·(weeks − 1) + ceil(7·need/draw)`. Percentile days are read from the trials'
empirical distribution (the smallest day by which q % of trials finished).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field

from chiefops.intel.flow_models import FlowMetrics, FlowModel
from chiefops.models import as_date

BEYOND_CAP = "not at the current pace"
ForecastStatus = Literal["ok", "insufficient_history", "no_remaining_work"]


@dataclass(frozen=True)
class ForecastConfig:
    """Monte Carlo settings of 04 §3 (named defaults)."""

    trials: int = 10_000
    max_weeks: int = 104
    min_weeks_with_completions: int = 4
    min_completions: int = 3

    @property
    def capped_days(self) -> int:
        """Days recorded for a trial that did not finish within `max_weeks` (beyond any real finish)."""
        return 7 * self.max_weeks + 1


class ForecastDate(FlowModel):
    """One percentile of the finish distribution; `on` is None when it lies beyond the cap."""

    days: int | None
    on: date | None
    note: str | None = Field(default=None, description=f"'{BEYOND_CAP}' when past the week cap")


class FinishBucket(FlowModel):
    """How many trials finished exactly `days` after the as-of day."""

    days: int
    trials: int


class Forecast(FlowModel):
    """The stored forecast: percentile dates, on-time probability, the sample and N (assumes no new scope)."""

    status: ForecastStatus
    note: str | None
    as_of: date
    remaining: int
    sample: list[int] = Field(description="throughput_weekly, bucket k at index k (k = 0 ends on as-of)")
    n_trials: int
    p50: ForecastDate | None
    p85: ForecastDate | None
    p95: ForecastDate | None
    deadline_on: date | None
    p_on_time: float | None = Field(description="share of trials finishing by the deadline")
    beyond_cap_share: float | None
    net_flow_28d: int = Field(
        description="created − resolved in 28 days, shown beside (no new scope assumed)"
    )
    distribution: list[FinishBucket] = Field(
        description="finished trials by day, ascending; capped ones omitted"
    )

    def p_on_time_by(self, day: date) -> float | None:
        """Share of trials finishing on or before `day`; None without a simulation."""
        if self.status == "no_remaining_work":
            return 1.0
        if self.status != "ok" or self.n_trials == 0:
            return None
        limit = (day - self.as_of).days
        finished = sum(bucket.trials for bucket in self.distribution if bucket.days <= limit)
        return round(finished / self.n_trials, 4)


def forecast_seed(snapshot_hash: str, project_id: str) -> int:
    """The RNG seed of 04 §3: int(sha256(snapshot_hash + project_id)[:16], 16)."""
    return int(hashlib.sha256((snapshot_hash + project_id).encode()).hexdigest()[:16], 16)


def compute_forecast(
    flow: FlowMetrics, *, project_id: str, snapshot_hash: str, deadline: datetime | None, cfg: ForecastConfig
) -> Forecast:
    """Forecast when the flow's open tasks are done, from its 12-week throughput sample."""
    deadline_on = as_date(deadline) if deadline is not None else None
    if flow.open_tasks == 0:
        done = ForecastDate(days=0, on=flow.as_of)
        on_time = 1.0 if deadline_on is not None else None
        return _result(
            flow, deadline_on, status="no_remaining_work", note="no open tasks", points=(done, done, done),
            p_on_time=on_time,
        )  # fmt: skip
    shortfall = _insufficient_history(flow.throughput.weekly, cfg)
    if shortfall is not None:
        return _result(flow, deadline_on, status="insufficient_history", note=shortfall)
    seed = forecast_seed(snapshot_hash, project_id)
    days = simulate_finish_days(flow.throughput.weekly, flow.open_tasks, seed=seed, cfg=cfg)
    return _summarise(days, flow=flow, deadline_on=deadline_on, cfg=cfg)


def _result(
    flow: FlowMetrics,
    deadline_on: date | None,
    *,
    status: ForecastStatus,
    note: str | None,
    n_trials: int = 0,
    points: tuple[ForecastDate | None, ForecastDate | None, ForecastDate | None] = (None, None, None),
    p_on_time: float | None = None,
    beyond_cap_share: float | None = None,
    distribution: Sequence[FinishBucket] = (),
) -> Forecast:
    return Forecast(
        status=status,
        note=note,
        as_of=flow.as_of,
        remaining=flow.open_tasks,
        sample=list(flow.throughput.weekly),
        n_trials=n_trials,
        p50=points[0],
        p85=points[1],
        p95=points[2],
        deadline_on=deadline_on,
        p_on_time=p_on_time,
        beyond_cap_share=beyond_cap_share,
        net_flow_28d=flow.net_flow.net_flow_28d,
        distribution=list(distribution),
    )


def _insufficient_history(sample: Sequence[int], cfg: ForecastConfig) -> str | None:
    weeks_with = sum(1 for count in sample if count > 0)
    total = sum(sample)
    if weeks_with >= cfg.min_weeks_with_completions and total >= cfg.min_completions:
        return None
    return (
        f"insufficient history: {weeks_with} of {len(sample)} weeks had completions ({total} tasks); "
        f"needs {cfg.min_weeks_with_completions} weeks and {cfg.min_completions} completions"
    )


def simulate_finish_days(
    sample: Sequence[int], remaining: int, *, seed: int, cfg: ForecastConfig
) -> npt.NDArray[np.int64]:
    """Days to finish `remaining` tasks in each of `cfg.trials` trials (vectorised over trials).

    Weeks are drawn with replacement from `sample`, a block of weeks at a time for the trials still
    running, up to `cfg.max_weeks`; a trial that never reaches `remaining` records `cfg.capped_days`.
    """
    rng = np.random.default_rng(seed)
    values = np.asarray(sample, dtype=np.int64)
    days = np.full(cfg.trials, cfg.capped_days, dtype=np.int64)
    totals = np.zeros(cfg.trials, dtype=np.int64)
    running = np.arange(cfg.trials)
    block = _block_weeks(values, remaining, cfg)
    weeks_done = 0
    while running.size and weeks_done < cfg.max_weeks:
        width = min(block, cfg.max_weeks - weeks_done)
        draws = values[rng.integers(0, len(values), size=(running.size, width))]
        cumulative = totals[running, None] + np.cumsum(draws, axis=1)
        reached = cumulative >= remaining
        hit = np.nonzero(reached.any(axis=1))[0]
        week = reached[hit].argmax(axis=1)
        before = np.where(week > 0, cumulative[hit, np.maximum(week - 1, 0)], totals[running[hit]])
        last_draw = draws[hit, week]  # > 0: the first week whose total crosses `remaining`
        need = remaining - before
        days[running[hit]] = 7 * (weeks_done + week) + (7 * need + last_draw - 1) // last_draw
        totals[running] = cumulative[:, -1]
        running = np.delete(running, hit)
        weeks_done += width
    return days


def _block_weeks(values: npt.NDArray[np.int64], remaining: int, cfg: ForecastConfig) -> int:
    """Weeks drawn per block: about twice the mean-pace estimate, so most trials end in the first."""
    mean = float(values.mean()) if values.size else 0.0
    if mean <= 0:
        return cfg.max_weeks
    return max(1, min(cfg.max_weeks, 2 * int(remaining / mean) + 4))


def _summarise(
    days: npt.NDArray[np.int64], *, flow: FlowMetrics, deadline_on: date | None, cfg: ForecastConfig
) -> Forecast:
    ordered = np.sort(days)
    finished = ordered[ordered < cfg.capped_days]
    values, counts = np.unique(finished, return_counts=True)
    on_time = None
    if deadline_on is not None:
        limit = (deadline_on - flow.as_of).days
        on_time = round(int(np.searchsorted(ordered, limit, side="right")) / len(ordered), 4)
    return _result(
        flow,
        deadline_on,
        status="ok",
        note=None,
        n_trials=len(ordered),
        points=(
            _percentile_date(ordered, 50, as_of=flow.as_of, cfg=cfg),
            _percentile_date(ordered, 85, as_of=flow.as_of, cfg=cfg),
            _percentile_date(ordered, 95, as_of=flow.as_of, cfg=cfg),
        ),
        p_on_time=on_time,
        beyond_cap_share=round(1 - len(finished) / len(ordered), 4),
        distribution=[FinishBucket(days=int(v), trials=int(c)) for v, c in zip(values, counts, strict=True)],
    )


def _percentile_date(
    ordered: npt.NDArray[np.int64], q: int, *, as_of: date, cfg: ForecastConfig
) -> ForecastDate:
    """The smallest day by which q % of the (sorted) trials finished — an actual trial value."""
    rank = (q * len(ordered) + 99) // 100  # ceil(q% of n) in integers
    value = int(ordered[max(0, rank - 1)])
    if value >= cfg.capped_days:
        return ForecastDate(days=None, on=None, note=BEYOND_CAP)
    return ForecastDate(days=value, on=as_of + timedelta(days=value))
