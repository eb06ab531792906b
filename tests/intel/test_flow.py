"""Flow metrics (spec 04 §3): hand-computed values for every metric of `compute_flow`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chiefops.intel.flow import FlowConfig, FlowContext, compute_flow, compute_org_flow
from chiefops.intel.flow_models import NEEDS_HISTORY, SprintCarry, TaskRef
from chiefops.models import StateTransition, StatusCategory, Task, TaskSource

AS_OF = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
CFG = FlowConfig()


def days_ago(days: int, hour: int = 10) -> datetime:
    return (AS_OF - timedelta(days=days)).replace(hour=hour)


def make_task(key: str, **overrides: Any) -> Task:
    """A Jira task created 40 days before as-of, To Do, assigned to `p-1`, unless overridden."""
    fields: dict[str, Any] = {
        "task_id": f"id-{key}",
        "source": TaskSource.JIRA,
        "jira_key": key,
        "project_id": "proj",
        "summary": f"Task {key}",
        "status": "To Do",
        "assignees": ["p-1"],
        "created_date": days_ago(40),
        "updated_date": days_ago(1),
    }
    fields.update(overrides)
    return Task(**fields)


def done(key: str, resolved_days_ago: int, created_days_ago: int = 40, **overrides: Any) -> Task:
    return make_task(
        key,
        status="Done",
        created_date=days_ago(created_days_ago),
        resolved_date=days_ago(resolved_days_ago),
        **overrides,
    )


def flow(tasks: list[Task], **kwargs: Any) -> Any:
    return compute_flow(tasks, as_of=AS_OF, cfg=kwargs.pop("cfg", CFG), **kwargs)


def test_no_tasks_gives_empty_metrics_with_labels_instead_of_zero_scores() -> None:
    metrics = flow([])
    assert metrics.completion_pct is None
    assert metrics.task_summary.model_dump() == {
        "total": 0, "completed": 0, "in_progress": 0, "blocked": 0, "unassigned": 0,
    }  # fmt: skip
    assert metrics.throughput.weekly == [0] * 12
    assert metrics.lead_time.note == "insufficient data"
    assert (metrics.velocity.direction, metrics.velocity.reason) == ("flat", "no completions")
    assert metrics.carry_over.available is False
    assert (metrics.history.available, metrics.history.note) == (False, NEEDS_HISTORY)


def test_cancelled_tasks_are_excluded_everywhere() -> None:
    metrics = flow([make_task("P-1", status="Won't Do"), make_task("P-2", status="Cancelled")])
    assert metrics.completion_pct is None
    assert metrics.task_summary.total == 0
    assert metrics.open_tasks == 0


def test_completion_is_done_over_non_cancelled_tasks_to_one_decimal() -> None:
    tasks = [done("P-1", 3), done("P-2", 3), make_task("P-3"), make_task("P-4", status="Cancelled"),
             make_task("P-5", status="In Progress"), make_task("P-6")]  # fmt: skip
    assert flow(tasks).completion_pct == 40.0
    assert flow(tasks[:3]).completion_pct == 66.7


def test_points_variant_appears_when_at_least_80_percent_are_pointed() -> None:
    tasks = [
        done("P-1", 3, story_points=3.0),
        done("P-2", 3, story_points=5.0),
        make_task("P-3", story_points=8.0),
        make_task("P-4", story_points=4.0),
        make_task("P-5"),
    ]
    metrics = flow(tasks)
    assert (metrics.pointed_share, metrics.completion_points_pct) == (0.8, 40.0)
    assert flow(tasks[1:]).completion_points_pct is None  # 3 of 4 pointed = 75 %


def test_task_summary_counts_blocked_apart_from_in_progress() -> None:
    tasks = [
        make_task("P-1", assignees=[]),
        make_task("P-2", status="In Progress"),
        make_task("P-3", status="In Progress", flagged=True),
        make_task("P-4", status="Blocked"),
        make_task("P-5", labels=["Blocked"], assignees=[]),
        done("P-6", 2, assignees=[]),
    ]
    summary = flow(tasks).task_summary
    assert summary.model_dump() == {
        "total": 6,
        "completed": 1,
        "in_progress": 1,
        "blocked": 3,
        "unassigned": 2,
    }


def test_blocked_by_link_counts_until_the_blocker_is_done() -> None:
    blocker_open = make_task("P-1")
    blocker_done = done("P-2", 1)
    waiting = make_task("P-3", blocked_by=["id-P-1"])
    released = make_task("P-4", blocked_by=["id-P-2"])
    metrics = flow([blocker_open, blocker_done, waiting, released])
    assert metrics.blocked.tasks == [TaskRef(task_id="id-P-3", jira_key="P-3")]


def test_blocker_in_another_project_resolves_through_the_context_categories() -> None:
    waiting = make_task("P-3", blocked_by=["other-project-task"])
    context = FlowContext(blocker_categories={"other-project-task": StatusCategory.DONE})
    assert flow([waiting]).blocked.count == 1
    assert flow([waiting], context=context).blocked.count == 0


def test_effective_assignees_from_the_context_fill_formal_gaps() -> None:
    tasks = [
        make_task("P-1", assignees=[], priority="High"),
        make_task("P-2", assignees=[], priority="Critical"),
    ]
    context = FlowContext(effective_assignees={"id-P-1": ["maria"]})
    unassigned = flow(tasks, context=context).unassigned
    assert (unassigned.formal, unassigned.effective) == (2, 1)
    assert (unassigned.formal_high, unassigned.effective_high) == (2, 1)
    assert unassigned.effective_high_tasks == [TaskRef(task_id="id-P-2", jira_key="P-2")]
    assert flow(tasks, context=context).task_summary.unassigned == 1


def test_high_priority_means_blocker_highest_critical_or_high_in_any_case() -> None:
    tasks = [
        make_task(f"P-{i}", priority=p)
        for i, p in enumerate(["Blocker", "highest", "CRITICAL", "High", "Medium"])
    ]
    assert [ref.jira_key for ref in flow(tasks).open_high_priority] == ["P-0", "P-1", "P-2", "P-3"]


def test_throughput_buckets_are_rolling_weeks_ending_on_the_as_of_day() -> None:
    tasks = [
        done("P-1", 0),
        done("P-2", 6),
        done("P-3", 7),
        done("P-4", 83, created_days_ago=90),
        done("P-5", 84, created_days_ago=90),
    ]
    throughput = flow(tasks).throughput
    assert throughput.weekly == [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert (throughput.total, throughput.basis, throughput.basis_counts) == (
        4,
        "resolved_date",
        {"resolved_date": 4},
    )


def test_resolved_time_prefers_the_last_transition_into_done_then_resolved_then_updated() -> None:
    history = [
        StateTransition(from_status="In Progress", to_status="Done", date=days_ago(20)),
        StateTransition(from_status="Done", to_status="Reopened", date=days_ago(18)),
        StateTransition(from_status="Reopened", to_status="Closed", date=days_ago(9)),
    ]
    by_history = done("P-1", 2, state_transitions=history)
    by_resolved = done("P-2", 2)
    approximate = make_task("P-3", status="Done", updated_date=days_ago(15))
    throughput = flow([by_history, by_resolved, approximate]).throughput
    assert throughput.weekly[:3] == [1, 1, 1]
    assert throughput.basis == "approximate"
    assert throughput.basis_counts == {"approximate": 1, "history": 1, "resolved_date": 1}


def test_slack_tasks_count_toward_completion_but_not_throughput_or_lead_time() -> None:
    slack = done("P-1", 2, source=TaskSource.SLACK_IDENTIFIED, jira_key=None)
    inferred = done("P-2", 2, dates_inferred=True)
    metrics = flow([slack, inferred, make_task("P-3")])
    assert (metrics.task_summary.total, metrics.completion_pct) == (3, 66.7)
    assert metrics.throughput.total == 0
    assert metrics.lead_time.n == 0


def test_lead_time_percentiles_interpolate_linearly_over_the_last_90_days() -> None:
    leads = [1, 2, 3, 4, 10]
    tasks = [done(f"P-{i}", 5, created_days_ago=5 + lead) for i, lead in enumerate(leads)]
    tasks.append(done("P-old", 90, created_days_ago=95))  # resolved 90 days ago: outside the window
    lead = flow(tasks).lead_time
    assert (lead.n, lead.p50, lead.p85, lead.p95) == (5, 3.0, 6.4, 8.8)
    assert (lead.window, lead.basis, lead.note) == ("last 90 days", "resolved_date", None)


def test_lead_time_needs_five_samples() -> None:
    tasks = [done(f"P-{i}", 5, created_days_ago=6 + i) for i in range(4)]
    lead = flow(tasks).lead_time
    assert (lead.n, lead.p50, lead.p85, lead.note) == (4, None, None, "insufficient data")


def test_lead_time_windows_for_the_throughput_sub_score() -> None:
    recent = [done(f"R-{i}", 3, created_days_ago=3 + 2 * i) for i in range(5)]
    prior = [done(f"Q-{i}", 30, created_days_ago=30 + i) for i in range(5)]
    metrics = flow(recent + prior)
    assert (metrics.lead_time_last_28d.n, metrics.lead_time_last_28d.p85) == (5, 6.8)
    assert (metrics.lead_time_prior_90d.n, metrics.lead_time_prior_90d.p85) == (5, 3.4)
    assert metrics.lead_time_prior_90d.window == "days 28–117 before as-of"


def test_resolved_before_created_is_left_out_with_a_warning() -> None:
    metrics = flow([done("P-1", 10, created_days_ago=5)])
    assert metrics.lead_time.n == 0
    assert [(w.code, w.count) for w in metrics.warnings] == [("resolved_before_created", 1)]


def test_cycle_time_without_history_is_the_lead_time_labelled_as_such() -> None:
    tasks = [done(f"P-{i}", 2, created_days_ago=2 + i) for i in range(5)]
    cycle = flow(tasks).cycle_time
    assert (cycle.measure, cycle.basis, cycle.p50, cycle.p85) == ("lead_time", "lead_time", 2.0, 3.4)


def test_ageing_wip_uses_the_14_day_default_without_a_lead_time_sample() -> None:
    old = make_task("P-1", status="In Progress", created_date=days_ago(20))
    young = make_task("P-2", status="In Progress", created_date=days_ago(14))
    waiting = make_task("P-3", status="To Do", created_date=days_ago(60))
    ageing = flow([old, young, waiting]).ageing_wip
    assert (ageing.wip, ageing.ageing, ageing.ageing_share) == (2, 1, 0.5)
    assert (ageing.threshold_days, ageing.threshold_basis, ageing.basis) == (14.0, "default", "created")
    assert [(i.task.jira_key, i.age_days, i.is_ageing) for i in ageing.items] == [
        ("P-1", 20, True),
        ("P-2", 14, False),
    ]


def test_ageing_start_prefers_history_then_status_category_changed_then_created() -> None:
    moved = [
        StateTransition(from_status="To Do", to_status="In Progress", date=days_ago(8)),
        StateTransition(from_status="In Progress", to_status="Blocked", date=days_ago(6)),
    ]
    by_history = make_task("P-1", status="Blocked", state_transitions=moved)
    by_column = make_task("P-2", status="In Progress")
    context = FlowContext(status_changed_at={"id-P-2": days_ago(3)})
    items = flow([by_history, by_column], context=context).ageing_wip.items
    assert [(i.task.jira_key, i.age_days, i.age_basis) for i in items] == [
        ("P-1", 8, "history"),
        ("P-2", 3, "status_category_changed"),
    ]


def test_overdue_counts_open_tasks_due_before_the_as_of_day() -> None:
    tasks = [
        make_task("P-1", due_date=days_ago(1)),
        make_task("P-2", due_date=days_ago(0, hour=1)),
        done("P-3", 2, due_date=days_ago(9)),
        make_task("P-4", status="In Progress", due_date=days_ago(30)),
    ]
    overdue = flow(tasks).overdue
    assert (overdue.count, [t.jira_key for t in overdue.tasks]) == (2, ["P-1", "P-4"])


def test_blocker_age_comes_from_history_when_present_else_created() -> None:
    flagged = make_task("P-1", flagged=True, created_date=days_ago(30))
    assert (flow([flagged]).blocked.max_age_days, flow([flagged]).blocked.max_age_basis) == (30, "created")
    moved = [
        StateTransition(from_status="To Do", to_status="In Progress", date=days_ago(20)),
        StateTransition(from_status="In Progress", to_status="Blocked", date=days_ago(5)),
    ]
    by_history = make_task("P-2", status="Blocked", state_transitions=moved, created_date=days_ago(30))
    assert (flow([by_history]).blocked.max_age_days, flow([by_history]).blocked.max_age_basis) == (
        5,
        "history",
    )


def test_carry_over_rates_per_sprint_in_natural_name_order() -> None:
    tasks = [
        make_task("P-1", sprints=["Sprint 9", "Sprint 10"]),
        make_task("P-2", sprints=["Sprint 10"]),
        make_task("P-3", sprints=["Sprint 11", "Sprint 10"]),
        make_task("P-4", sprints=["Sprint 11"]),
    ]
    carry = flow(tasks).carry_over
    assert (carry.available, carry.tasks_carried) == (True, 2)
    assert carry.sprints == [
        SprintCarry(sprint="Sprint 9", tasks=1, carried=1, rate=1.0),
        SprintCarry(sprint="Sprint 10", tasks=3, carried=1, rate=0.3333),
        SprintCarry(sprint="Sprint 11", tasks=2, carried=0, rate=0.0),
    ]


def test_carry_over_is_unavailable_without_repeated_sprints() -> None:
    carry = flow([make_task("P-1", sprints=["Sprint 1"]), make_task("P-2")]).carry_over
    assert (carry.available, carry.note) == (False, "needs repeated Sprint values")


def _completions(last: int, prior: int, **overrides: Any) -> list[Task]:
    recent = [done(f"L-{i}", 1 + i % 27, **overrides) for i in range(last)]
    before = [done(f"B-{i}", 28 + i % 27, created_days_ago=60, **overrides) for i in range(prior)]
    return recent + before


@pytest.mark.parametrize(
    ("last", "prior", "direction", "r", "reason"),
    [
        (4, 10, "falling", 0.4, None),
        (9, 10, "flat", 0.9, None),
        (12, 10, "rising", 1.2, None),
        (3, 0, "rising", None, "no prior completions"),
        (0, 0, "flat", None, "no completions"),
        (1, 7, "flat", 0.1429, "low volume"),
    ],
)
def test_velocity_trend_rules(
    last: int, prior: int, direction: str, r: float | None, reason: str | None
) -> None:
    velocity = flow(_completions(last, prior)).velocity
    assert (velocity.direction, velocity.r, velocity.reason, velocity.unit) == (direction, r, reason, "tasks")
    assert (velocity.last_tasks, velocity.prior_tasks) == (last, prior)


def test_velocity_is_measured_in_points_when_tasks_are_pointed() -> None:
    tasks = _completions(2, 8, story_points=1.0)
    tasks[0] = tasks[0].model_copy(update={"story_points": 13.0})
    velocity = flow(tasks).velocity
    assert (velocity.unit, velocity.last_28d, velocity.prior_28d, velocity.r, velocity.direction) == (
        "points", 14.0, 8.0, 1.75, "rising",
    )  # fmt: skip


def test_net_flow_is_created_minus_resolved_in_the_last_28_days() -> None:
    tasks = [make_task(f"N-{i}", created_date=days_ago(i)) for i in range(5)]
    tasks += [done(f"D-{i}", 3, created_days_ago=50) for i in range(3)]
    tasks.append(make_task("OLD", created_date=days_ago(28)))
    net = flow(tasks).net_flow
    assert (net.created_28d, net.resolved_28d, net.net_flow_28d) == (5, 3, 2)


def test_org_flow_pools_the_projects() -> None:
    alpha = [done("A-1", 1), make_task("A-2", status="Blocked")]
    beta = [done("B-1", 8), make_task("B-2")]
    org = compute_org_flow({"beta": beta, "alpha": alpha}, as_of=AS_OF, cfg=CFG, context=FlowContext())
    assert org.task_summary.model_dump() == {
        "total": 4,
        "completed": 2,
        "in_progress": 0,
        "blocked": 1,
        "unassigned": 0,
    }
    assert org.throughput.weekly[:2] == [1, 1]


def test_same_tasks_in_any_order_give_identical_metrics() -> None:
    tasks = [done("P-1", 3), make_task("P-2", status="In Progress"), make_task("P-3", flagged=True)]
    assert flow(tasks) == flow(list(reversed(tasks)))


def _floats(value: object) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for item in value.values() for f in _floats(item)]
    if isinstance(value, list):
        return [f for item in value for f in _floats(item)]
    return []


def test_stored_floats_are_rounded_to_four_decimals() -> None:
    tasks = [done(f"P-{i}", 3 + i, created_days_ago=10 + 3 * i, story_points=1.0 + i / 3) for i in range(7)]
    tasks += [
        make_task("W-1", status="In Progress", created_date=days_ago(17)),
        make_task("W-2", sprints=["S 1", "S 2"]),
    ]
    tasks.append(make_task("W-3", sprints=["S 2"], story_points=2.0))
    dumped = flow(tasks).model_dump(mode="json")
    assert _floats(dumped)
    assert all(round(f, 4) == f for f in _floats(dumped))
