"""Org and project briefings (04 §6, A15): sections, limits, baseline and what_changed."""

from __future__ import annotations

from datetime import date

import pytest
from tests.intel.fixtures_findings import at, make_task, metric

from chiefops.errors import NotFound
from chiefops.intel.briefing import BriefingConfig, compute_org_briefing, compute_project_briefing
from chiefops.intel.briefing_changes import build_snapshot_summary, compute_task_changes
from chiefops.intel.briefing_models import (
    AppliedCorrection,
    Briefing,
    BriefingInputs,
    ContradictedCorrection,
    MilestoneState,
    PendingMatch,
    PersonDigest,
    ProjectState,
    SilentMemberState,
    SnapshotSummary,
    TaskChanges,
)
from chiefops.intel.evidence import Finding, FindingKind, FindingStatus, Severity, finding_id
from chiefops.models import ActivityLevel, MilestoneStatus, ProjectStatus

AS_OF = date(2026, 11, 30)
CFG = BriefingConfig()
KEVIN = SilentMemberState(person_id="kevin", name="Kevin O'Brien", severity=Severity.HIGH, open_tasks=3)
STATES = [
    ProjectState(
        project_id="alpha",
        name="Project Alpha",
        status=ProjectStatus.AT_RISK,
        status_reasons=["open critical finding"],
        health=62,
        velocity_trend="flat",
        open_tasks=16,
        deadline=date(2026, 12, 18),
    ),
    ProjectState(
        project_id="beta",
        name="Project Beta",
        status=ProjectStatus.BEHIND,
        status_reasons=["velocity falling and 3 open blocked tasks"],
        health=38,
        velocity_trend="falling",
        open_tasks=47,
        blocked_open=3,
        overdue=2,
        deadline=date(2026, 12, 31),
    ),
    ProjectState(
        project_id="delta",
        name="Project Delta",
        status=ProjectStatus.AT_RISK,
        status_reasons=["silent member", "3 unassigned high-priority tasks"],
        health=58,
        open_tasks=43,
        silent_members=[KEVIN],
        deadline=date(2027, 1, 22),
    ),
    ProjectState(
        project_id="gamma",
        name="Project Gamma",
        status=ProjectStatus.ON_TRACK,
        health=81,
        velocity_trend="rising",
        open_tasks=78,
        deadline=date(2027, 2, 26),
        milestones=[
            MilestoneState(name="Backfill done", on=date(2026, 11, 20), status=MilestoneStatus.COMPLETED)
        ],
    ),
    ProjectState(
        project_id="ops",
        name="Ops Automation",
        status=ProjectStatus.COMPLETED,
        health=90,
        completion_pct=97.5,
        deadline=date(2026, 12, 11),
    ),
]
PEOPLE = [PersonDigest(person_id="kevin", name="Kevin O'Brien", activity_level=ActivityLevel.QUIET)]


def _finding(
    project: str, rule: str, kind: FindingKind, severity: Severity, text: str, *, start: date | None = None
) -> Finding:
    return Finding(
        finding_id=finding_id(project, rule, "s"),
        project_id=project,
        kind=kind,
        rule_id=rule,
        severity=severity,
        title=text.split(":")[0],
        sentence=text,
        evidence=[metric(f"{project}:{rule}", text[:40])],
        confidence=1.0,
        latest_start=start,
    )


FINDINGS = [
    _finding(
        "alpha",
        "app_store_review",
        FindingKind.GAP_MISSING,
        Severity.CRITICAL,
        "Project Alpha has no task or owner for the App Store review submission.",
        start=date(2026, 12, 11),
    ),
    _finding(
        "alpha",
        "apple_developer_account",
        FindingKind.GAP_MISSING,
        Severity.CRITICAL,
        "Project Alpha has no task or owner for the Apple Developer Program.",
        start=date(2026, 12, 4),
    ),
    _finding(
        "beta",
        "R3",
        FindingKind.RISK,
        Severity.HIGH,
        "A blocker post in #proj-beta from 2026-11-23 has had no answer for 7 days.",
    ),
    _finding(
        "beta", "R7", FindingKind.RISK, Severity.HIGH, "Throughput is falling: 4 against 12 (r = 0.33)."
    ),
    _finding("beta", "R8", FindingKind.RISK, Severity.MEDIUM, "Scope is growing."),
    _finding(
        "delta",
        "R5",
        FindingKind.RISK,
        Severity.HIGH,
        "Kevin O'Brien has been silent for 11 days while holding 3 open tasks.",
    ),
    *[
        _finding(
            "delta",
            f"unowned_critical:{key}",
            FindingKind.UNOWNED_CRITICAL,
            Severity.HIGH,
            f"{key} is critical but has no owner.",
        )
        for key in ("DELTA-384", "DELTA-399")
    ],
]
MATCH = PendingMatch(
    match_id="m1",
    question="Is 'raj' in Slack the same person as Rajesh Patel in Jira?",
    confidence=0.75,
    evidence=[metric("match:m1", "single_token 0.75")],
)


