"""Output shapes of the flow metrics (spec 04 §3): what `flow.compute_flow` returns and intel stores.

Every history-dependent metric carries a `basis` label saying where its dates came from:
`history` (state_transitions), `resolved_date` (the export's Resolved column), `approximate`
(updated_date of a done task), `status_category_changed`, `created`, or `lead_time` when a cycle
time falls back to lead time. Day counts are whole UTC calendar days (04 §0.2); floats have 4 dp.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from chiefops.models import Model, StatusCategory, TaskSummary

ResolvedBasis = Literal["history", "resolved_date", "approximate"]
AgeBasis = Literal["history", "status_category_changed", "created"]
TrendDirection = Literal["falling", "flat", "rising"]
NEEDS_HISTORY = "needs a Jira export with history"
INSUFFICIENT_DATA = "insufficient data"


class FlowModel(Model):
    """Frozen base of every flow output value."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)


class TaskRef(FlowModel):
    """A task named in a metric: its id and, for Jira tasks, its key (the evidence label)."""

    task_id: str
    jira_key: str | None = None


class FlowWarning(FlowModel):
    """Bad input met while computing (counted, never raised): e.g. resolved before created."""

    code: str
    count: int = Field(ge=1)
    message: str


class Throughput(FlowModel):
    """Resolved tasks per rolling 7-day bucket; `weekly[k]` is bucket k = (as_of − 7(k+1), as_of − 7k],
    so `weekly[0]` is the week ending on the as-of day."""

    weekly: list[int]
    total: int
    basis: ResolvedBasis | None = Field(description="weakest basis among the counted tasks; None if none")
    basis_counts: dict[str, int]


class LeadTime(FlowModel):
    """Percentiles (linear interpolation) of resolved − created in days, over tasks resolved in a window."""

    window: str = Field(description="e.g. 'last 90 days', 'days 28–117 before as-of'")
    n: int
    p50: float | None
    p85: float | None
    p95: float | None
    basis: ResolvedBasis | None
    note: str | None = Field(default=None, description=f"'{INSUFFICIENT_DATA}' when n is below the minimum")


class CycleTime(FlowModel):
    """First entry to in_progress → resolved; without history this is the lead time, labelled so."""

    measure: Literal["cycle_time", "lead_time"]
    n: int
    p50: float | None
    p85: float | None
    basis: Literal["history", "lead_time"]
    note: str | None = None


class WipItem(FlowModel):
    """One in-progress or blocked task and its age."""

    task: TaskRef
    age_days: int
    age_basis: AgeBasis
    is_ageing: bool


class AgeingWip(FlowModel):
    """Work in progress and the share older than the ageing threshold (p85 lead time, or the default)."""

    wip: int
    ageing: int
    ageing_share: float
    threshold_days: float
    threshold_basis: Literal["lead_time_p85", "default"]
    basis: AgeBasis | None = Field(description="weakest age basis among the items; None without WIP")
    items: list[WipItem] = Field(description="oldest first, then task_id")


class Overdue(FlowModel):
    """Open tasks whose due date is before the as-of day."""

    count: int
    tasks: list[TaskRef]


class Blocked(FlowModel):
    """Open blocked tasks under the one blocker definition, and the oldest one's age."""

    count: int
    tasks: list[TaskRef]
    max_age_days: int | None
    max_age_basis: Literal["history", "created"] | None = Field(
        description="history: since the last entry into blocked; created: an upper bound"
    )


class Unassigned(FlowModel):
    """Open tasks with no assignee: formal (Jira) and effective (after informal assignments)."""

    formal: int
    effective: int
    formal_high: int
    effective_high: int
    effective_high_tasks: list[TaskRef]


class SprintCarry(FlowModel):
    """Tasks of one sprint and how many reappear in a later sprint."""

    sprint: str
    tasks: int
    carried: int
    rate: float


class CarryOver(FlowModel):
    """Carry-over from the repeated Sprint values; unavailable when no task sits in two sprints."""

    available: bool
    tasks_carried: int
    sprints: list[SprintCarry] = Field(description="natural name order")
    note: str | None = None


class VelocityTrend(FlowModel):
    """r = resolved(last 28 d) / resolved(prior 28 d), in points when enough tasks are pointed.

    `reason` names the rule that decided the direction when it is not the ratio: `no completions`,
    `no prior completions` (prior 0, last > 0 → rising) or `low volume` (prior < 8 tasks → flat).
    """

    direction: TrendDirection
    r: float | None = Field(description="None when the prior window is 0")
    reason: str | None
    unit: Literal["tasks", "points"]
    last_28d: float
    prior_28d: float
    last_tasks: int
    prior_tasks: int
    basis: ResolvedBasis | None


class NetFlow(FlowModel):
    """Created minus resolved in the last 28 days (scope growth beside the forecast)."""

    created_28d: int
    resolved_28d: int
    net_flow_28d: int
    basis: ResolvedBasis | None


class StatusTime(FlowModel):
    """Days spent in one category by the tasks that entered it (history only)."""

    category: StatusCategory
    tasks: int
    mean_days: float
    p50_days: float


class CfdPoint(FlowModel):
    """Tasks per category at the end of one day (history only)."""

    on: date
    to_do: int
    in_progress: int
    blocked: int
    done: int
    wip: int


class HistoryMetrics(FlowModel):
    """Metrics that exist only with state_transitions (≥ 2 entries on a task); never estimated."""

    available: bool
    basis: Literal["history"] | None
    note: str | None = Field(description=f"'{NEEDS_HISTORY}' when unavailable")
    tasks_with_history: int
    time_in_status: list[StatusTime]
    cfd: list[CfdPoint] = Field(
        description="one point per week end, oldest first; wip = in_progress + blocked"
    )
    blocked_days: int | None
    flow_efficiency: float | None
    reopen_rate: float | None
    mid_sprint_scope_change: str = Field(description="always a note: exports carry no sprint start dates")


class FlowMetrics(FlowModel):
    """Every §3 flow metric of one project (or the org pool), as of one day."""

    as_of: date
    completion_pct: float | None = Field(description="done / non-cancelled · 100, 1 dp; None without tasks")
    completion_points_pct: float | None = Field(description="points variant when ≥ 80% of tasks are pointed")
    pointed_share: float
    task_summary: TaskSummary
    open_tasks: int
    open_high_priority: list[TaskRef]
    first_created_on: date | None = Field(description="earliest created day of a non-cancelled task")
    throughput: Throughput
    lead_time: LeadTime
    lead_time_last_28d: LeadTime
    lead_time_prior_90d: LeadTime
    cycle_time: CycleTime
    ageing_wip: AgeingWip
    overdue: Overdue
    blocked: Blocked
    unassigned: Unassigned
    carry_over: CarryOver
    velocity: VelocityTrend
    net_flow: NetFlow
    history: HistoryMetrics
    warnings: list[FlowWarning]
