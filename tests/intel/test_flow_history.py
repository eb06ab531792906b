"""History-only flow metrics (spec 04 §3): computed from state_transitions, never estimated without them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from chiefops.intel.flow import FlowConfig, FlowContext, compute_flow
from chiefops.intel.flow_models import NEEDS_HISTORY, CfdPoint, StatusTime
from chiefops.models import StateTransition, StatusCategory, Task, TaskSource

AS_OF = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def on(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 9, 30, tzinfo=UTC)


def move(src: str, dst: str, when: datetime) -> StateTransition:
    return StateTransition(from_status=src, to_status=dst, date=when)


def make_task(key: str, status: str, transitions: list[StateTransition], **overrides: Any) -> Task:
    fields: dict[str, Any] = {
        "task_id": f"id-{key}",
        "source": TaskSource.JIRA,
        "jira_key": key,
        "project_id": "proj",
        "summary": f"Task {key}",
        "status": status,
        "assignees": ["p-1"],
        "created_date": on(1),
        "updated_date": on(20),
        "state_transitions": transitions,
    }
    fields.update(overrides)
    return Task(**fields)


# Created Nov 1 (To Do) → In Progress Nov 5 → Blocked Nov 10 → In Progress Nov 12 → Done Nov 20.
WORKED = make_task(
    "H-1",
    "Done",
    [
        move("To Do", "In Progress", on(5)),
        move("In Progress", "Blocked", on(10)),
        move("Blocked", "In Progress", on(12)),
        move("In Progress", "Done", on(20)),
    ],
)
# Done on Nov 2, reopened Nov 3, in progress since Nov 4.
REOPENED = make_task(
    "H-2",
    "In Progress",
    [move("To Do", "Done", on(2)), move("Done", "Reopened", on(3)), move("Reopened", "In Progress", on(4))],
)


def flow(tasks: list[Task], **kwargs: Any) -> Any:
    return compute_flow(tasks, as_of=AS_OF, cfg=FlowConfig(), **kwargs)


def test_time_in_status_sums_whole_days_per_category() -> None:
    history = flow([WORKED]).history
    assert (history.available, history.basis, history.tasks_with_history) == (True, "history", 1)
    assert history.time_in_status == [
        StatusTime(category=StatusCategory.TO_DO, tasks=1, mean_days=4.0, p50_days=4.0),
        StatusTime(category=StatusCategory.IN_PROGRESS, tasks=1, mean_days=13.0, p50_days=13.0),
        StatusTime(category=StatusCategory.BLOCKED, tasks=1, mean_days=2.0, p50_days=2.0),
    ]
    assert history.blocked_days == 2


def test_flow_efficiency_is_time_in_progress_over_time_since_first_start() -> None:
    assert flow([WORKED]).history.flow_efficiency == round(13 / 15, 4)


def test_cycle_time_runs_from_first_start_to_done_when_history_exists() -> None:
    tasks = [WORKED.model_copy(update={"task_id": f"id-{i}", "jira_key": f"H-{i}"}) for i in range(5)]
    cycle = flow(tasks).cycle_time
    assert (cycle.measure, cycle.basis, cycle.n, cycle.p50, cycle.p85) == (
        "cycle_time",
        "history",
        5,
        15.0,
        15.0,
    )


def test_cycle_time_with_few_history_samples_says_insufficient_data() -> None:
    cycle = flow([WORKED]).cycle_time
    assert (cycle.measure, cycle.n, cycle.p50, cycle.note) == ("cycle_time", 1, None, "insufficient data")


def test_reopen_rate_counts_tasks_moved_from_done_back_to_open() -> None:
    assert flow([WORKED, REOPENED]).history.reopen_rate == 0.5


def test_cfd_has_one_point_per_week_end_oldest_first() -> None:
    cfd = flow([WORKED, REOPENED]).history.cfd
    assert len(cfd) == 12
    assert cfd[-1] == CfdPoint(on=date(2026, 11, 30), to_do=0, in_progress=1, blocked=0, done=1, wip=1)
    assert cfd[-3] == CfdPoint(on=date(2026, 11, 16), to_do=0, in_progress=2, blocked=0, done=0, wip=2)
    assert cfd[-4] == CfdPoint(on=date(2026, 11, 9), to_do=0, in_progress=2, blocked=0, done=0, wip=2)
    assert cfd[0].on == date(2026, 9, 14)
    assert (cfd[0].to_do, cfd[0].done) == (0, 0)  # before either task existed


def test_history_metrics_need_two_transitions_on_a_task() -> None:
    one_move = make_task("H-3", "In Progress", [move("To Do", "In Progress", on(5))])
    history = flow([one_move]).history
    assert (history.available, history.note, history.cfd, history.reopen_rate) == (
        False,
        NEEDS_HISTORY,
        [],
        None,
    )
    assert history.mid_sprint_scope_change == NEEDS_HISTORY


def test_mid_sprint_scope_change_is_never_estimated() -> None:
    assert (
        flow([WORKED]).history.mid_sprint_scope_change
        == "needs sprint start dates, which Jira exports do not carry"
    )


def test_learned_status_map_categorises_custom_transition_statuses() -> None:
    custom = make_task(
        "H-4",
        "Done",
        [move("To Do", "Doing", on(6)), move("Doing", "Shipped to prod", on(16))],
        resolved_date=on(25),
    )
    context = FlowContext(status_map={"Doing": "in_progress", "Shipped to prod": "done"})
    with_map = flow([custom], context=context)
    assert with_map.throughput.weekly[:3] == [0, 0, 1]  # resolved Nov 16 by history, not Nov 25
    assert with_map.history.time_in_status[1] == StatusTime(
        category=StatusCategory.IN_PROGRESS, tasks=1, mean_days=10.0, p50_days=10.0
    )
    assert flow([custom]).throughput.weekly[:3] == [1, 0, 0]  # without the map: resolved_date


def test_history_is_labelled_even_when_only_some_tasks_have_it() -> None:
    plain = make_task("P-1", "Done", [], resolved_date=on(28))
    metrics = flow([WORKED, plain])
    assert (metrics.history.tasks_with_history, metrics.throughput.basis) == (1, "resolved_date")
    assert metrics.throughput.basis_counts == {"history": 1, "resolved_date": 1}
    assert metrics.velocity.basis == "resolved_date"


def test_transitions_of_a_slack_task_are_ignored_by_history_metrics() -> None:
    slack = WORKED.model_copy(update={"source": TaskSource.SLACK_IDENTIFIED, "jira_key": None})
    assert flow([slack]).history.available is False


def test_a_transition_dated_before_creation_is_clipped_to_the_created_day() -> None:
    early = make_task(
        "H-5",
        "In Progress",
        [move("To Do", "In Progress", on(1) - timedelta(days=3)), move("In Progress", "In Progress", on(2))],
    )
    to_do = flow([early]).history.time_in_status[0]
    assert (to_do.category, to_do.mean_days) == (StatusCategory.TO_DO, 0.0)
