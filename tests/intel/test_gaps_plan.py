"""Backward plan from the deadline (04 §5, A10: submit by D − lead_max)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.intel.fixtures_findings import make_task

from chiefops.intel.gaps_checklists import load_checklists
from chiefops.intel.gaps_match import Coverage, ItemMatch
from chiefops.intel.gaps_plan import BackwardPlan, PlanConfig, StepStatus, compute_backward_plan

MOBILE = {i.id: i for i in load_checklists().get("mobile_app_launch").items}
DEADLINE = date(2026, 12, 18)
ITEMS = [
    MOBILE[i] for i in ("app_store_review", "apple_developer_account", "play_console", "crash_reporting")
]
MATCHES = {
    "app_store_review": ItemMatch(item_id="app_store_review", coverage=Coverage.MISSING),
    "apple_developer_account": ItemMatch(item_id="apple_developer_account", coverage=Coverage.MISSING),
    "play_console": ItemMatch(
        item_id="play_console", coverage=Coverage.COVERED, is_started=True, owners=["lucas"]
    ),
    "crash_reporting": ItemMatch(
        item_id="crash_reporting", coverage=Coverage.COVERED, is_done=True, is_started=True
    ),
}
TASKS = [make_task("A-1", "Build", status="In Progress"), make_task("A-2", "Regression pass", labels=["qa"])]


def _plan(as_of: date, *, p85: date | None = None) -> BackwardPlan:
    return compute_backward_plan(
        deadline=DEADLINE,
        as_of=as_of,
        items=ITEMS,
        matches=MATCHES,
        tasks=TASKS,
        owners_by_role={"qa": "grace", "tech_lead": "priya"},
        forecast_p85=p85,
        cfg=PlanConfig(),
    )


def _rows(plan: BackwardPlan) -> list[tuple[str, str, str, int, str, str | None, bool]]:
    return [
        (s.step, str(s.latest_start), str(s.latest_finish), s.duration, s.status.value, s.owner, s.at_risk)
        for s in plan.steps
    ]


def test_alpha_plan_submits_reviews_by_deadline_minus_lead_max() -> None:
    plan = _plan(date(2026, 11, 30))
    assert (plan.days_left, str(plan.submit_by), plan.qa_days) == (18, "2026-12-11", 3)
    assert _rows(plan) == [
        (
            "Apple Developer Program / App Store Connect set-up",
            "2026-12-04",
            "2026-12-11",
            7,
            "missing",
            None,
            False,
        ),
        ("Code complete", "2026-12-08", "2026-12-08", 0, "open", "priya", False),
        ("QA", "2026-12-08", "2026-12-11", 3, "open", "grace", False),
        ("App Store review submission", "2026-12-11", "2026-12-18", 7, "missing", None, False),
        ("Google Play Console account and review", "2026-12-11", "2026-12-18", 7, "open", "lucas", False),
        ("Crash reporting", "2026-12-15", "2026-12-18", 3, "done", None, False),
    ]


def test_a_step_not_started_after_its_latest_start_is_at_risk() -> None:
    plan = _plan(date(2026, 12, 6))
    at_risk = {s.step: s.reasons for s in plan.steps if s.at_risk}
    assert at_risk == {
        "Apple Developer Program / App Store Connect set-up": [
            "not started and the latest start 2026-12-04 has passed"
        ]
    }


def test_a_p85_after_code_complete_puts_code_complete_qa_and_reviews_at_risk() -> None:
    plan = _plan(date(2026, 11, 30), p85=date(2026, 12, 10))
    assert sorted(s.step for s in plan.steps if s.at_risk) == [
        "App Store review submission",
        "Code complete",
        "Google Play Console account and review",
        "QA",
    ]


def test_a_p85_before_code_complete_changes_nothing() -> None:
    assert _rows(_plan(date(2026, 11, 30), p85=date(2026, 12, 8))) == _rows(_plan(date(2026, 11, 30)))


@pytest.mark.parametrize(("days_left", "qa_days"), [(10, 3), (30, 5), (60, 9), (-4, 3)])
def test_qa_takes_fifteen_percent_of_the_days_left_at_least_three(days_left: int, qa_days: int) -> None:
    plan = compute_backward_plan(
        deadline=DEADLINE,
        as_of=date.fromordinal(DEADLINE.toordinal() - days_left),
        items=[MOBILE["crash_reporting"]],
        matches={"crash_reporting": MATCHES["crash_reporting"]},
        tasks=TASKS,
        owners_by_role={},
        forecast_p85=None,
        cfg=PlanConfig(),
    )
    assert (plan.qa_days, plan.submit_by) == (qa_days, None)


def test_without_open_tasks_qa_and_code_complete_are_done() -> None:
    plan = compute_backward_plan(
        deadline=DEADLINE,
        as_of=date(2026, 12, 17),
        items=[],
        matches={},
        tasks=[make_task("A-1", "Build", status="Done")],
        owners_by_role={},
        forecast_p85=date(2027, 1, 5),
        cfg=PlanConfig(),
    )
    assert [(s.step, s.status, s.at_risk) for s in plan.steps] == [
        ("Code complete", StepStatus.DONE, False),
        ("QA", StepStatus.DONE, False),
    ]
