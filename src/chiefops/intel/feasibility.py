"""Deadline feasibility by capacity and by forecast (spec 04 §3) — pure.

Public (intel-core wires these):
- `compute_feasibility(flow, *, forecast, active_people, deadline, external_lead_days=None, cfg)
  -> Feasibility` — `flow` gives remaining (open tasks), resolved_28d and whether any completion is
  known; `forecast` is the project's Monte Carlo result (None or insufficient → capacity only);
  `active_people` = members not quiet, inactive or departed with a task event in the last 28 days;
  `external_lead_days` = the longest outstanding external lead time from gaps (§5), which moves the
  internal finish date to deadline − lead.

Formulas: weeks_left = (finish_by − as_of)/7; rate = resolved_28d / max(1, active) / 4 per person-week
(2.5 with no completion history); needed_weeks = remaining/(active·rate);
people_needed = ceil(remaining/(rate·0.8·weeks_left)). The verdict is the worse of capacity and
forecast, and `sentence` shows the arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import Field

from chiefops.intel.flow_models import FlowMetrics, FlowModel
from chiefops.intel.forecast import Forecast
from chiefops.models import as_date

Verdict = Literal["feasible", "tight", "infeasible"]
_SEVERITY: dict[Verdict, int] = {"feasible": 0, "tight": 1, "infeasible": 2}


@dataclass(frozen=True)
class FeasibilityConfig:
    """Thresholds of 04 §3 (named defaults)."""

    default_rate: float = 2.5
    capacity_factor: float = 0.8
    rate_window_weeks: int = 4
    on_time_feasible: float = 0.85
    on_time_tight: float = 0.50


class Feasibility(FlowModel):
    """The verdict, each side's verdict, the arithmetic and its sentence."""

    verdict: Verdict | None = Field(description="the worse of the two; None without a deadline")
    by_capacity: Verdict | None
    by_forecast: Verdict | None
    remaining: int
    active_people: int
    rate: float = Field(description="tasks per person-week")
    rate_basis: Literal["last_28_days", "default"]
    deadline_on: date | None
    finish_by: date | None = Field(description="deadline − the longest outstanding external lead time")
    external_lead_days: int | None
    weeks_left: float | None
    needed_weeks: float | None = Field(description="None when nobody is active or the rate is 0")
    people_needed: int | None = Field(description="None when no time is left or the rate is 0")
    p_on_time: float | None = Field(description="forecast share of trials finishing by finish_by")
    sentence: str
    reason: str = Field(
        default="", description="the part of `sentence` that decided the verdict (capacity or forecast)"
    )


def compute_feasibility(
    flow: FlowMetrics,
    *,
    forecast: Forecast | None,
    active_people: int,
    deadline: datetime | None,
    external_lead_days: int | None = None,
    cfg: FeasibilityConfig,
) -> Feasibility:
    """Can the open work be done by the deadline (or the earlier internal finish date)?"""
    remaining = flow.open_tasks
    has_history = flow.throughput.total > 0
    window = cfg.rate_window_weeks
    rate = flow.net_flow.resolved_28d / max(1, active_people) / window if has_history else cfg.default_rate
    deadline_on = as_date(deadline) if deadline is not None else None
    finish_by = _finish_by(deadline_on, external_lead_days)
    weeks_left = (finish_by - flow.as_of).days / 7 if finish_by is not None else None
    needed = remaining / (active_people * rate) if active_people > 0 and rate > 0 else None
    people = _people_needed(remaining, rate=rate, weeks_left=weeks_left, cfg=cfg)
    capacity = _by_capacity(remaining, needed_weeks=needed, weeks_left=weeks_left, cfg=cfg)
    p_on_time = _p_on_time(forecast, finish_by)
    by_forecast = _by_forecast(p_on_time, cfg) if finish_by is not None else None
    verdicts: list[Verdict] = [v for v in (capacity, by_forecast) if v is not None]
    verdict = _worst(verdicts)
    arithmetic = _sentence(
        remaining, rate=rate, active=active_people, weeks_left=weeks_left, people=people, needed=needed
    )
    forecast_part = _forecast_sentence(p_on_time, finish_by, trials=forecast.n_trials if forecast else 0)
    decided_by_forecast = verdict is not None and capacity != verdict and forecast_part
    return Feasibility(
        verdict=verdict,
        by_capacity=capacity,
        by_forecast=by_forecast,
        remaining=remaining,
        active_people=active_people,
        rate=round(rate, 4),
        rate_basis="last_28_days" if has_history else "default",
        deadline_on=deadline_on,
        finish_by=finish_by,
        external_lead_days=external_lead_days,
        weeks_left=round(weeks_left, 4) if weeks_left is not None else None,
        needed_weeks=round(needed, 4) if needed is not None else None,
        people_needed=people,
        p_on_time=p_on_time,
        sentence=arithmetic + _lead_sentence(deadline_on, finish_by, external_lead_days) + forecast_part,
        reason=forecast_part.strip() if decided_by_forecast else arithmetic,
    )


