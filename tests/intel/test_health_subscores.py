"""The five health sub-scores (spec 04 §4): exact formula values, texts and unavailable cases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from chiefops.intel.health import HealthConfig
from chiefops.intel.health_models import SubScoreName
from chiefops.intel.health_subscores import (
    AlertInputs,
    CommunicationInputs,
    DocumentationInputs,
    SprintInputs,
    ThroughputInputs,
    score_alerts,
    score_communication,
    score_documentation,
    score_sprint,
    score_throughput,
)

CFG = HealthConfig()
TODAY = date(2026, 11, 30)


def sprint(**overrides: Any) -> SprintInputs:
    """55 % done, 80 of 100 days gone, 3 of 21 open tasks blocked, velocity flat at r = 1.0."""
    fields: dict[str, Any] = {
        "total_tasks": 40,
        "completion_pct": 55.0,
        "start_on": TODAY - timedelta(days=80),
        "deadline_on": TODAY + timedelta(days=20),
        "as_of": TODAY,
        "blocked_open": 3,
        "open_tasks": 21,
        "velocity": "flat",
        "velocity_r": 1.0,
        "velocity_reason": None,
    }
    return SprintInputs(**(fields | overrides))


def test_sprint_matches_the_spec_formula_and_text() -> None:
    result = score_sprint(sprint(), cfg=CFG)
    # c = 0.55/0.80 = 0.6875; b = 1 − 3·3/21 = 0.5714; v = 1 → 100·(0.275 + 0.1714 + 0.3)
    assert result.value == 74.6429
    assert result.detail == (
        "55% done with 80% of the time gone (0.69); 3 of 21 open tasks blocked (0.57); throughput flat, r = 1.0 (1.0)"
    )
    assert (result.inputs["c"], result.inputs["b"], result.inputs["v"]) == (0.6875, 0.5714, 1.0)


def test_sprint_without_a_deadline_uses_completion_itself() -> None:
    result = score_sprint(sprint(deadline_on=None, blocked_open=0), cfg=CFG)
    assert result.value == 82.0  # c = 0.55, b = 1, v = 1
    assert result.detail.startswith("55% done and no deadline (0.55); 0 of 21 open tasks blocked (1.0)")


def test_expected_share_has_a_floor_of_five_percent() -> None:
    result = score_sprint(
        sprint(
            completion_pct=2.0, start_on=TODAY - timedelta(days=1), deadline_on=TODAY + timedelta(days=99)
        ),
        cfg=CFG,
    )
    assert (result.inputs["expected_pct"], result.inputs["c"]) == (5.0, 0.4)


@pytest.mark.parametrize(
    ("r", "reason", "v"),
    [
        (1.3, None, 1.0),
        (0.75, None, 0.5),
        (0.5, None, 0.0),
        (0.4, None, 0.0),
        (0.2, "low volume", 1.0),
        (None, "no prior completions", 1.0),
    ],
)
def test_velocity_factor(r: float | None, reason: str | None, v: float) -> None:
    assert score_sprint(sprint(velocity_r=r, velocity_reason=reason), cfg=CFG).inputs["v"] == v


def test_many_blocked_tasks_floor_the_blocked_factor_at_zero() -> None:
    assert score_sprint(sprint(blocked_open=8), cfg=CFG).inputs["b"] == 0.0
    assert score_sprint(sprint(open_tasks=0, blocked_open=0), cfg=CFG).inputs["b"] == 1.0


def test_sprint_is_unavailable_without_tasks() -> None:
    result = score_sprint(sprint(total_tasks=0, completion_pct=None), cfg=CFG)
    assert (result.available, result.value, result.detail) == (False, None, "no tasks")


def comms(**overrides: Any) -> CommunicationInputs:
    fields: dict[str, Any] = {
        "has_slack_data": True, "channels": 2, "questions": 10, "answered_24h": 8, "members": 7,
        "members_posting_14d": 5, "blocker_threads": 2, "unanswered_blocker_threads": 1,
    }  # fmt: skip
    return CommunicationInputs(**(fields | overrides))


def test_communication_matches_the_spec_formula_and_text() -> None:
    result = score_communication(comms(), cfg=CFG)
    assert result.value == round(100 * (0.4 * 0.8 + 0.3 * 5 / 7 + 0.3 * 0.5), 4) == 68.4286
    assert result.detail == (
        "8 of 10 questions answered within 24 h (0.8); 5 of 7 members posted in 14 days (0.71); "
        "1 of 2 blocker threads unanswered (0.5)"
    )


def test_communication_with_no_questions_and_no_blocker_threads() -> None:
    result = score_communication(
        comms(questions=0, answered_24h=0, blocker_threads=0, unanswered_blocker_threads=0), cfg=CFG
    )
    assert result.value == round(100 * (0.4 + 0.3 * 5 / 7 + 0.3), 4)
    assert result.detail.startswith("no questions in 14 days (1.0);")
    assert result.detail.endswith("no blocker threads (1.0)")


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [({"has_slack_data": False}, "no Slack data"), ({"channels": 0}, "the project has no channel")],
)
def test_communication_is_unavailable_without_slack_or_a_channel(
    overrides: dict[str, Any], reason: str
) -> None:
    result = score_communication(comms(**overrides), cfg=CFG)
    assert (result.available, result.detail) == (False, reason)


def flow_inputs(**overrides: Any) -> ThroughputInputs:
    fields: dict[str, Any] = {
        "total_tasks": 30, "resolved_28d": 6, "created_28d": 10, "lead_p85_prior": 12.0, "lead_n_prior": 5,
        "lead_p85_recent": 15.0, "lead_n_recent": 5, "wip": 5, "ageing": 2, "ageing_share": 0.4,
    }  # fmt: skip
    return ThroughputInputs(**(fields | overrides))


def test_throughput_matches_the_spec_formula_and_text() -> None:
    result = score_throughput(flow_inputs(), cfg=CFG)
    assert result.value == 70.0  # f = 0.6, l = 12/15 = 0.8
    assert result.detail == (
        "6 resolved vs 10 created in 28 days (0.6); "
        "p85 lead time 12.0 d before vs 15.0 d in the last 28 days (0.8)"
    )


def test_throughput_falls_back_to_ageing_when_lead_samples_are_small() -> None:
    result = score_throughput(flow_inputs(lead_n_recent=4), cfg=CFG)
    assert result.value == 60.0  # l = 1 − 0.4
    assert "2 of 5 WIP tasks ageing (0.6)" in result.detail


def test_throughput_caps_f_at_one_and_l_at_one() -> None:
    result = score_throughput(flow_inputs(resolved_28d=12, created_28d=0, lead_p85_prior=20.0), cfg=CFG)
    assert (result.inputs["f"], result.inputs["l"], result.inputs["resolved_created_ratio"], result.value) == (
        1.0, 1.0, 12.0, 100.0,
    )  # fmt: skip


def test_throughput_is_unavailable_without_tasks() -> None:
    assert score_throughput(flow_inputs(total_tasks=0), cfg=CFG).available is False


def docs(**overrides: Any) -> DocumentationInputs:
    fields: dict[str, Any] = {
        "has_drive_data": True, "project_docs": 8, "docs_modified_60d": 3, "coverage_subjects": 5,
        "coverage_named": 4, "key_docs_expected": 3, "key_docs_found": 2,
    }  # fmt: skip
    return DocumentationInputs(**(fields | overrides))


def test_documentation_matches_the_spec_formula_and_text() -> None:
    result = score_documentation(docs(), cfg=CFG)
    assert result.value == round(100 * (0.4 * 3 / 8 + 0.3 * 0.8 + 0.3 * 2 / 3), 4) == 59.0
    assert result.detail == (
        "3 of 8 project docs updated in 60 days (0.38); 4 of 5 epics named in docs (0.8); "
        "2 of 3 key documents found (0.67)"
    )


def test_a_project_without_documents_scores_zero_and_says_so() -> None:
    result = score_documentation(
        docs(project_docs=0, docs_modified_60d=0, coverage_named=0, key_docs_found=0), cfg=CFG
    )
    assert (result.available, result.value) == (True, 0.0)
    assert result.detail.startswith("no project documents (0.0)")


def test_documentation_is_unavailable_without_drive_data() -> None:
    result = score_documentation(docs(has_drive_data=False), cfg=CFG)
    assert (result.available, result.detail) == (False, "no Drive data")


@pytest.mark.parametrize(("n", "limit", "value"), [(0, 5, 100.0), (1, 5, 80.0), (6, 5, 0.0), (3, 10, 70.0)])
def test_alerts_score(n: int, limit: int, value: float) -> None:
    result = score_alerts(AlertInputs(open_alerts=n), limit=limit)
    assert (result.name, result.available, result.value) == (SubScoreName.ALERTS, True, value)
