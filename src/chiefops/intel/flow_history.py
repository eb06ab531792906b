"""Status history of tasks (spec 04 §3): reading `state_transitions` and the history-only metrics.

`status_reader(status_map)` categorises raw transition statuses with the one status map of
`models/status.py` (plus the learned `status_map`). `entry_dates` lists when a task entered some
categories. `compute_history(tasks, …)` returns time in status, the CFD, blocked days, flow efficiency
and reopen rate — only over tasks with ≥ 2 transitions, and "needs a Jira export with history" when
none has them. Nothing here is ever estimated from a CSV without history.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chiefops.intel.flow_models import NEEDS_HISTORY, CfdPoint, HistoryMetrics, StatusTime
from chiefops.models import OPEN_CATEGORIES, StatusCategory, Task, categorize_status

CategoryOf = Callable[[str], StatusCategory]
MIN_TRANSITIONS = 2
SCOPE_CHANGE_NOTE = "needs sprint start dates, which Jira exports do not carry"
_TIMED_CATEGORIES = (StatusCategory.TO_DO, StatusCategory.IN_PROGRESS, StatusCategory.BLOCKED)


def status_reader(status_map: Mapping[str, str]) -> CategoryOf:
    """A cached raw status → category function (learned map first, then the 02 §5.5 table)."""
    learned = dict(status_map)
    cache: dict[str, StatusCategory] = {}

    def category_of(raw: str) -> StatusCategory:
        found = cache.get(raw)
        if found is None:
            found = categorize_status(raw, learned=learned).category
            cache[raw] = found
        return found

    return category_of


def entry_dates(
    task: Task, categories: Collection[StatusCategory], *, category_of: CategoryOf
) -> list[datetime]:
    """When the task entered any of `categories`, oldest first (transitions into them)."""
    return sorted(t.date for t in task.state_transitions if category_of(t.to_status) in categories)


def has_history(task: Task) -> bool:
    """True when the task carries enough transitions for the history-only metrics."""
    return len(task.state_transitions) >= MIN_TRANSITIONS


@dataclass(frozen=True)
class Segment:
    """A stretch of whole days a task spent in one category: [start, end)."""

    category: StatusCategory
    start: date
    end: date

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days)


def segments(task: Task, *, category_of: CategoryOf, today: date) -> list[Segment]:
    """The task's timeline from created to the as-of day, cut at each transition (by date)."""
    transitions = sorted(task.state_transitions, key=lambda t: t.date)
    start = task.created_date.date()
    current = category_of(transitions[0].from_status) if transitions else task.status_category
    found: list[Segment] = []
    for transition in transitions:
        day = max(start, transition.date.date())
        found.append(Segment(current, start, day))
        current, start = category_of(transition.to_status), day
    found.append(Segment(current, start, max(start, today)))
    return found


def category_on(task: Task, day: date, *, category_of: CategoryOf) -> StatusCategory | None:
    """The task's category at the end of `day`; None before it was created."""
    if task.created_date.date() > day:
        return None
    transitions = sorted(task.state_transitions, key=lambda t: t.date)
    current = category_of(transitions[0].from_status) if transitions else task.status_category
    for transition in transitions:
        if transition.date.date() > day:
            break
        current = category_of(transition.to_status)
    return current