def _worst(verdicts: list[Verdict]) -> Verdict | None:
    if not verdicts:
        return None
    worst: Verdict = max(verdicts, key=_SEVERITY.__getitem__)
    return worst


def _finish_by(deadline_on: date | None, external_lead_days: int | None) -> date | None:
    if deadline_on is None:
        return None
    return deadline_on - timedelta(days=external_lead_days or 0)


def _people_needed(
    remaining: int, *, rate: float, weeks_left: float | None, cfg: FeasibilityConfig
) -> int | None:
    if remaining == 0:
        return 0
    if weeks_left is None or weeks_left <= 0 or rate <= 0:
        return None
    # Rounded before ceil so float noise (3.0000000001) does not add a person.
    return math.ceil(round(remaining / (rate * cfg.capacity_factor * weeks_left), 9))


def _by_capacity(
    remaining: int, *, needed_weeks: float | None, weeks_left: float | None, cfg: FeasibilityConfig
) -> Verdict | None:
    if weeks_left is None:
        return None
    if remaining == 0:
        return "feasible"
    if needed_weeks is None or weeks_left <= 0 or needed_weeks > weeks_left:
        return "infeasible"
    return "feasible" if needed_weeks <= cfg.capacity_factor * weeks_left else "tight"


def _p_on_time(forecast: Forecast | None, finish_by: date | None) -> float | None:
    if forecast is None or finish_by is None:
        return None
    return forecast.p_on_time_by(finish_by)


def _by_forecast(p_on_time: float | None, cfg: FeasibilityConfig) -> Verdict | None:
    if p_on_time is None:
        return None
    if p_on_time >= cfg.on_time_feasible:
        return "feasible"
    return "tight" if p_on_time >= cfg.on_time_tight else "infeasible"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _sentence(
    remaining: int,
    *,
    rate: float,
    active: int,
    weeks_left: float | None,
    people: int | None,
    needed: float | None,
) -> str:
    """The arithmetic: '14 tasks left at 2.0 per person-week with 3 active people and 2.6 weeks left: 4 people needed.'"""
    head = f"{_count(remaining, 'task', 'tasks')} left at {rate:.1f} per person-week with {_count(active, 'active person', 'active people')}"
    if remaining == 0:
        return "No open tasks left."
    if rate <= 0:
        return f"{_count(remaining, 'task', 'tasks')} left and none resolved in the last 28 days: not feasible at the current pace."
    if weeks_left is None:
        needs = f"{needed:.1f} weeks of work" if needed is not None else "no active people to do it"
        return f"{head} and no deadline: {needs}."
    if weeks_left <= 0:
        return f"{head} and no time left before the finish date."
    return f"{head} and {weeks_left:.1f} weeks left: {_count(people or 0, 'person', 'people')} needed."


def _lead_sentence(deadline_on: date | None, finish_by: date | None, lead_days: int | None) -> str:
    if not lead_days or deadline_on is None or finish_by is None:
        return ""
    return f" Internal finish date {finish_by.isoformat()}: the deadline {deadline_on.isoformat()} minus a {lead_days}-day external lead time."


def _forecast_sentence(p_on_time: float | None, finish_by: date | None, *, trials: int) -> str:
    if p_on_time is None or finish_by is None or trials == 0:
        return ""
    return f" Forecast: {round(100 * p_on_time)}% of {trials:,} simulated runs finish by {finish_by.isoformat()}."
