"""Risks R1–R12 (04 §6): each rule's threshold, severity and sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from tests.intel.fixtures_findings import PROJECT_ID

from chiefops.intel.evidence import Evidence, EvidenceKind, FindingKind, FindingStatus, Severity, finding_id
from chiefops.intel.gaps_critical import ProjectRef
from chiefops.intel.risks import RiskReport, RisksConfig, compute_risks, key_risks, missing_tasks
from chiefops.intel.risks_inputs import (
    BlockerThread,
    Disagreement,
    RiskInputs,
    SilentMember,
    SinglePointOfFailure,
    TaskBrief,
    Workload,
)

AS_OF = date(2026, 11, 30)
BETA = ProjectRef(project_id=PROJECT_ID, name="Project Beta", deadline=date(2026, 12, 31))
QUIET = RiskInputs(project=BETA, open_tasks=40, documents=4, newest_document_on=date(2026, 11, 20))


def _risks(**changes: object) -> RiskReport:
    return compute_risks(QUIET.model_copy(update=changes), as_of=AS_OF, cfg=RisksConfig())


def _fired(**changes: object) -> list[tuple[str, Severity, str]]:
    return [(f.rule_id, f.severity, f.sentence) for f in _risks(**changes).findings]


def _blocked(n: int, age: int = 3) -> list[TaskBrief]:
    return [TaskBrief(ref=f"BETA-{200 + i}", summary=f"Blocked {i}", age_days=age) for i in range(n)]


def test_a_quiet_project_raises_no_risk() -> None:
    assert _fired() == []


@pytest.mark.parametrize(
    ("p50", "p85", "severity"),
    [
        (date(2026, 12, 20), date(2027, 1, 8), Severity.HIGH),
        (date(2027, 1, 2), date(2027, 1, 19), Severity.CRITICAL),
    ],
)
def test_r1_forecast_after_the_deadline(p50: date, p85: date, severity: Severity) -> None:
    assert _fired(forecast_p50=p50, forecast_p85=p85) == [
        ("R1", severity, f"The forecast finishes after the 2026-12-31 deadline: p50 {p50}, p85 {p85}.")
    ]


def test_r1_stays_quiet_when_p85_meets_the_deadline() -> None:
    assert _fired(forecast_p50=date(2026, 12, 1), forecast_p85=date(2026, 12, 31)) == []


def test_r2_three_blocked_tasks_or_one_blocked_over_a_week() -> None:
    assert _fired(blocked=_blocked(2)) == []
    assert _fired(blocked=_blocked(3)) == [
        (
            "R2",
            Severity.HIGH,
            "3 open tasks are blocked (BETA-200, BETA-201, BETA-202); the oldest blocker is 3 days old.",
        )
    ]
    assert _fired(blocked=_blocked(1, age=8)) == [
        ("R2", Severity.HIGH, "1 open task is blocked (BETA-200); the oldest blocker is 8 days old.")
    ]


def _thread(hours: float) -> BlockerThread:
    evidence = Evidence(
        kind=EvidenceKind.MESSAGE,
        ref="slack:C9:1763889160",
        source="slack",
        label="#proj-beta 2026-11-23 09:12",
    )
    return BlockerThread(
        ref="slack:C9:1763889160",
        channel="#proj-beta",
        posted_on=date(2026, 11, 23),
        age_hours=hours,
        text="Still blocked on BETA-208: the full-copy sandbox refresh has been pending since Thursday",
        evidence=evidence,
    )


def test_r3_an_unanswered_blocker_thread_older_than_48_hours() -> None:
    assert _fired(unanswered_threads=[_thread(48.0)]) == []
    [finding] = _risks(unanswered_threads=[_thread(176.8)]).findings
    assert (finding.rule_id, finding.severity, finding.finding_id, finding.evidence[0].ref) == (
        "R3",
        Severity.HIGH,
        finding_id(PROJECT_ID, "R3", "slack:C9:1763889160"),
        "slack:C9:1763889160",
    )
    assert finding.sentence == (
        "A blocker post in #proj-beta from 2026-11-23 has had no answer for 7 days: "
        "'Still blocked on BETA-208: the full-copy sandbox refresh has been pending since Thursday'"
    )


def test_r4_concentration_is_medium_and_a_single_point_of_failure_high() -> None:
    heavy = Workload(person_id="raj", name="Raj Patel", open_tasks=21)
    assert _fired(workload=[heavy, Workload(person_id="amit", name="Amit Kumar", open_tasks=19)]) == [
        ("R4", Severity.MEDIUM, "Raj Patel holds 21 of 40 open tasks (52%).")
    ]
    spof = SinglePointOfFailure(person_id="raj", name="Raj Patel", scope="Payment flow", open_tasks=6)
    assert _fired(workload=[heavy], single_points_of_failure=[spof]) == [
        (
            "R4",
            Severity.HIGH,
            "Raj Patel holds 21 of 40 open tasks (52%) and is the only assignee of all 6 open 'Payment flow' tasks.",
        )
    ]


def test_r4_needs_at_least_five_tasks_and_asks_who_takes_over() -> None:
    assert _fired(open_tasks=6, workload=[Workload(person_id="a", name="Ann Lee", open_tasks=4)]) == []
    spof = SinglePointOfFailure(person_id="raj", name="Raj Patel", scope="payment-flow", open_tasks=5)
    report = _risks(single_points_of_failure=[spof])
    assert [(q.question, q.severity, q.because.finding_id) for q in report.questions] == [
        (
            "Who can take over the payment-flow tasks if Raj is out?",
            Severity.HIGH,
            report.findings[0].finding_id,
        )
    ]


def test_r5_a_silent_member_carries_the_flags_severity() -> None:
    kevin = SilentMember(
        person_id="kevin",
        name="Kevin O'Brien",
        severity=Severity.HIGH,
        days_silent=11,
        open_tasks=[
            TaskBrief(ref="DELTA-290", summary="Account settings page rebuild"),
            TaskBrief(ref="DELTA-301", summary="Notification preferences UI"),
        ],
    )
    assert _fired(silent_members=[kevin]) == [
        (
            "R5",
            Severity.HIGH,
            "Kevin O'Brien has been silent for 11 days while holding 2 open tasks (DELTA-290, DELTA-301).",
        )
    ]


def test_r6_unassigned_high_priority_tasks() -> None:
    tasks = [TaskBrief(ref=f"DELTA-{n}", summary="x") for n in (399, 384, 403)]
    assert _fired(unassigned_high=tasks) == [
        (
            "R6",
            Severity.HIGH,
            "3 high-priority open tasks without an assignee: DELTA-384, DELTA-399, DELTA-403.",
        )
    ]


@pytest.mark.parametrize(
    ("trend", "r", "severity"),
    [
        ("falling", 0.84, Severity.MEDIUM),
        ("falling", 0.59, Severity.HIGH),
        ("flat", 0.5, None),
        ("falling", 0.85, None),
    ],
)
def test_r7_falling_throughput(trend: str, r: float, severity: Severity | None) -> None:
    fired = _fired(velocity_trend=trend, velocity_r=r, resolved_last_28d=4, resolved_prior_28d=10)
    expected = f"Throughput is falling: 4 tasks resolved in the last 28 days against 10 in the 28 days before (r = {r:.2f})."
    assert fired == ([("R7", severity, expected)] if severity else [])


def test_r8_scope_growth_beyond_one_and_a_half_times_the_resolved() -> None:
    assert _fired(created_28d=15, resolved_last_28d=10) == []
    assert _fired(created_28d=16, resolved_last_28d=10) == [
        ("R8", Severity.MEDIUM, "Scope is growing: 16 tasks created and 10 resolved in the last 28 days.")
    ]


def test_r9_ageing_share_over_thirty_percent() -> None:
    assert _fired(wip=10, ageing_wip=3) == []
    assert _fired(wip=10, ageing_wip=4) == [
        ("R9", Severity.MEDIUM, "4 of 10 tasks in progress (40%) are older than the usual lead time.")
    ]


@pytest.mark.parametrize(
    ("open_tasks", "overdue", "fires"), [(40, 4, False), (40, 5, True), (10, 3, True), (10, 2, False)]
)
def test_r10_overdue_count_or_share(open_tasks: int, overdue: int, fires: bool) -> None:
    fired = _fired(open_tasks=open_tasks, overdue=overdue)
    assert fired == (
        [("R10", Severity.MEDIUM, f"{overdue} of {open_tasks} open tasks are past their due date.")]
        if fires
        else []
    )


def test_r11_stale_documents_close_to_the_deadline() -> None:
    assert _fired(newest_document_on=date(2026, 10, 1)) == []
    assert _fired(newest_document_on=date(2026, 9, 30)) == [
        (
            "R11",
            Severity.LOW,
            "The deadline 2026-12-31 is 31 days away and the newest project document dates from 2026-09-30.",
        )
    ]
    far = BETA.model_copy(update={"deadline": date(2027, 3, 1)})
    assert _fired(project=far, newest_document_on=None, documents=0) == []


def test_r12_slack_and_jira_disagree() -> None:
    said = Evidence(
        kind=EvidenceKind.MESSAGE, ref="slack:C9:1", source="slack", label="#proj-beta 2026-11-27 10:00"
    )
    disagreement = Disagreement(
        task_ref="BETA-217", slack_says="done", jira_status="In Progress", evidence=[said]
    )
    assert _fired(disagreements=[disagreement]) == [
        ("R12", Severity.LOW, "Slack says BETA-217 is done, but Jira shows 'In Progress'.")
    ]


def test_findings_come_worst_first_and_dismissed_ones_keep_their_status() -> None:
    changes = {"velocity_trend": "falling", "velocity_r": 0.4, "created_28d": 30, "blocked": _blocked(3)}
    r8 = finding_id(PROJECT_ID, "R8", "scope_growth")
    report = compute_risks(QUIET.model_copy(update=changes), as_of=AS_OF, cfg=RisksConfig(), dismissed={r8})
    assert [(f.rule_id, f.severity, f.status) for f in report.findings] == sorted(
        [
            ("R2", Severity.HIGH, FindingStatus.OPEN),
            ("R7", Severity.HIGH, FindingStatus.OPEN),
            ("R8", Severity.MEDIUM, FindingStatus.DISMISSED),
        ],
        key=lambda r: (
            r[1].rank,
            finding_id(PROJECT_ID, r[0], {"R2": "blocked", "R7": "velocity", "R8": "scope_growth"}[r[0]]),
        ),
    )
    assert all(f.kind is FindingKind.RISK for f in report.findings)


def test_key_risks_and_missing_tasks_take_open_sentences_by_kind() -> None:
    report = _risks(velocity_trend="falling", velocity_r=0.4, created_28d=30, blocked=_blocked(3))
    assert key_risks(report.findings) == [f.sentence for f in report.findings if f.severity is Severity.HIGH]
    assert missing_tasks(report.findings) == []


def test_first_seen_stamps_carry_over_to_risk_findings() -> None:
    r6 = finding_id(PROJECT_ID, "R6", "unassigned_high")
    first = datetime(2026, 11, 9, 18, 0, tzinfo=UTC)
    report = compute_risks(
        QUIET.model_copy(update={"unassigned_high": [TaskBrief(ref="B-1", summary="x")]}),
        as_of=AS_OF,
        cfg=RisksConfig(),
        first_seen={r6: first},
    )
    assert [(f.finding_id, f.first_seen_as_of) for f in report.findings] == [(r6, first)]
