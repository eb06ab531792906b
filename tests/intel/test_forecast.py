"""Monte Carlo forecast (spec 04 §3, §7): seeded, vectorised, exact on deterministic samples."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiefops.intel.flow import FlowConfig, compute_flow
from chiefops.intel.flow_models import FlowMetrics
from chiefops.intel.forecast import (
    BEYOND_CAP,
    FinishBucket,
    Forecast,
    ForecastConfig,
    ForecastDate,
    compute_forecast,
    forecast_seed,
    simulate_finish_days,
)
from chiefops.models import Task, TaskSource

AS_OF = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
TODAY = AS_OF.date()
CFG = ForecastConfig()


def _task(key: str, status: str, resolved_days_ago: int | None = None) -> Task:
    resolved = AS_OF - timedelta(days=resolved_days_ago) if resolved_days_ago is not None else None
    return Task(
        task_id=f"id-{key}",
        source=TaskSource.JIRA,
        jira_key=key,
        project_id="proj",
        summary=f"Task {key}",
        status=status,
        created_date=AS_OF - timedelta(days=120),
        updated_date=AS_OF - timedelta(days=1),
        resolved_date=resolved,
    )


def flow_for(weekly: list[int], open_tasks: int) -> FlowMetrics:
    """Flow metrics whose throughput sample is `weekly` (bucket k at index k) with `open_tasks` open."""
    tasks = [_task(f"D-{k}-{i}", "Done", 7 * k + 2) for k, count in enumerate(weekly) for i in range(count)]
    tasks += [_task(f"O-{i}", "To Do") for i in range(open_tasks)]
    return compute_flow(tasks, as_of=AS_OF, cfg=FlowConfig())


def forecast(
    flow: FlowMetrics, *, deadline_days: int | None = None, snapshot: str = "snap", cfg: ForecastConfig = CFG
) -> Forecast:
    deadline = AS_OF + timedelta(days=deadline_days) if deadline_days is not None else None
    return compute_forecast(flow, project_id="proj", snapshot_hash=snapshot, deadline=deadline, cfg=cfg)


def test_seed_is_the_first_16_hex_digits_of_sha256_of_snapshot_and_project() -> None:
    expected = int(hashlib.sha256(b"abc123proj-7").hexdigest()[:16], 16)
    assert forecast_seed("abc123", "proj-7") == expected


def test_constant_weeks_give_one_exact_prorated_finish_day() -> None:
    # 5 a week, 12 left: weeks 1–2 reach 10, week 3 needs 2 of 5 → 7·2 + ceil(14/5) = 17 days.
    result = forecast(flow_for([5] * 12, 12), deadline_days=17)
    expected = ForecastDate(days=17, on=date(2026, 12, 17))
    assert (result.status, result.n_trials) == ("ok", 10_000)
    assert (result.p50, result.p85, result.p95) == (expected, expected, expected)
    assert (result.p_on_time, result.beyond_cap_share) == (1.0, 0.0)
    assert result.distribution == [FinishBucket(days=17, trials=10_000)]
    assert result.sample == [5] * 12
    assert forecast(flow_for([5] * 12, 12), deadline_days=16).p_on_time == 0.0


def test_remaining_three_at_two_a_week_finishes_on_day_eleven() -> None:
    result = forecast(flow_for([2] * 12, 3))
    assert result.p50 == ForecastDate(days=11, on=TODAY + timedelta(days=11))  # 7 + ceil(7·1/2)


@settings(max_examples=40, deadline=None)
@given(per_week=st.integers(min_value=1, max_value=9), remaining=st.integers(min_value=1, max_value=200))
def test_constant_sample_matches_the_closed_form_or_the_cap(per_week: int, remaining: int) -> None:
    weeks = -(-remaining // per_week)
    need = remaining - per_week * (weeks - 1)
    expected = 7 * (weeks - 1) + -(-7 * need // per_week) if weeks <= 104 else 7 * 104 + 1
    cfg = ForecastConfig(trials=50)
    days = simulate_finish_days([per_week] * 12, remaining, seed=1, cfg=cfg)
    assert set(days.tolist()) == {expected}


def test_trials_that_never_finish_within_104_weeks_are_not_at_the_current_pace() -> None:
    result = forecast(flow_for([0] * 8 + [2] * 4, 1_000), deadline_days=365)
    beyond = ForecastDate(days=None, on=None, note=BEYOND_CAP)
    assert (result.p50, result.p85, result.p95) == (beyond, beyond, beyond)
    assert (result.p_on_time, result.beyond_cap_share, result.distribution) == (0.0, 1.0, [])


def test_fewer_than_four_weeks_with_completions_is_insufficient_history() -> None:
    result = forecast(flow_for([4, 0, 3, 0, 5] + [0] * 7, 10), deadline_days=30)
    assert (result.status, result.n_trials, result.p50, result.p_on_time) == (
        "insufficient_history",
        0,
        None,
        None,
    )
    assert result.note == (
        "insufficient history: 3 of 12 weeks had completions (12 tasks); needs 4 weeks and 3 completions"
    )


def test_too_few_completions_in_all_is_insufficient_history() -> None:
    result = forecast(flow_for([1, 1, 1, 1] + [0] * 8, 10), cfg=ForecastConfig(min_completions=5))
    assert result.status == "insufficient_history"


def test_no_open_tasks_means_done_today() -> None:
    result = forecast(flow_for([1] * 12, 0), deadline_days=5)
    assert (result.status, result.p50, result.p_on_time) == (
        "no_remaining_work",
        ForecastDate(days=0, on=TODAY),
        1.0,
    )


def test_two_runs_on_one_snapshot_are_identical() -> None:
    sample = [3, 0, 5, 2, 4, 1, 0, 6, 2, 3, 1, 2]
    flow = flow_for(sample, 40)
    assert forecast(flow, deadline_days=120) == forecast(flow, deadline_days=120)


def test_another_snapshot_hash_reorders_the_draws_but_keeps_n() -> None:
    sample = [3, 0, 5, 2, 4, 1, 0, 6, 2, 3, 1, 2]
    first = simulate_finish_days(sample, 40, seed=forecast_seed("snap-a", "proj"), cfg=CFG)
    second = simulate_finish_days(sample, 40, seed=forecast_seed("snap-b", "proj"), cfg=CFG)
    assert (len(first), len(second)) == (10_000, 10_000)
    assert not np.array_equal(first, second)
    assert forecast(flow_for(sample, 40), snapshot="snap-b").n_trials == 10_000


def test_percentiles_and_on_time_share_read_the_trial_distribution() -> None:
    result = forecast(flow_for([3, 0, 5, 2, 4, 1, 0, 6, 2, 3, 1, 2], 40), deadline_days=112)
    assert sum(bucket.trials for bucket in result.distribution) == 10_000
    assert result.p50 is not None and result.p85 is not None and result.p95 is not None
    assert result.p50.days is not None and result.p85.days is not None and result.p95.days is not None
    assert result.p50.days <= result.p85.days <= result.p95.days
    share_by_p85 = sum(b.trials for b in result.distribution if b.days <= result.p85.days) / 10_000
    share_before_p85 = sum(b.trials for b in result.distribution if b.days < result.p85.days) / 10_000
    assert share_before_p85 < 0.85 <= share_by_p85
    assert result.p_on_time == result.p_on_time_by(TODAY + timedelta(days=112))


def test_forecast_carries_net_flow_because_it_assumes_no_new_scope() -> None:
    flow = flow_for([2] * 12, 3)
    assert forecast(flow).net_flow_28d == flow.net_flow.net_flow_28d == -8


@pytest.mark.parametrize("status", ["insufficient_history", "ok"])
def test_p_on_time_by_a_day_is_none_without_a_simulation(status: str) -> None:
    weekly = [4, 0, 3, 0, 5] + [0] * 7 if status == "insufficient_history" else [5] * 12
    result = forecast(flow_for(weekly, 12))
    expected = None if status == "insufficient_history" else 1.0
    assert result.p_on_time_by(TODAY + timedelta(days=30)) == expected
