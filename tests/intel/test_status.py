"""Project status (spec 04 §4): rules from the top, every fired rule listed with evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from chiefops.intel.evidence import (
    CorpusSearched,
    Evidence,
    EvidenceKind,
    Finding,
    FindingKind,
    FindingStatus,
    Severity,
)
from chiefops.intel.flow import FlowConfig, compute_flow
from chiefops.intel.flow_models import TaskRef
from chiefops.intel.status import (
    CooStatusFact,
    SilentMember,
    StatusConfig,
    StatusInputs,
    compute_status,
    status_inputs,
)
from chiefops.models import ProjectStatus, Task, TaskSource

TODAY = date(2026, 11, 30)
CFG = StatusConfig()


def refs(*keys: str) -> list[TaskRef]:
    return [TaskRef(task_id=f"id-{key}", jira_key=key) for key in keys]


def inputs(**overrides: Any) -> StatusInputs:
    """A healthy project: H 82, deadline in 40 days, 10 of 30 tasks open, flat velocity, nothing flagged."""
    fields: dict[str, Any] = {
        "as_of": TODAY,
        "health": 82,
        "deadline_on": TODAY + timedelta(days=40),
        "total_tasks": 30,
        "completed_tasks": 20,
        "open_tasks": 10,
        "completion_pct": 66.7,
        "open_high_priority": refs("P-1"),
        "p_on_time": 0.93,
        "p85_on": TODAY + timedelta(days=30),
        "p85_beyond_cap": False,
        "feasibility": "feasible",
        "people_needed": 2,
        "active_people": 4,
        "velocity": "flat",
        "velocity_r": 1.02,
        "blocked_open": refs("P-2"),
        "unassigned_high": [],
        "critical_findings": [],
        "silent_members": [],
        "coo_status": None,
    }
    return StatusInputs(**(fields | overrides))


def finding(severity: Severity = Severity.CRITICAL) -> Finding:
    evidence = Evidence(
        kind=EvidenceKind.ABSENCE,
        ref="app-store",
        source="derived",
        label="searched 143 tasks",
        terms=["app store connect"],
        corpora=[CorpusSearched(corpus="tasks", size=143)],
        hits=0,
    )
    return Finding(
        finding_id="f-1",
        project_id="alpha",
        kind=FindingKind.GAP_MISSING,
        rule_id="apple_developer_account",
        severity=severity,
        title="No Apple developer account task",
        sentence="No task covers the Apple developer account.",
        evidence=[evidence],
        confidence=0.9,
    )


def codes(result_inputs: StatusInputs) -> tuple[ProjectStatus, list[str]]:
    result = compute_status(result_inputs, cfg=CFG)
    return result.status, [reason.code for reason in result.reasons]


def test_a_healthy_project_is_on_track_with_one_explaining_reason() -> None:
    result = compute_status(inputs(), cfg=CFG)
    assert result.status is ProjectStatus.ON_TRACK
    [reason] = result.reasons
    assert (reason.code, reason.level, reason.sentence) == (
        "on_track",
        ProjectStatus.ON_TRACK,
        "None of the behind or at-risk rules fired; health is 82.",
    )
    assert [e.label for e in reason.evidence] == ["H = 82"]


def test_a_coo_fact_marks_completed_before_any_other_rule() -> None:
    fact = CooStatusFact(fact_id="fact-9", status=ProjectStatus.COMPLETED)
    assert codes(inputs(health=20, coo_status=fact)) == (ProjectStatus.COMPLETED, ["coo_completed"])


def test_all_tasks_done_is_completed() -> None:
    assert codes(inputs(completed_tasks=30, open_tasks=0, completion_pct=100.0, open_high_priority=[])) == (
        ProjectStatus.COMPLETED,
        ["all_done", "nearly_done"],
    )


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({}, ProjectStatus.COMPLETED),
        ({"open_high_priority": refs("P-7")}, ProjectStatus.ON_TRACK),
        ({"critical_findings": [finding()]}, ProjectStatus.AT_RISK),
        ({"completion_pct": 94.9}, ProjectStatus.ON_TRACK),
    ],
)
def test_nearly_done_needs_95_percent_and_nothing_critical_open(
    overrides: dict[str, Any], status: ProjectStatus
) -> None:
    base = {"completed_tasks": 29, "open_tasks": 1, "completion_pct": 96.7, "open_high_priority": []}
    assert compute_status(inputs(**(base | overrides)), cfg=CFG).status is status


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"health": 39}, "health_red"),
        ({"deadline_on": TODAY - timedelta(days=1)}, "deadline_passed"),
        ({"p_on_time": 0.49}, "forecast_unlikely"),
        ({"feasibility": "infeasible", "people_needed": 6, "active_people": 4}, "understaffed"),
        (
            {"velocity": "falling", "velocity_r": 0.36, "blocked_open": refs("B-1", "B-2", "B-3")},
            "falling_with_blockers",
        ),
    ],
)
def test_each_behind_rule(overrides: dict[str, Any], code: str) -> None:
    status, fired = codes(inputs(**overrides))
    assert status is ProjectStatus.BEHIND
    assert fired[0] == code


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"health": 69}, "health_amber"),
        ({"health": 40}, "health_amber"),
        ({"feasibility": "tight"}, "feasibility_tight"),
        ({"feasibility": "infeasible", "people_needed": 5, "active_people": 4}, "feasibility_infeasible"),
        ({"p85_on": TODAY + timedelta(days=41)}, "p85_after_deadline"),
        ({"p85_on": None, "p85_beyond_cap": True}, "p85_after_deadline"),
        ({"critical_findings": [finding()]}, "open_critical_finding"),
        ({"unassigned_high": refs("D-1", "D-2")}, "unassigned_high_priority"),
        (
            {
                "silent_members": [
                    SilentMember(person_id="kevin", name="Kevin O'Brien", open_tasks=refs("D-3"))
                ]
            },
            "silent_member",
        ),
        ({"velocity": "falling", "velocity_r": 0.7}, "velocity_falling"),
    ],
)
def test_each_at_risk_rule(overrides: dict[str, Any], code: str) -> None:
    assert codes(inputs(**overrides)) == (ProjectStatus.AT_RISK, [code])


def test_rules_that_do_not_reach_their_threshold_do_not_fire() -> None:
    quiet = inputs(p_on_time=0.5, unassigned_high=refs("D-1"), health=70, p85_on=TODAY + timedelta(days=40))
    assert codes(quiet) == (ProjectStatus.ON_TRACK, ["on_track"])
    falling_two_blocked = inputs(velocity="falling", velocity_r=0.5, blocked_open=refs("B-1", "B-2"))
    assert codes(falling_two_blocked) == (ProjectStatus.AT_RISK, ["velocity_falling"])


def test_behind_lists_every_fired_rule_behind_rules_first_the_named_cause_first() -> None:
    beta = inputs(
        health=35, velocity="falling", velocity_r=0.36, blocked_open=refs("B-1", "B-2", "B-3"), p_on_time=0.2
    )
    assert codes(beta) == (
        ProjectStatus.BEHIND,
        ["falling_with_blockers", "forecast_unlikely", "health_red", "velocity_falling"],
    )


def test_falling_velocity_with_three_blockers_reads_as_the_spec_sentence() -> None:
    result = compute_status(
        inputs(health=62, velocity="falling", velocity_r=0.36, blocked_open=refs("B-1", "B-2", "B-3")),
        cfg=CFG,
    )
    assert result.status is ProjectStatus.BEHIND
    reason = result.reasons[0]
    assert reason.sentence == "Throughput is falling (r = 0.36) with 3 open blocked tasks: B-1, B-2, B-3."
    assert [e.label for e in reason.evidence] == ["velocity falling (r = 0.36)", "B-1", "B-2", "B-3"]
    assert [r.code for r in result.reasons] == ["falling_with_blockers", "health_amber", "velocity_falling"]


def test_silent_member_and_unassigned_high_priority_tasks_both_appear_as_reasons() -> None:
    kevin = SilentMember(
        person_id="kevin", name="Kevin O'Brien", open_tasks=refs("D-3", "D-4"), days_silent=11
    )
    result = compute_status(inputs(silent_members=[kevin], unassigned_high=refs("D-1", "D-2")), cfg=CFG)
    assert result.status is ProjectStatus.AT_RISK
    assert [r.sentence for r in result.reasons] == [
        "Kevin O'Brien holds 2 open tasks and has been silent for 11 days.",
        "2 high-priority open tasks have no owner: D-1, D-2.",
    ]
    assert result.reasons[0].evidence[0].model_dump(include={"kind", "ref", "label", "excerpt"}) == {
        "kind": EvidenceKind.PERSON,
        "ref": "kevin",
        "label": "Kevin O'Brien",
        "excerpt": "D-3, D-4",
    }


def test_an_infeasible_verdict_short_of_behind_is_named_so_and_quotes_its_arithmetic() -> None:
    """Fix: an infeasible verdict was reported as `feasibility_tight`, "Feasibility is infeasible", no numbers."""
    arithmetic = (
        "14 tasks left at 2.0 per person-week with 4 active people and 2.6 weeks left: 5 people needed."
    )
    result = compute_status(
        inputs(feasibility="infeasible", people_needed=5, active_people=4, feasibility_sentence=arithmetic),
        cfg=CFG,
    )
    assert [(r.code, r.sentence) for r in result.reasons] == [
        ("feasibility_infeasible", f"Not feasible for the deadline: {arithmetic}")
    ]


def test_critical_finding_reason_cites_the_finding_evidence() -> None:
    result = compute_status(inputs(critical_findings=[finding()]), cfg=CFG)
    assert result.reasons[0].sentence == "1 open critical finding: No Apple developer account task."
    assert result.reasons[0].evidence == finding().evidence


def test_status_inputs_gather_the_stage_results() -> None:
    as_of = datetime(2026, 11, 30, 12, tzinfo=UTC)
    base: dict[str, Any] = {"source": TaskSource.JIRA, "project_id": "p", "updated_date": as_of}
    tasks = [
        Task(
            task_id="t1",
            jira_key="P-1",
            summary="a",
            status="Done",
            created_date=as_of,
            resolved_date=as_of,
            **base,
        ),
        Task(
            task_id="id-P-2",
            jira_key="P-2",
            summary="b",
            status="Blocked",
            created_date=as_of,
            priority="High",
            assignees=[],
            **base,
        ),
    ]
    flow = compute_flow(tasks, as_of=as_of, cfg=FlowConfig())
    dismissed = finding().model_copy(update={"finding_id": "f-2", "status": FindingStatus.DISMISSED})
    gathered = status_inputs(
        flow=flow,
        health=55,
        deadline=as_of + timedelta(days=10),
        forecast=None,
        feasibility=None,
        findings=[finding(Severity.HIGH), dismissed, finding()],
        silent_members=[],
        coo_status=None,
    )
    assert (gathered.total_tasks, gathered.open_tasks, gathered.completion_pct) == (2, 1, 50.0)
    assert gathered.blocked_open == gathered.unassigned_high == gathered.open_high_priority == refs("P-2")
    assert [f.finding_id for f in gathered.critical_findings] == ["f-1"]
    assert (gathered.p_on_time, gathered.feasibility, gathered.deadline_on) == (
        None,
        None,
        date(2026, 12, 10),
    )
    assert codes(gathered) == (ProjectStatus.AT_RISK, ["open_critical_finding", "health_amber"])
