"""What the flow metrics read from a task (spec 04 §3): config, run context and the per-task view.

`FlowConfig` holds §3's thresholds; `FlowContext` the run-wide inputs beyond task rows (effective
assignees, every task's category for blocker links, the learned status map, parsed "Status Category
Changed" times). `build_views` turns non-cancelled tasks into `TaskView`s once, applying the one
blocker definition (`models.status.is_task_blocked`) and the one resolved-time rule (`resolved_at`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from chiefops.intel.flow_history import CategoryOf, entry_dates
from chiefops.intel.flow_models import ResolvedBasis, TaskRef
from chiefops.intel.flow_trend import ResolvedTask
from chiefops.models import OPEN_CATEGORIES, StatusCategory, Task, TaskSource, is_task_blocked


@dataclass(frozen=True)
class FlowConfig:
    """Thresholds of 04 §3 (named defaults; intel/defaults.py aggregates them)."""

    lead_time_window_days: int = 90
    min_sample: int = 5
    throughput_weeks: int = 12
    trend_window_days: int = 28
    falling_below: float = 0.85
    rising_above: float = 1.15
    low_volume_prior: int = 8
    points_share: float = 0.8
    ageing_default_days: float = 14.0
    high_priorities: tuple[str, ...] = ("blocker", "highest", "critical", "high")


@dataclass(frozen=True)
class FlowContext:
    """Run-wide inputs beyond the task rows.

    - `effective_assignees`: task_id → person_ids after informal assignments (04 §1.4) and `assignee`
      facts; a task absent from it uses `task.assignees`, which is also its formal (Jira) assignment.
    - `blocker_categories`: task_id → category of every task in the data, so an "is blocked by" link
      to another project's task resolves; None uses the categories of the tasks passed in.
    - `status_map`: the learned status map (setting + `status_map` facts), for transition statuses.
    - `status_changed_at`: task_id → the parsed Jira "Status Category Changed" time (ageing fallback).
    """

    effective_assignees: Mapping[str, Sequence[str]] = field(default_factory=dict)
    blocker_categories: Mapping[str, StatusCategory] | None = None
    status_map: Mapping[str, str] = field(default_factory=dict)
    status_changed_at: Mapping[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskView:
    """One non-cancelled task with everything the metrics ask of it, computed once.

    `is_timed`: a Jira task with real dates (timing metrics count it); `assignees`: effective ones.
    """

    task: Task
    is_open: bool
    is_blocked: bool
    is_timed: bool
    is_high: bool
    resolved: ResolvedTask | None
    assignees: Sequence[str]

    @functools.cached_property
    def ref(self) -> TaskRef:
        """The task as metrics name it (built only for tasks that get listed)."""
        return TaskRef(task_id=self.task.task_id, jira_key=self.task.jira_key)


def is_high_priority(task: Task, *, cfg: FlowConfig) -> bool:
    """High priority = Blocker, Highest, Critical or High (any case)."""
    return task.priority is not None and task.priority.strip().casefold() in cfg.high_priorities


def resolved_at(task: Task, *, category_of: CategoryOf) -> tuple[datetime, ResolvedBasis] | None:
    """When a done task was resolved: last transition into done, else `resolved_date`, else `updated_date`."""
    if task.status_category is not StatusCategory.DONE:
        return None
    entries = entry_dates(task, {StatusCategory.DONE}, category_of=category_of)
    if entries:
        return entries[-1], "history"
    if task.resolved_date is not None:
        return task.resolved_date, "resolved_date"
    return task.updated_date, "approximate"


def build_views(
    tasks: Sequence[Task], *, ctx: FlowContext, cfg: FlowConfig, category_of: CategoryOf
) -> list[TaskView]:
    """Views of the non-cancelled tasks, in task_id order (the order of every task list in the output)."""
    categories = ctx.blocker_categories
    if categories is None:
        categories = {task.task_id: task.status_category for task in tasks}
    live = sorted(
        (t for t in tasks if t.status_category is not StatusCategory.CANCELLED), key=lambda t: t.task_id
    )
    return [_view(task, ctx=ctx, cfg=cfg, category_of=category_of, categories=categories) for task in live]


def _view(
    task: Task,
    *,
    ctx: FlowContext,
    cfg: FlowConfig,
    category_of: CategoryOf,
    categories: Mapping[str, StatusCategory],
) -> TaskView:
    resolution = resolved_at(task, category_of=category_of)
    resolved = None
    if resolution is not None:
        resolved = ResolvedTask(on=resolution[0].date(), basis=resolution[1], points=task.story_points or 0.0)
    return TaskView(
        task=task,
        is_open=task.status_category in OPEN_CATEGORIES,
        is_blocked=is_task_blocked(task, blocker_categories=categories),
        is_timed=task.source is TaskSource.JIRA and not task.dates_inferred,
        is_high=is_high_priority(task, cfg=cfg),
        resolved=resolved,
        assignees=ctx.effective_assignees.get(task.task_id, task.assignees),
    )
