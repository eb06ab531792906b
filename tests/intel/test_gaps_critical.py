"""Unowned critical path (04 §5): the blocked_by chain, cycle cuts, the fallback set, severities."""

from __future__ import annotations

from datetime import date

from tests.intel.fixtures_findings import PROJECT_ID, make_task

from chiefops.intel.evidence import FindingKind, Severity, finding_id
from chiefops.intel.gaps_critical import (
    CriticalConfig,
    CriticalPath,
    ProjectRef,
    compute_critical_path,
    compute_unowned_critical,
)
from chiefops.models import Task

CFG = CriticalConfig()
DELTA = ProjectRef(project_id=PROJECT_ID, name="Project Delta", deadline=date(2027, 1, 22))


def _path(tasks: list[Task], p50: float | None = 2.5) -> CriticalPath:
    return compute_critical_path(tasks, lead_time_p50_days=p50, cfg=CFG)


def test_the_longest_blocked_by_chain_is_the_critical_path() -> None:
    tasks = [
        make_task("B-1", "Schema"),
        make_task("B-2", "API", blocked_by=["B-1"]),
        make_task("B-3", "UI", blocked_by_keys=["B-2"]),
        make_task("B-4", "Docs", blocked_by=["B-1"]),
        make_task("B-5", "Done work", status="Done", blocked_by=["B-3"]),
    ]
    path = _path(tasks)
    assert (path.method, path.task_refs, path.task_days, path.total_days, path.warnings) == (
        "dependency_chain",
        ["B-1", "B-2", "B-3"],
        2.5,
        7.5,
        [],
    )


def test_a_dependency_cycle_is_cut_at_its_back_edge_with_a_warning() -> None:
    tasks = [
        make_task("C-1", "One", blocked_by=["C-3"]),
        make_task("C-2", "Two", blocked_by=["C-1"]),
        make_task("C-3", "Three", blocked_by=["C-2"]),
    ]
    path = _path(tasks, p50=None)
    assert (path.task_refs, path.task_days, path.warnings) == (
        ["C-1", "C-2", "C-3"],
        1.0,
        ["dependency cycle: cut the link C-3 → C-1"],
    )


def test_without_links_the_critical_set_is_high_priority_and_launch_labelled_work() -> None:
    tasks = [
        make_task("D-1", "Invoice PDF", priority="High"),
        make_task("D-2", "Timeout warning", priority="Highest"),
        make_task("D-3", "Go-live checklist", labels=["Go_Live"]),
        make_task("D-4", "Copy tweaks", priority="Low"),
        make_task("D-5", "Portal launch", priority="High", issue_type="Epic"),
        make_task("D-6", "Old release", labels=["release"], status="Done"),
    ]
    path = _path(tasks)
    assert (path.method, path.reasons) == (
        "priority_and_labels",
        {"D-1": "High priority", "D-2": "Highest priority", "D-3": "labelled Go_Live"},
    )


def test_critical_tasks_without_an_effective_owner_raise_high_findings() -> None:
    tasks = [
        make_task("D-1", "Invoice PDF download", priority="High", assignees=[]),
        make_task("D-2", "Session timeout", priority="Highest", assignees=[]),
        make_task("D-3", "Settings page", priority="High", assignees=["kevin"]),
        make_task("D-4", "Billing history", priority="High", assignees=["gone"]),
    ]
    findings = compute_unowned_critical(
        _path(tasks),
        tasks=tasks,
        project=DELTA,
        as_of=date(2026, 11, 30),
        assignees={"D-2": ["maria"]},
        inactive_people={"gone"},
        cfg=CFG,
    )
    assert [(f.kind, f.severity, f.title, f.finding_id) for f in findings] == [
        (
            FindingKind.UNOWNED_CRITICAL,
            Severity.HIGH,
            "No owner for D-1",
            finding_id(PROJECT_ID, "unowned_critical", "D-1"),
        ),
        (
            FindingKind.UNOWNED_CRITICAL,
            Severity.HIGH,
            "No owner for D-4",
            finding_id(PROJECT_ID, "unowned_critical", "D-4"),
        ),
    ]
    assert findings[0].sentence == (
        "D-1 'Invoice PDF download' is critical (High priority) but has no owner; "
        "the 2027-01-22 deadline is 53 days away."
    )


def test_an_unowned_critical_task_is_critical_within_fourteen_days_of_the_deadline() -> None:
    tasks = [make_task("D-1", "Invoice PDF", priority="High", assignees=[])]
    severities = [
        compute_unowned_critical(
            _path(tasks),
            tasks=tasks,
            project=DELTA,
            as_of=as_of,
            assignees=None,
            inactive_people=set(),
            cfg=CFG,
        )[0].severity
        for as_of in (date(2027, 1, 8), date(2027, 1, 7))
    ]
    assert severities == [Severity.CRITICAL, Severity.HIGH]
