"""Flow metrics of a project's tasks (spec 04 §3) — pure, no store, no clock.

Public (intel-core wires these):
- `compute_flow(tasks, *, as_of, cfg, context=None) -> FlowMetrics` — one project's tasks, any order,
  cancelled ones included or not (they are skipped here).
- `compute_org_flow(tasks_by_project, *, as_of, cfg, context) -> FlowMetrics` — the org pool: counts
  summed, samples (throughput, lead times) pooled.
- `FlowConfig` (thresholds, spec defaults) and `FlowContext` (effective assignees, every task's
  category for blocker links, learned status map, parsed "Status Category Changed" times) — both in
  `flow_view`, re-exported here with `is_high_priority(task, *, cfg)` and `resolved_at(task, *, category_of)`.
- `status_reader(status_map)` gives the `category_of` function `resolved_at` needs.

Rules: cancelled tasks are excluded everywhere; `slack_identified` tasks count toward total, open and
completion but not throughput, lead time or any other timing metric; `dates_inferred` tasks are skipped
by every timing metric. Resolved time = last transition into done, else `resolved_date`, else
`updated_date` (basis `approximate`). Days are whole UTC calendar days; floats are rounded to 4 dp.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TypedDict

from chiefops.intel.flow_history import (
    CategoryOf,
    compute_history,
    entry_dates,
    linear_percentile,
    status_reader,
)
from chiefops.intel.flow_models import (
    INSUFFICIENT_DATA,
    AgeingWip,
    CycleTime,
    FlowMetrics,
    FlowWarning,
    HistoryMetrics,
    LeadTime,
    NetFlow,
    ResolvedBasis,
    Throughput,
    VelocityTrend,
)
from chiefops.intel.flow_open import compute_ageing, compute_blocked, compute_overdue, compute_unassigned
from chiefops.intel.flow_trend import (
    ResolvedTask,
    TrendRules,
    compute_carry_over,
    compute_net_flow,
    compute_velocity,
    days_before,
    in_window,
    weakest_basis,
)
from chiefops.intel.flow_view import (
    FlowConfig,
    FlowContext,
    TaskView,
    build_views,
    is_high_priority,
    resolved_at,
)
from chiefops.models import StatusCategory, Task, TaskSummary, as_date

__all__ = [
    "FlowConfig",
    "FlowContext",
    "compute_flow",
    "compute_org_flow",
    "is_high_priority",
    "resolved_at",
    "status_reader",
]


def compute_org_flow(
    tasks_by_project: Mapping[str, Sequence[Task]], *, as_of: datetime, cfg: FlowConfig, context: FlowContext
) -> FlowMetrics:
    """Org flow: the projects' tasks pooled (counts summed, samples pooled), projects in id order."""
    pooled = [task for project_id in sorted(tasks_by_project) for task in tasks_by_project[project_id]]
    return compute_flow(pooled, as_of=as_of, cfg=cfg, context=context)


def compute_flow(
    tasks: Sequence[Task], *, as_of: datetime, cfg: FlowConfig, context: FlowContext | None = None
) -> FlowMetrics:
    """Every §3 flow metric of one set of tasks as of `as_of` (see the module docstring for the rules)."""
    ctx = context or FlowContext()
    today = as_date(as_of)
    category_of = status_reader(ctx.status_map)
    views = build_views(tasks, ctx=ctx, cfg=cfg, category_of=category_of)
    timed = [v for v in views if v.is_timed]
    pointed = sum(1 for v in views if v.task.story_points is not None) / len(views) if views else 0.0
    use_points = bool(views) and pointed >= cfg.points_share
    return FlowMetrics(
        as_of=today,
        completion_pct=_completion(views),
        completion_points_pct=_completion_points(views) if use_points else None,
        pointed_share=round(pointed, 4),
        task_summary=_summary(views),
        open_tasks=sum(1 for v in views if v.is_open),
        open_high_priority=[v.ref for v in views if v.is_open and v.is_high],
        first_created_on=min((v.task.created_date.date() for v in views), default=None),
        overdue=compute_overdue(views, today=today),
        blocked=compute_blocked(views, today=today, category_of=category_of),
        unassigned=compute_unassigned(views),
        carry_over=compute_carry_over([v.task.sprints for v in views]),
        **_timing_metrics(
            timed, today=today, category_of=category_of, ctx=ctx, cfg=cfg, use_points=use_points
        ),
    )


class _TimingFields(TypedDict):
    throughput: Throughput
    lead_time: LeadTime
    lead_time_last_28d: LeadTime
    lead_time_prior_90d: LeadTime
    cycle_time: CycleTime
    ageing_wip: AgeingWip
    velocity: VelocityTrend
    net_flow: NetFlow
    history: HistoryMetrics
    warnings: list[FlowWarning]


