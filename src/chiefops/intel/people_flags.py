"""People flags of spec 04 §1.3 — pure: silent in a project, going quiet, overloaded, single point of
failure, role uncertain, identity unresolved, deactivated. Each flag carries a sentence and evidence.

Guard: a quiet person who holds no open tasks and shows no sharp drop gets the level only, never a
flag (so never an alert).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from chiefops.intel.activity import ActivityConfig, ActivityResult
from chiefops.intel.evidence import Evidence, EvidenceKind, Severity
from chiefops.models import ActivityLevel, PersonFlag, Task
from chiefops.models.status import OPEN_CATEGORIES

HIGH_PRIORITIES = frozenset({"blocker", "highest", "critical", "high"})


@dataclass(frozen=True)
class FlagRecord:
    flag: PersonFlag
    severity: Severity
    sentence: str
    project_id: str | None
    evidence: tuple[Evidence, ...]
    days_silent: int | None = None
    scope: str | None = None


@dataclass(frozen=True)
class ProjectView:
    """What the flags read about one project."""

    project_id: str
    name: str
    deadline: date | None
    tasks: Sequence[Task]


@dataclass(frozen=True)
class FlagInputs:
    activity: Mapping[str, ActivityResult]
    messages_now: Mapping[str, int]
    messages_before: Mapping[str, int]
    open_tasks: Mapping[str, int]
    in_progress: Mapping[str, int]
    projects: Sequence[ProjectView]
    assignees: Mapping[str, Sequence[str]]
    last_project_activity: Mapping[tuple[str, str], date]
    role_confidence: Mapping[str, float]
    pending_matches: Mapping[str, str]
    inactive: Mapping[str, str]


def _task_evidence(task: Task) -> Evidence:
    label = task.jira_key or task.summary[:60]
    return Evidence(
        kind=EvidenceKind.TASK,
        ref=task.jira_key or task.task_id,
        source="jira" if task.jira_key else "slack",
        label=label,
        excerpt=task.summary[:200],
    )


def silent_flags(inputs: FlagInputs, *, as_of: date, cfg: ActivityConfig) -> dict[str, list[FlagRecord]]:
    """`silent_in_project`: open tasks in a project, no message or task event in it for ≥ 5 days."""
    found: dict[str, list[FlagRecord]] = defaultdict(list)
    for project in inputs.projects:
        held: dict[str, list[Task]] = defaultdict(list)
        for task in project.tasks:
            if task.status_category in OPEN_CATEGORIES:
                for person in inputs.assignees.get(task.task_id, ()):
                    held[person].append(task)
        for person, tasks in sorted(held.items()):
            last = inputs.last_project_activity.get((person, project.project_id))
            silent = (as_of - last).days if last else None
            if silent is not None and silent < cfg.silent_in_project_days:
                continue
            urgent = any((t.priority or "").lower() in HIGH_PRIORITIES for t in tasks) or (
                project.deadline is not None
                and (project.deadline - as_of).days <= cfg.silent_high_deadline_days
            )
            keys = ", ".join(sorted(t.jira_key or t.summary[:30] for t in tasks)[:5])
            since = (
                f"for {silent} days (last activity {last.isoformat()})" if last else "with no activity at all"
            )
            sentence = f"Holds {len(tasks)} open {project.name} task(s) ({keys}) but has been silent in the project {since}."
            evidence = tuple(
                _task_evidence(t) for t in sorted(tasks, key=lambda t: t.jira_key or t.task_id)[:8]
            )
            found[person].append(
                FlagRecord(
                    PersonFlag.SILENT_IN_PROJECT,
                    Severity.HIGH if urgent else Severity.MEDIUM,
                    sentence,
                    project.project_id,
                    evidence,
                    days_silent=silent,
                )
            )
    return found


def spof_flags(inputs: FlagInputs, *, as_of: date, cfg: ActivityConfig) -> dict[str, list[FlagRecord]]:
    """Sole assignee of all ≥ 5 open tasks of an epic or component, in a project due within 60 days."""
    found: dict[str, list[FlagRecord]] = defaultdict(list)
    for project in inputs.projects:
        if project.deadline is None or (project.deadline - as_of).days > cfg.spof_deadline_days:
            continue
        groups: dict[str, list[Task]] = defaultdict(list)
        for task in project.tasks:
            if task.status_category in OPEN_CATEGORIES:
                for group in (task.epic_link or task.parent_key, *task.components):
                    if group:
                        groups[group].append(task)
        for group, tasks in sorted(groups.items()):
            owners = {p for t in tasks for p in inputs.assignees.get(t.task_id, ())}
            if (
                len(tasks) < cfg.spof_min_tasks
                or len(owners) != 1
                or any(not inputs.assignees.get(t.task_id) for t in tasks)
            ):
                continue
            person = next(iter(owners))
            sentence = f"Only assignee of all {len(tasks)} open tasks of {group} in {project.name}, due {project.deadline.isoformat()}."
            evidence = tuple(_task_evidence(t) for t in tasks[:8])
            found[person].append(
                FlagRecord(
                    PersonFlag.SINGLE_POINT_OF_FAILURE,
                    Severity.HIGH,
                    sentence,
                    project.project_id,
                    evidence,
                    scope=group,
                )
            )
    return found


def compute_flags(
    inputs: FlagInputs, *, as_of: date, cfg: ActivityConfig | None = None
) -> dict[str, list[FlagRecord]]:
    """Every person's flags (see the module docstring), sorted by severity then flag."""
    config = cfg or ActivityConfig()
    flags: dict[str, list[FlagRecord]] = defaultdict(list)
    for person, records in silent_flags(inputs, as_of=as_of, cfg=config).items():
        flags[person].extend(records)
    for person, records in spof_flags(inputs, as_of=as_of, cfg=config).items():
        flags[person].extend(records)
    open_values = [v for v in inputs.open_tasks.values() if v > 0]
    median = statistics.median(open_values) if open_values else 0
    for person, result in inputs.activity.items():
        now, before = inputs.messages_now.get(person, 0), inputs.messages_before.get(person, 0)
        dropping = before >= config.going_quiet_min_prior and now <= config.going_quiet_ratio * before
        if dropping:
            flags[person].append(
                _plain(
                    PersonFlag.GOING_QUIET,
                    Severity.MEDIUM,
                    f"{now} messages in the last 28 days, down from {before} in the 28 days before.",
                )
            )
        opened, active = inputs.open_tasks.get(person, 0), inputs.in_progress.get(person, 0)
        if active >= config.overloaded_in_progress or (
            opened > config.overloaded_median_factor * median and opened >= config.overloaded_min_open
        ):
            flags[person].append(
                _plain(
                    PersonFlag.OVERLOADED,
                    Severity.MEDIUM,
                    f"{active} tasks in progress and {opened} open (org median {median:g}).",
                )
            )
        if inputs.role_confidence.get(person, 1.0) < 0.60:
            flags[person].append(
                _plain(
                    PersonFlag.ROLE_UNCERTAIN,
                    Severity.LOW,
                    f"Role confidence {inputs.role_confidence[person]:.2f} is below 0.60.",
                )
            )
        if person in inputs.pending_matches:
            flags[person].append(
                _plain(PersonFlag.IDENTITY_UNRESOLVED, Severity.LOW, inputs.pending_matches[person])
            )
        if person in inputs.inactive:
            flags[person].append(
                _plain(
                    PersonFlag.DEACTIVATED,
                    Severity.INFO,
                    f"Account {inputs.inactive[person]}; removed from capacity.",
                )
            )
        if result.level is ActivityLevel.QUIET and not opened and not dropping:
            flags[person] = [
                f
                for f in flags[person]
                if f.flag
                in (PersonFlag.ROLE_UNCERTAIN, PersonFlag.IDENTITY_UNRESOLVED, PersonFlag.DEACTIVATED)
            ]
    return {
        p: sorted(v, key=lambda f: (f.severity.rank, f.flag.value, f.project_id or ""))
        for p, v in sorted(flags.items())
        if v
    }


def _plain(flag: PersonFlag, severity: Severity, sentence: str) -> FlagRecord:
    return FlagRecord(flag, severity, sentence, None, ())