def _snapshot(
    states: list[ProjectState] = STATES,
    findings: list[Finding] = FINDINGS,
    people: list[PersonDigest] = PEOPLE,
    as_of: date = AS_OF,
) -> SnapshotSummary:
    return build_snapshot_summary(
        as_of=as_of, org_health=61, projects=states, findings=findings, people=people
    )


def _org(**changes: object) -> Briefing:
    inputs = BriefingInputs(as_of=AS_OF, current=_snapshot(), findings=FINDINGS, pending_matches=[MATCH])
    return compute_org_briefing(inputs.model_copy(update=changes), cfg=CFG)


def test_org_summary_names_the_critical_gap_and_the_projects_behind_and_at_risk() -> None:
    assert [(i.severity, i.text) for i in _org().summary] == [
        (
            Severity.CRITICAL,
            "Project Alpha has 2 critical findings: Project Alpha has no task or owner for the Apple Developer Program; "
            "Project Alpha has no task or owner for the App Store review submission.",
        ),
        (Severity.HIGH, "Project Beta is behind: velocity falling and 3 open blocked tasks."),
        (Severity.MEDIUM, "Project Alpha is at risk: open critical finding."),
        (Severity.MEDIUM, "Project Delta is at risk: silent member; 3 unassigned high-priority tasks."),
        (Severity.INFO, "4 active projects: 1 behind, 2 at risk, 1 on track; 1 completed. Org health is 61."),
    ]


def test_needs_attention_lists_gaps_unowned_work_threads_silence_and_matches() -> None:
    assert [(i.severity, i.text) for i in _org().needs_attention] == [
        (Severity.CRITICAL, "Project Alpha has no task or owner for the Apple Developer Program."),
        (Severity.CRITICAL, "Project Alpha has no task or owner for the App Store review submission."),
        (
            Severity.HIGH,
            "Project Delta: 2 critical tasks have no owner (delta:unowned_critical:DELTA-384, delta:unowned_critical:DELTA-399).",
        ),
        (
            Severity.HIGH,
            "Project Beta: A blocker post in #proj-beta from 2026-11-23 has had no answer for 7 days.",
        ),
        (
            Severity.HIGH,
            "Project Delta: Kevin O'Brien has been silent for 11 days while holding 3 open tasks.",
        ),
        (Severity.MEDIUM, "Is 'raj' in Slack the same person as Rajesh Patel in Jira?"),
    ]


def test_risks_hold_critical_and_high_findings_with_unowned_tasks_grouped() -> None:
    # high findings without a latest start tie, so they follow in finding_id order
    assert [i.text for i in _org().risks] == [
        "Project Alpha has no task or owner for the Apple Developer Program.",
        "Project Alpha has no task or owner for the App Store review submission.",
        "Project Delta: Kevin O'Brien has been silent for 11 days while holding 3 open tasks.",
        "Project Delta: 2 critical tasks have no owner "
        "(delta:unowned_critical:DELTA-384, delta:unowned_critical:DELTA-399).",
        "Project Beta: Throughput is falling: 4 against 12 (r = 0.33).",
    ]


def test_first_run_highlights_lowlights_and_baseline() -> None:
    briefing = _org()
    assert [i.text for i in briefing.highlights] == [
        "Project Gamma: throughput is rising.",
        "Project Gamma met the milestone 'Backfill done' on 2026-11-20.",
        "Ops Automation is complete (97.5% done).",
    ]
    assert [(i.severity, i.text) for i in briefing.lowlights] == [
        (Severity.HIGH, "Project Delta: Kevin O'Brien has gone silent while holding 3 open tasks."),
        (Severity.MEDIUM, "Project Beta: throughput is falling."),
    ]
    assert (briefing.is_baseline, [i.text for i in briefing.what_changed]) == (
        True,
        ["Baseline: first analysis as of 2026-11-30, covering 5 projects, 8 open findings and 1 person."],
    )


def test_briefings_show_at_most_five_gap_findings_per_project() -> None:
    gaps = [
        _finding(
            "alpha",
            f"item_{n}",
            FindingKind.GAP_MISSING,
            Severity.HIGH,
            f"Gap {n}.",
            start=date(2026, 12, n + 1),
        )
        for n in range(7)
    ]
    risks = _org(findings=gaps).risks
    assert [i.text for i in risks] == [f"Project Alpha: Gap {n}." for n in range(5)]