def _timing_metrics(
    timed: Sequence[TaskView],
    *,
    today: date,
    category_of: CategoryOf,
    ctx: FlowContext,
    cfg: FlowConfig,
    use_points: bool,
) -> _TimingFields:
    """The metrics that read task dates (timed tasks only), keyed by their FlowMetrics field."""
    resolved = [v.resolved for v in timed if v.resolved is not None]
    warnings: list[FlowWarning] = []
    lead = _lead_time(
        timed, today=today, start=0, length=cfg.lead_time_window_days, cfg=cfg, warnings=warnings
    )
    trend_days = cfg.trend_window_days
    rules = TrendRules(cfg.falling_below, cfg.rising_above, cfg.low_volume_prior)
    created = [v.task.created_date.date() for v in timed]
    return _TimingFields(
        throughput=_throughput(resolved, today=today, weeks=cfg.throughput_weeks),
        lead_time=lead,
        lead_time_last_28d=_lead_time(timed, today=today, start=0, length=trend_days, cfg=cfg),
        lead_time_prior_90d=_lead_time(
            timed, today=today, start=trend_days, length=cfg.lead_time_window_days, cfg=cfg
        ),
        cycle_time=_cycle_time(timed, lead, today=today, category_of=category_of, cfg=cfg),
        ageing_wip=compute_ageing(timed, lead, today=today, category_of=category_of, ctx=ctx, cfg=cfg),
        velocity=compute_velocity(
            resolved, today=today, window_days=trend_days, use_points=use_points, rules=rules
        ),
        net_flow=compute_net_flow(created, resolved, today=today, window_days=trend_days),
        history=compute_history(
            [v.task for v in timed],
            today=today,
            category_of=category_of,
            resolved_on={v.task.task_id: v.resolved.on for v in timed if v.resolved is not None},
            weeks=cfg.throughput_weeks,
            window_days=cfg.lead_time_window_days,
        ),
        warnings=warnings,
    )


def _completion(views: Sequence[TaskView]) -> float | None:
    if not views:
        return None
    done = sum(1 for v in views if v.task.status_category is StatusCategory.DONE)
    return round(100 * done / len(views), 1)


def _completion_points(views: Sequence[TaskView]) -> float | None:
    total = sum(v.task.story_points or 0.0 for v in views)
    done = sum(v.task.story_points or 0.0 for v in views if v.task.status_category is StatusCategory.DONE)
    return round(100 * done / total, 1) if total else None


def _summary(views: Sequence[TaskView]) -> TaskSummary:
    return TaskSummary(
        total=len(views),
        completed=sum(1 for v in views if v.task.status_category is StatusCategory.DONE),
        in_progress=sum(
            1 for v in views if v.task.status_category is StatusCategory.IN_PROGRESS and not v.is_blocked
        ),
        blocked=sum(1 for v in views if v.is_open and v.is_blocked),
        unassigned=sum(1 for v in views if v.is_open and not v.assignees),
    )


def _throughput(resolved: Sequence[ResolvedTask], *, today: date, weeks: int) -> Throughput:
    weekly = [0] * weeks
    counted: list[ResolvedBasis] = []
    for item in resolved:
        ago = days_before(today, item.on)
        if 0 <= ago < 7 * weeks:
            weekly[ago // 7] += 1
            counted.append(item.basis)
    return Throughput(
        weekly=weekly,
        total=sum(weekly),
        basis=weakest_basis(counted),
        basis_counts={basis: counted.count(basis) for basis in sorted(set(counted))},
    )


def _window_label(start: int, length: int) -> str:
    return f"last {length} days" if start == 0 else f"days {start}–{start + length - 1} before as-of"


def _lead_time(
    timed: Sequence[TaskView],
    *,
    today: date,
    start: int,
    length: int,
    cfg: FlowConfig,
    warnings: list[FlowWarning] | None = None,
) -> LeadTime:
    """Lead-time percentiles of tasks resolved `start` … `start + length − 1` days before as-of."""
    samples: list[float] = []
    bases: list[ResolvedBasis] = []
    negative = 0
    for view in timed:
        if view.resolved is None or not in_window(today, view.resolved.on, start=start, length=length):
            continue
        days = (view.resolved.on - view.task.created_date.date()).days
        if days < 0:
            negative += 1
            continue
        samples.append(float(days))
        bases.append(view.resolved.basis)
    if negative and warnings is not None:
        message = f"{negative} tasks were resolved before they were created; their lead times are left out"
        warnings.append(FlowWarning(code="resolved_before_created", count=negative, message=message))
    enough = len(samples) >= cfg.min_sample
    ordered = sorted(samples)
    return LeadTime(
        window=_window_label(start, length),
        n=len(samples),
        p50=round(linear_percentile(ordered, 50), 4) if enough else None,
        p85=round(linear_percentile(ordered, 85), 4) if enough else None,
        p95=round(linear_percentile(ordered, 95), 4) if enough else None,
        basis=weakest_basis(bases),
        note=None if enough else INSUFFICIENT_DATA,
    )


def _cycle_time(
    timed: Sequence[TaskView], lead: LeadTime, *, today: date, category_of: CategoryOf, cfg: FlowConfig
) -> CycleTime:
    """First entry to in_progress → resolved, from history only; otherwise the lead time, labelled so."""
    samples: list[float] = []
    for view in timed:
        starts = entry_dates(view.task, {StatusCategory.IN_PROGRESS}, category_of=category_of)
        if view.resolved is None or not starts:
            continue
        if in_window(today, view.resolved.on, start=0, length=cfg.lead_time_window_days):
            samples.append(float(max(0, (view.resolved.on - starts[0].date()).days)))
    if not samples:
        return CycleTime(
            measure="lead_time", n=lead.n, p50=lead.p50, p85=lead.p85, basis="lead_time", note=lead.note
        )
    enough = len(samples) >= cfg.min_sample
    ordered = sorted(samples)
    return CycleTime(
        measure="cycle_time",
        n=len(samples),
        p50=round(linear_percentile(ordered, 50), 4) if enough else None,
        p85=round(linear_percentile(ordered, 85), 4) if enough else None,
        basis="history",
        note=None if enough else INSUFFICIENT_DATA,
    )
