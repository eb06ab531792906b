"""Metrics of open work (spec 04 §3): ageing WIP, overdue, blocked and unassigned tasks.

Pure functions over `flow_view.TaskView`s; `flow.compute_flow` calls them. Task lists keep the views'
task_id order, except ageing items (oldest first, then task_id).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from chiefops.intel.flow_history import CategoryOf, entry_dates
from chiefops.intel.flow_models import AgeBasis, AgeingWip, Blocked, LeadTime, Overdue, Unassigned, WipItem
from chiefops.intel.flow_trend import days_before
from chiefops.intel.flow_view import FlowConfig, FlowContext, TaskView
from chiefops.models import StatusCategory, Task

_AGE_STRENGTH: dict[str, int] = {"history": 0, "status_category_changed": 1, "created": 2}


def compute_ageing(
    timed: Sequence[TaskView],
    lead: LeadTime,
    *,
    today: date,
    category_of: CategoryOf,
    ctx: FlowContext,
    cfg: FlowConfig,
) -> AgeingWip:
    """Age of each in-progress or blocked task; ageing when older than p85 lead time (default 14 d)."""
    threshold = lead.p85 if lead.p85 is not None else cfg.ageing_default_days
    items: list[WipItem] = []
    for view in timed:
        is_wip = view.task.status_category is StatusCategory.IN_PROGRESS or (view.is_open and view.is_blocked)
        if not is_wip:
            continue
        started, basis = _wip_start(view.task, category_of=category_of, ctx=ctx)
        age = max(0, days_before(today, started.date()))
        items.append(WipItem(task=view.ref, age_days=age, age_basis=basis, is_ageing=age > threshold))
    items.sort(key=lambda item: (-item.age_days, item.task.task_id))
    ageing = sum(1 for item in items if item.is_ageing)
    return AgeingWip(
        wip=len(items),
        ageing=ageing,
        ageing_share=round(ageing / len(items), 4) if items else 0.0,
        threshold_days=round(threshold, 4),
        threshold_basis="lead_time_p85" if lead.p85 is not None else "default",
        basis=max((item.age_basis for item in items), key=_AGE_STRENGTH.__getitem__, default=None),
        items=items,
    )


def _wip_start(task: Task, *, category_of: CategoryOf, ctx: FlowContext) -> tuple[datetime, AgeBasis]:
    entries = entry_dates(task, {StatusCategory.IN_PROGRESS}, category_of=category_of)
    if entries:
        return entries[-1], "history"
    changed = ctx.status_changed_at.get(task.task_id)
    if changed is not None:
        return changed, "status_category_changed"
    return task.created_date, "created"


def compute_overdue(views: Sequence[TaskView], *, today: date) -> Overdue:
    """Open tasks whose due date is before the as-of day."""
    late = [
        v.ref for v in views if v.is_open and v.task.due_date is not None and v.task.due_date.date() < today
    ]
    return Overdue(count=len(late), tasks=late)


def compute_blocked(views: Sequence[TaskView], *, today: date, category_of: CategoryOf) -> Blocked:
    """Open blocked tasks; age since the last entry into blocked (history) or since created."""
    blocked = [v for v in views if v.is_open and v.is_blocked]
    ages: list[tuple[int, Literal["history", "created"]]] = []
    for view in blocked:
        if not view.is_timed:
            continue
        entries = entry_dates(view.task, {StatusCategory.BLOCKED}, category_of=category_of)
        start = entries[-1] if entries else view.task.created_date
        ages.append((max(0, days_before(today, start.date())), "history" if entries else "created"))
    oldest = max(ages, key=lambda pair: (pair[0], pair[1] == "history"), default=None)
    return Blocked(
        count=len(blocked),
        tasks=[v.ref for v in blocked],
        max_age_days=oldest[0] if oldest else None,
        max_age_basis=oldest[1] if oldest else None,
    )


def compute_unassigned(views: Sequence[TaskView]) -> Unassigned:
    """Open tasks without a formal (task.assignees) or effective assignee, and the high-priority ones."""
    open_views = [v for v in views if v.is_open]
    formal = [v for v in open_views if not v.task.assignees]
    effective = [v for v in open_views if not v.assignees]
    return Unassigned(
        formal=len(formal),
        effective=len(effective),
        formal_high=sum(1 for v in formal if v.is_high),
        effective_high=sum(1 for v in effective if v.is_high),
        effective_high_tasks=[v.ref for v in effective if v.is_high],
    )