def test_dismissed_findings_never_reach_a_briefing() -> None:
    dismissed = [f.model_copy(update={"status": FindingStatus.DISMISSED}) for f in FINDINGS]
    briefing = _org(findings=dismissed, pending_matches=[])
    assert (briefing.risks, briefing.needs_attention, briefing.summary[-1].text) == (
        [],
        [],
        "No critical or high findings are open.",
    )


def test_what_changed_compares_with_the_previous_snapshot() -> None:
    before_states = [
        STATES[0].model_copy(update={"health": 70, "status": ProjectStatus.ON_TRACK}),
        STATES[1].model_copy(update={"blocked_open": 5, "overdue": 1}),
        *STATES[2:],
    ]
    old_finding = _finding(
        "gamma", "backfill", FindingKind.GAP_MISSING, Severity.MEDIUM, "Project Gamma has no backfill task."
    )
    previous = _snapshot(
        before_states,
        [*FINDINGS[2:], old_finding],
        [PEOPLE[0].model_copy(update={"activity_level": ActivityLevel.ACTIVE})],
        as_of=date(2026, 11, 23),
    )
    people = [*PEOPLE, PersonDigest(person_id="zoe", name="Zoe Park", activity_level=ActivityLevel.ACTIVE)]
    inputs = BriefingInputs(
        as_of=AS_OF,
        current=_snapshot(people=people),
        previous=previous,
        findings=FINDINGS,
        task_changes=[
            TaskChanges(project_id="alpha", created=6, resolved=9),
            TaskChanges(project_id="beta", created=4, resolved=2),
        ],
    )
    briefing = compute_org_briefing(inputs, cfg=CFG)
    assert [(i.severity, i.text) for i in briefing.what_changed] == [
        (Severity.INFO, "10 tasks created and 11 resolved since 2026-11-23."),
        (Severity.MEDIUM, "Project Alpha moved from on_track to at_risk: open critical finding."),
        (Severity.LOW, "Project Alpha health 70 → 62 (-8)."),
        (
            Severity.CRITICAL,
            "2 new findings: Project Alpha has no task or owner for the Apple Developer Program; "
            "Project Alpha has no task or owner for the App Store review submission.",
        ),
        (Severity.INFO, "1 closed finding: Project Gamma has no backfill task."),
        (Severity.INFO, "1 new person: Zoe Park."),
        (Severity.INFO, "1 activity change: Kevin O'Brien active → quiet."),
    ]
    assert [i.text for i in briefing.highlights] == [
        "Project Beta cleared 2 blockers (5 → 3).",
        "Project Gamma: throughput is rising.",
        "Project Gamma: gap closed: Project Gamma has no backfill task.",
    ]
    assert [i.text for i in briefing.lowlights] == [
        "Project Alpha health fell 8 (70 → 62).",
        "Project Beta: throughput is falling.",
        "Project Beta: overdue tasks rose from 1 to 2.",
    ]


def test_a_rerun_after_a_correction_says_nothing_changed_and_lists_the_correction() -> None:
    """Fix: after a correction with no new data the briefing claimed "Baseline: first analysis"."""
    applied = AppliedCorrection(
        fact_id="f1", project_id="alpha", text="Project Alpha — tech lead: Priya Sharma", on=date(2026, 12, 2)
    )
    before = _snapshot()
    after = before.model_copy(update={"corrections": [applied]})
    inputs = BriefingInputs(as_of=AS_OF, current=after, previous=before, findings=FINDINGS)
    briefing = compute_org_briefing(inputs, cfg=CFG)
    assert (briefing.is_baseline, [i.text for i in briefing.what_changed]) == (
        False,
        [
            "Nothing changed in the data since 2026-11-30.",
            "Applied 1 correction of yours: Project Alpha — tech lead: Priya Sharma (2026-12-02).",
        ],
    )
    gamma = compute_project_briefing("gamma", inputs, cfg=CFG)
    assert [i.text for i in gamma.what_changed] == ["Nothing changed in the data since 2026-11-30."]