def compute_history(
    tasks: Sequence[Task],
    *,
    today: date,
    category_of: CategoryOf,
    resolved_on: Mapping[str, date],
    weeks: int,
    window_days: int,
) -> HistoryMetrics:
    """History-only metrics over the tasks with ≥ 2 transitions (callers pass timed, non-cancelled tasks).

    `resolved_on` maps task_id → resolution day (for flow efficiency over the last `window_days`);
    the CFD has one point per week end for `weeks` weeks, oldest first.
    """
    with_history = [t for t in tasks if has_history(t)]
    if not with_history:
        return HistoryMetrics(
            available=False, basis=None, note=NEEDS_HISTORY, tasks_with_history=0, time_in_status=[],
            cfd=[], blocked_days=None, flow_efficiency=None, reopen_rate=None,
            mid_sprint_scope_change=NEEDS_HISTORY,
        )  # fmt: skip
    timelines = {t.task_id: segments(t, category_of=category_of, today=today) for t in with_history}
    return HistoryMetrics(
        available=True,
        basis="history",
        note=None,
        tasks_with_history=len(with_history),
        time_in_status=_time_in_status(timelines),
        cfd=[
            _cfd_point(with_history, today - timedelta(days=7 * k), category_of)
            for k in reversed(range(weeks))
        ],
        blocked_days=sum(
            s.days for line in timelines.values() for s in line if s.category is StatusCategory.BLOCKED
        ),
        flow_efficiency=_flow_efficiency(
            with_history, timelines, resolved_on, today, window_days, category_of
        ),
        reopen_rate=_reopen_rate(with_history, category_of),
        mid_sprint_scope_change=SCOPE_CHANGE_NOTE,
    )


def _time_in_status(timelines: Mapping[str, list[Segment]]) -> list[StatusTime]:
    found: list[StatusTime] = []
    for category in _TIMED_CATEGORIES:
        per_task = [
            sum(s.days for s in line if s.category is category)
            for line in timelines.values()
            if any(s.category is category for s in line)
        ]
        if per_task:
            ordered = sorted(float(days) for days in per_task)
            found.append(
                StatusTime(
                    category=category,
                    tasks=len(per_task),
                    mean_days=round(sum(ordered) / len(ordered), 4),
                    p50_days=round(linear_percentile(ordered, 50), 4),
                )
            )
    return found


def _cfd_point(tasks: Sequence[Task], day: date, category_of: CategoryOf) -> CfdPoint:
    counts = dict.fromkeys(StatusCategory, 0)
    for task in tasks:
        category = category_on(task, day, category_of=category_of)
        if category is not None:
            counts[category] += 1
    wip = counts[StatusCategory.IN_PROGRESS] + counts[StatusCategory.BLOCKED]
    return CfdPoint(
        on=day,
        to_do=counts[StatusCategory.TO_DO],
        in_progress=counts[StatusCategory.IN_PROGRESS],
        blocked=counts[StatusCategory.BLOCKED],
        done=counts[StatusCategory.DONE],
        wip=wip,
    )


def _flow_efficiency(
    tasks: Sequence[Task],
    timelines: Mapping[str, list[Segment]],
    resolved_on: Mapping[str, date],
    today: date,
    window_days: int,
    category_of: CategoryOf,
) -> float | None:
    """Σ days in progress / Σ days from first entry to in_progress until resolved (last `window_days`)."""
    active = total = 0
    for task in tasks:
        resolved = resolved_on.get(task.task_id)
        starts = entry_dates(task, {StatusCategory.IN_PROGRESS}, category_of=category_of)
        if resolved is None or not starts or not 0 <= (today - resolved).days < window_days:
            continue
        first = starts[0].date()
        total += max(0, (resolved - first).days)
        active += sum(
            _overlap(s, first, resolved)
            for s in timelines[task.task_id]
            if s.category is StatusCategory.IN_PROGRESS
        )
    return round(active / total, 4) if total else None


def _overlap(segment: Segment, start: date, end: date) -> int:
    return max(0, (min(segment.end, end) - max(segment.start, start)).days)


def _reopen_rate(tasks: Sequence[Task], category_of: CategoryOf) -> float | None:
    """Tasks moved from done back to an open category / tasks that were ever done."""
    ever_done = reopened = 0
    for task in tasks:
        moves = [(category_of(t.from_status), category_of(t.to_status)) for t in task.state_transitions]
        if task.status_category is StatusCategory.DONE or any(to is StatusCategory.DONE for _, to in moves):
            ever_done += 1
        if any(src is StatusCategory.DONE and to in OPEN_CATEGORIES for src, to in moves):
            reopened += 1
    return round(reopened / ever_done, 4) if ever_done else None


def linear_percentile(ordered: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) of sorted values by linear interpolation between closest ranks."""
    if not ordered:
        raise ValueError("percentile of an empty sample")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
