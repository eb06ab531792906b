"""Feasibility (spec 04 §3): capacity arithmetic, forecast verdict, the worse of the two, the sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chiefops.intel.feasibility import FeasibilityConfig, compute_feasibility
from chiefops.intel.flow import FlowConfig, compute_flow
from chiefops.intel.flow_models import FlowMetrics
from chiefops.intel.forecast import ForecastConfig, compute_forecast
from chiefops.models import Task, TaskSource

AS_OF = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
CFG = FeasibilityConfig()


def _task(key: str, status: str, resolved_days_ago: int | None = None) -> Task:
    return Task(
        task_id=f"id-{key}",
        source=TaskSource.JIRA,
        jira_key=key,
        project_id="proj",
        summary=f"Task {key}",
        status=status,
        created_date=AS_OF - timedelta(days=150),
        updated_date=AS_OF - timedelta(days=1),
        resolved_date=AS_OF - timedelta(days=resolved_days_ago) if resolved_days_ago is not None else None,
    )


def flow_with(*, open_tasks: int, resolved_28d: int, resolved_earlier: int = 0) -> FlowMetrics:
    """Flow with `resolved_28d` completions in the last 28 days and `resolved_earlier` 30–80 days ago."""
    tasks = [_task(f"R-{i}", "Done", 1 + i % 27) for i in range(resolved_28d)]
    tasks += [_task(f"E-{i}", "Done", 30 + i % 50) for i in range(resolved_earlier)]
    tasks += [_task(f"O-{i}", "To Do") for i in range(open_tasks)]
    return compute_flow(tasks, as_of=AS_OF, cfg=FlowConfig())


def days(n: int) -> datetime:
    return AS_OF + timedelta(days=n)


def test_spec_example_sentence_and_arithmetic() -> None:
    # rate = 24 / 3 / 4 = 2.0; weeks_left = 18/7 = 2.57; people = ceil(14 / (2·0.8·2.57)) = 4.
    result = compute_feasibility(
        flow_with(open_tasks=14, resolved_28d=24), forecast=None, active_people=3, deadline=days(18), cfg=CFG
    )
    assert (
        result.sentence
        == "14 tasks left at 2.0 per person-week with 3 active people and 2.6 weeks left: 4 people needed."
    )
    assert (result.rate, result.rate_basis, result.weeks_left, result.needed_weeks, result.people_needed) == (
        2.0, "last_28_days", 2.5714, 2.3333, 4,
    )  # fmt: skip
    assert (result.by_capacity, result.by_forecast, result.verdict) == ("tight", None, "tight")


def test_capacity_verdict_thresholds() -> None:
    flow = flow_with(open_tasks=14, resolved_28d=24)  # 2.0 per person-week, 3 people: 2.33 weeks of work
    verdicts = [
        compute_feasibility(flow, forecast=None, active_people=3, deadline=days(d), cfg=CFG).by_capacity
        for d in (21, 17, 16)
    ]
    assert verdicts == ["feasible", "tight", "infeasible"]  # 0.8·3.0 ≥ 2.33; 2.43 ≥ 2.33; 2.29 < 2.33


def test_no_completion_history_uses_the_default_rate() -> None:
    result = compute_feasibility(
        flow_with(open_tasks=10, resolved_28d=0), forecast=None, active_people=2, deadline=days(28), cfg=CFG
    )
    assert (result.rate, result.rate_basis, result.needed_weeks, result.people_needed) == (
        2.5,
        "default",
        2.0,
        2,
    )


def test_no_completions_in_28_days_but_earlier_ones_is_not_feasible_at_the_current_pace() -> None:
    result = compute_feasibility(
        flow_with(open_tasks=10, resolved_28d=0, resolved_earlier=12),
        forecast=None,
        active_people=2,
        deadline=days(28),
        cfg=CFG,
    )
    assert (result.rate, result.needed_weeks, result.people_needed, result.verdict) == (
        0.0,
        None,
        None,
        "infeasible",
    )
    assert (
        result.sentence
        == "10 tasks left and none resolved in the last 28 days: not feasible at the current pace."
    )


def test_external_lead_time_moves_the_internal_finish_date() -> None:
    result = compute_feasibility(
        flow_with(open_tasks=14, resolved_28d=24),
        forecast=None,
        active_people=3,
        deadline=days(25),
        external_lead_days=7,
        cfg=CFG,
    )
    assert (result.deadline_on, result.finish_by, result.weeks_left) == (
        date(2026, 12, 25),
        date(2026, 12, 18),
        2.5714,
    )
    assert result.sentence.endswith(
        " Internal finish date 2026-12-18: the deadline 2026-12-25 minus a 7-day external lead time."
    )


def test_verdict_is_the_worse_of_capacity_and_forecast() -> None:
    flow = flow_with(open_tasks=12, resolved_28d=20, resolved_earlier=40)  # 5 a week in buckets 0–3
    forecast = compute_forecast(
        flow, project_id="proj", snapshot_hash="s", deadline=days(60), cfg=ForecastConfig()
    )
    result = compute_feasibility(flow, forecast=forecast, active_people=5, deadline=days(60), cfg=CFG)
    assert (result.by_capacity, result.by_forecast, result.verdict) == ("feasible", "feasible", "feasible")
    assert result.p_on_time == forecast.p_on_time_by(date(2027, 1, 29))
    tight = compute_feasibility(flow, forecast=forecast, active_people=5, deadline=days(9), cfg=CFG)
    assert (tight.by_forecast, tight.verdict) == ("infeasible", "infeasible")


def test_the_reason_is_the_sentence_of_the_side_that_decided_the_verdict() -> None:
    # 7 a week for the last 4 weeks and none before: capacity says tight, the 12-week forecast worse.
    flow = flow_with(open_tasks=12, resolved_28d=28)
    forecast = compute_forecast(
        flow, project_id="proj", snapshot_hash="s", deadline=days(14), cfg=ForecastConfig()
    )
    by_forecast = compute_feasibility(flow, forecast=forecast, active_people=4, deadline=days(14), cfg=CFG)
    by_capacity = compute_feasibility(
        flow_with(open_tasks=14, resolved_28d=24), forecast=None, active_people=3, deadline=days(18), cfg=CFG
    )
    assert (by_forecast.by_capacity, by_forecast.by_forecast) == ("tight", "infeasible")
    assert by_forecast.reason == by_forecast.sentence[by_forecast.sentence.index("Forecast: ") :]
    assert by_capacity.reason == by_capacity.sentence


def test_forecast_probability_is_reported_in_the_sentence() -> None:
    flow = flow_with(open_tasks=2, resolved_28d=28, resolved_earlier=56)  # ≥ 3 completions every week
    forecast = compute_forecast(
        flow, project_id="proj", snapshot_hash="s", deadline=days(30), cfg=ForecastConfig()
    )
    result = compute_feasibility(flow, forecast=forecast, active_people=2, deadline=days(30), cfg=CFG)
    assert (result.p_on_time, result.by_forecast, result.verdict) == (1.0, "feasible", "feasible")
    assert result.sentence.endswith(" Forecast: 100% of 10,000 simulated runs finish by 2026-12-30.")


def test_without_a_deadline_there_is_no_verdict() -> None:
    result = compute_feasibility(
        flow_with(open_tasks=14, resolved_28d=24), forecast=None, active_people=3, deadline=None, cfg=CFG
    )
    assert (result.verdict, result.weeks_left, result.people_needed) == (None, None, None)
    assert (
        result.sentence
        == "14 tasks left at 2.0 per person-week with 3 active people and no deadline: 2.3 weeks of work."
    )


def test_a_passed_deadline_with_open_work_is_infeasible() -> None:
    result = compute_feasibility(
        flow_with(open_tasks=5, resolved_28d=8), forecast=None, active_people=1, deadline=days(-3), cfg=CFG
    )
    assert (result.verdict, result.people_needed) == ("infeasible", None)
    assert (
        result.sentence
        == "5 tasks left at 2.0 per person-week with 1 active person and no time left before the finish date."
    )


def test_no_open_work_is_feasible() -> None:
    result = compute_feasibility(
        flow_with(open_tasks=0, resolved_28d=8), forecast=None, active_people=1, deadline=days(10), cfg=CFG
    )
    assert (result.verdict, result.people_needed, result.sentence) == ("feasible", 0, "No open tasks left.")


def test_nobody_active_is_infeasible_but_still_says_how_many_people_are_needed() -> None:
    result = compute_feasibility(
        flow_with(open_tasks=8, resolved_28d=0), forecast=None, active_people=0, deadline=days(28), cfg=CFG
    )
    assert (result.needed_weeks, result.people_needed, result.verdict) == (None, 1, "infeasible")
    assert (
        result.sentence
        == "8 tasks left at 2.5 per person-week with 0 active people and 4.0 weeks left: 1 person needed."
    )