def test_a_status_summary_names_two_reasons_as_one_sentence() -> None:
    """Fix: every reason sentence was joined with '; ' and a full stop added, giving '….; …..'."""
    beta = STATES[1].model_copy(
        update={
            "status_reasons": [
                "Throughput is falling (r = 0.19) with 3 open blocked tasks: BETA-208, BETA-226, BETA-212.",
                "The forecast gives a 0% chance of finishing by the deadline 2026-12-31.",
                "Not feasible by the deadline: 154 people needed against 8 active (at least 1.5×).",
                "Kevin O'Brien holds 3 open tasks.",
            ]
        }
    )
    inputs = BriefingInputs(as_of=AS_OF, current=_snapshot(states=[beta]), findings=[])
    assert compute_project_briefing("beta", inputs, cfg=CFG).summary[0].text == (
        "Project Beta is behind: throughput is falling (r = 0.19) with 3 open blocked tasks: BETA-208, "
        "BETA-226, BETA-212; the forecast gives a 0% chance of finishing by the deadline 2026-12-31 "
        "(and 2 more reasons)."
    )


def test_counts_of_one_read_in_the_singular() -> None:
    one = STATES[1].model_copy(update={"blocked_open": 1, "overdue": 0})
    inputs = BriefingInputs(
        as_of=AS_OF, current=_snapshot(states=[one], findings=FINDINGS[2:3]), findings=FINDINGS[2:3]
    )
    briefing = compute_org_briefing(inputs, cfg=CFG)
    project = compute_project_briefing("beta", inputs, cfg=CFG)
    assert [i.text for i in briefing.what_changed] == [
        "Baseline: first analysis as of 2026-11-30, covering 1 project, 1 open finding and 1 person."
    ]
    assert [i.text for i in project.summary[-2:]] == [
        "1 critical or high finding is open.",
        "Throughput is falling; 1 task is blocked and 0 overdue of 47 open.",
    ]


def test_a_contradicted_correction_is_one_info_item_of_the_org_briefing() -> None:
    contradiction = ContradictedCorrection(
        fact_id="f1",
        project_id="alpha",
        person_id="amit",
        text="Your correction makes Priya Sharma Project Alpha's tech lead; the data still points at Amit Kumar.",
        evidence=[metric("fact:f1", "COO: Priya Sharma leads Project Alpha")],
    )
    inputs = BriefingInputs(
        as_of=AS_OF, current=_snapshot(), findings=[], contradicted_corrections=[contradiction]
    )
    org = compute_org_briefing(inputs, cfg=CFG)
    alpha = compute_project_briefing("alpha", inputs, cfg=CFG)
    assert [(i.severity, i.text) for i in org.needs_attention] == [(Severity.INFO, contradiction.text)]
    assert alpha.needs_attention == []


def test_project_briefing_keeps_to_its_project() -> None:
    inputs = BriefingInputs(as_of=AS_OF, current=_snapshot(), findings=FINDINGS, pending_matches=[MATCH])
    delta = compute_project_briefing("delta", inputs, cfg=CFG)
    assert (delta.scope, delta.project_id) == ("project", "delta")
    assert [i.text for i in delta.needs_attention] == [
        "Project Delta: 2 critical tasks have no owner (delta:unowned_critical:DELTA-384, delta:unowned_critical:DELTA-399).",
        "Project Delta: Kevin O'Brien has been silent for 11 days while holding 3 open tasks.",
    ]
    assert [i.text for i in delta.summary] == [
        "Project Delta is at risk: silent member; 3 unassigned high-priority tasks.",
        "Project Delta is at risk, health 58, 0% done, deadline 2027-01-22.",
        "3 critical or high findings are open.",
        "Throughput has no trend yet; 0 tasks are blocked and 0 overdue of 43 open.",
    ]


def test_a_briefing_for_an_unknown_project_is_not_found() -> None:
    inputs = BriefingInputs(as_of=AS_OF, current=_snapshot())
    with pytest.raises(NotFound, match="No project 'nope' in this analysis run"):
        compute_project_briefing("nope", inputs, cfg=CFG)


def test_task_changes_count_creations_and_resolutions_after_the_previous_as_of() -> None:
    tasks = [
        make_task("A-1", "old", created_date=at(date(2026, 11, 1))),
        make_task("A-2", "new", created_date=at(date(2026, 11, 24))),
        make_task(
            "A-3",
            "done",
            status="Done",
            created_date=at(date(2026, 11, 1)),
            resolved_date=at(date(2026, 11, 28)),
        ),
        make_task("A-4", "late", created_date=at(date(2026, 12, 2))),
    ]
    assert compute_task_changes(tasks, since=date(2026, 11, 23), as_of=AS_OF) == [
        TaskChanges(project_id="project-alpha", created=1, resolved=1)
    ]
    assert compute_task_changes(tasks, since=None, as_of=AS_OF) == [
        TaskChanges(project_id="project-alpha", created=3, resolved=1)
    ]
