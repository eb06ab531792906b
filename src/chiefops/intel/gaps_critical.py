"""Unowned critical path (spec 04 §5 "Unowned critical path").

With dependency links, the critical path is the longest chain of open tasks in the `blocked_by` DAG
(each task weighs the project's p50 lead time, at least 1 day); cycles are cut at back-edges, with a
warning. Without links, the critical set is the open high-priority tasks plus tasks labelled launch,
release or go-live. Epics are containers and never on the path. A critical task with no effective
owner (formal or inferred assignee who is not deactivated or departed) raises `unowned_critical`:
high, or critical when the deadline is ≤ 14 days away.

How to call:
    compute_critical_path(tasks: Sequence[Task], *, lead_time_p50_days: float | None,
                          cfg: CriticalConfig) -> CriticalPath
    compute_unowned_critical(path: CriticalPath, *, tasks: Sequence[Task], project: ProjectRef,
                             as_of: date, assignees: Mapping[str, Sequence[str]] | None,
                             inactive_people: AbstractSet[str], cfg: CriticalConfig) -> list[Finding]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import Field

from chiefops.intel.evidence import Finding, FindingKind, Severity, excerpt, finding_id
from chiefops.intel.gaps_match import natural_key, task_evidence, task_ref
from chiefops.models import OPEN_CATEGORIES, Model, Task

RULE_ID = "unowned_critical"


@dataclass(frozen=True, slots=True)
class CriticalConfig:
    """Which tasks are critical, and when an unowned one becomes critical (04 §5)."""

    high_priorities: tuple[str, ...] = ("blocker", "highest", "critical", "high")
    critical_labels: tuple[str, ...] = ("launch", "release", "go-live")
    min_task_days: float = 1.0
    critical_within_days: int = 14


class ProjectRef(Model):
    """The project a finding belongs to, as sentences name it."""

    project_id: str
    name: str
    deadline: date | None = None


class CriticalPath(Model):
    method: Literal["dependency_chain", "priority_and_labels"]
    task_refs: list[str] = Field(description="chain order for dependency_chain, else key order")
    task_days: float = Field(description="weight of one task: p50 lead time, at least 1 day")
    total_days: float
    reasons: dict[str, str] = Field(description="task ref → why it is critical")
    warnings: list[str] = Field(default_factory=list)


def compute_critical_path(
    tasks: Sequence[Task], *, lead_time_p50_days: float | None, cfg: CriticalConfig
) -> CriticalPath:
    """The critical chain (with links) or the critical set (without)."""
    nodes = {task_ref(t): t for t in tasks if t.status_category in OPEN_CATEGORIES and not _is_epic(t)}
    weight = round(max(cfg.min_task_days, lead_time_p50_days or 0.0), 4)
    edges = _edges(nodes, tasks)
    if any(edges.values()):
        chain, warnings = _longest_chain(sorted(nodes, key=natural_key), edges)
        return CriticalPath(
            method="dependency_chain",
            task_refs=chain,
            task_days=weight,
            total_days=round(weight * len(chain), 4),
            reasons={ref: f"on the longest dependency chain ({len(chain)} tasks)" for ref in chain},
            warnings=warnings,
        )
    reasons = {ref: why for ref in sorted(nodes, key=natural_key) if (why := _why_critical(nodes[ref], cfg))}
    return CriticalPath(
        method="priority_and_labels",
        task_refs=list(reasons),
        task_days=weight,
        total_days=round(weight * len(reasons), 4),
        reasons=reasons,
    )


def compute_unowned_critical(
    path: CriticalPath,
    *,
    tasks: Sequence[Task],
    project: ProjectRef,
    as_of: date,
    assignees: Mapping[str, Sequence[str]] | None,
    inactive_people: AbstractSet[str],
    cfg: CriticalConfig,
) -> list[Finding]:
    """One `unowned_critical` finding per critical task with no effective owner, in path order."""
    by_ref = {task_ref(t): t for t in tasks}
    days_left = (project.deadline - as_of).days if project.deadline else None
    severity = (
        Severity.CRITICAL
        if days_left is not None and days_left <= cfg.critical_within_days
        else Severity.HIGH
    )
    findings = []
    for ref in path.task_refs:
        task = by_ref[ref]
        owners = assignees.get(task.task_id, task.assignees) if assignees is not None else task.assignees
        if any(p not in inactive_people for p in owners):
            continue
        findings.append(
            _finding(task, project, why=path.reasons[ref], days_left=days_left, severity=severity)
        )
    return findings


def _finding(
    task: Task, project: ProjectRef, *, why: str, days_left: int | None, severity: Severity
) -> Finding:
    ref = task_ref(task)
    when = (
        f"the {project.deadline} deadline is {days_left} days away"
        if project.deadline is not None and days_left is not None
        else "the project has no deadline"
    )
    sentence = f"{ref} '{excerpt(task.summary, 80)}' is critical ({why}) but has no owner; {when}."
    return Finding(
        finding_id=finding_id(project.project_id, RULE_ID, ref),
        project_id=project.project_id,
        kind=FindingKind.UNOWNED_CRITICAL,
        rule_id=RULE_ID,
        severity=severity,
        title=f"No owner for {ref}",
        sentence=excerpt(sentence, 280),
        evidence=[task_evidence(task)],
        confidence=1.0,
        suggested_action=f"Assign {ref} to someone who can finish it before {project.deadline or 'launch'}.",
    )


def _is_epic(task: Task) -> bool:
    return (task.issue_type or "").casefold() == "epic"


def _why_critical(task: Task, cfg: CriticalConfig) -> str | None:
    if (task.priority or "").casefold() in cfg.high_priorities:
        return f"{task.priority} priority"
    wanted = {_label_key(label) for label in cfg.critical_labels}
    labelled = sorted(label for label in task.labels if _label_key(label) in wanted)
    return f"labelled {labelled[0]}" if labelled else None


def _label_key(label: str) -> str:
    return "-".join(label.casefold().replace("_", " ").replace("-", " ").split())


def _edges(nodes: Mapping[str, Task], tasks: Sequence[Task]) -> dict[str, list[str]]:
    """blocker ref → refs of the open tasks it blocks (both ends open, in the graph)."""
    by_id = {t.task_id: task_ref(t) for t in tasks}
    edges: dict[str, list[str]] = {ref: [] for ref in nodes}
    for ref, task in nodes.items():
        blockers = {by_id[i] for i in task.blocked_by if i in by_id} | set(task.blocked_by_keys)
        for blocker in blockers:
            if blocker in nodes and blocker != ref:
                edges[blocker].append(ref)
    return {ref: sorted(set(targets), key=natural_key) for ref, targets in edges.items()}


def _longest_chain(order: Sequence[str], edges: Mapping[str, Sequence[str]]) -> tuple[list[str], list[str]]:
    """Longest path by task count after cutting back-edges; ties go to the smallest refs."""
    post_order, kept, warnings = _cut_cycles(order, edges)
    best: dict[str, list[str]] = {}
    for ref in post_order:  # every successor is finished before its predecessor
        best[ref] = [ref, *max((best[nxt] for nxt in kept[ref]), key=len, default=[])]
    return max((best[ref] for ref in order), key=len, default=[]), warnings


def _cut_cycles(
    order: Sequence[str], edges: Mapping[str, Sequence[str]]
) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """Depth-first search in `order`: post-order, the edges minus back-edges, one warning per cut."""
    on_stack, done = set(), set()
    post_order: list[str] = []
    kept = {ref: list(targets) for ref, targets in edges.items()}
    warnings: list[str] = []
    for root in order:
        if root in done:
            continue
        on_stack.add(root)
        stack = [(root, iter(edges[root]))]
        while stack:
            node, successors = stack[-1]
            nxt = next(successors, None)
            if nxt is None:
                stack.pop()
                on_stack.discard(node)
                done.add(node)
                post_order.append(node)
            elif nxt in on_stack:
                kept[node].remove(nxt)
                warnings.append(f"dependency cycle: cut the link {node} → {nxt}")
            elif nxt not in done:
                on_stack.add(nxt)
                stack.append((nxt, iter(edges[nxt])))
    return post_order, kept, warnings
