"""The rules R1–R12 of spec 04 §6: each reads `RiskInputs` and returns the risks that fire.

`risks.py` turns these drafts into findings; the table of rules and severities is there.

How to call:
    evaluate_rules(inputs: RiskInputs, *, as_of: date, cfg: RisksConfig) -> list[RiskDraft]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from chiefops.intel.evidence import Evidence, EvidenceKind, Severity, excerpt
from chiefops.intel.gaps_critical import ProjectRef
from chiefops.intel.risks_inputs import RiskInputs, SinglePointOfFailure, TaskBrief, Workload


@dataclass(frozen=True, slots=True)
class RisksConfig:
    """Thresholds of R1–R12 (04 §6)."""

    blocked_open_min: int = 3
    blocker_age_days: int = 7
    thread_age_hours: float = 48.0
    owner_share: float = 0.5
    owner_min_tasks: int = 5
    velocity_medium_below: float = 0.85
    velocity_high_below: float = 0.60
    scope_growth_ratio: float = 1.5
    ageing_share: float = 0.30
    overdue_min: int = 5
    overdue_share: float = 0.20
    doc_stale_days: int = 60
    doc_deadline_days: int = 60
    evidence_limit: int = 5


@dataclass(frozen=True, slots=True)
class RiskDraft:
    """A risk rule's result before it becomes a `Finding`."""

    rule: str
    subject: str
    severity: Severity
    title: str
    sentence: str
    evidence: list[Evidence]
    action: str
    confidence: float = 1.0
    question: str | None = None


def evaluate_rules(inputs: RiskInputs, *, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    """Every risk that fires, rule by rule (R1 … R12)."""
    rules: list[Callable[[RiskInputs, date, RisksConfig], list[RiskDraft]]] = [
        _r1, _r2, _r3, _r4, _r5, _r6, _r7, _r8, _r9, _r10, _r11, _r12,
    ]  # fmt: skip
    return [risk for rule in rules for risk in rule(inputs, as_of, cfg)]


def _metric(project: ProjectRef, name: str, label: str) -> Evidence:
    return Evidence(
        kind=EvidenceKind.METRIC, ref=f"{project.project_id}:{name}", source="derived", label=label
    )


def _task(task: TaskBrief) -> Evidence:
    age = f", {task.age_days} days" if task.age_days is not None else ""
    return Evidence(
        kind=EvidenceKind.TASK,
        ref=task.ref,
        source=task.source,
        label=f"{task.ref}{age}",
        excerpt=excerpt(task.summary),
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _refs(tasks: Sequence[TaskBrief], limit: int) -> str:
    shown = ", ".join(t.ref for t in tasks[:limit])
    return shown + (f" and {len(tasks) - limit} more" if len(tasks) > limit else "")


def _r1(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    deadline, p50, p85 = inputs.project.deadline, inputs.forecast_p50, inputs.forecast_p85
    if deadline is None or p85 is None or p85 <= deadline:
        return []
    critical = p50 is not None and p50 > deadline
    sentence = f"The forecast finishes after the {deadline} deadline: p50 {p50 or 'unknown'}, p85 {p85}."
    return [
        RiskDraft(
            rule="R1",
            subject="forecast",
            severity=Severity.CRITICAL if critical else Severity.HIGH,
            title="Forecast lands after the deadline",
            sentence=sentence,
            evidence=[_metric(inputs.project, "forecast", f"p50 {p50}, p85 {p85}, deadline {deadline}")],
            action="Cut scope, add people or move the deadline; decide this week.",
            question=f"What can we cut or move to make the {deadline} deadline, when the forecast says {p85}?",
        )
    ]


def _r2(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    blocked = sorted(inputs.blocked, key=lambda t: (-(t.age_days or 0), t.ref))
    oldest = max((t.age_days or 0 for t in blocked), default=0)
    if len(blocked) < cfg.blocked_open_min and oldest <= cfg.blocker_age_days:
        return []
    count = f"{len(blocked)} open task is" if len(blocked) == 1 else f"{len(blocked)} open tasks are"
    sentence = f"{count} blocked ({_refs(blocked, 3)}); the oldest blocker is {oldest} days old."
    return [
        RiskDraft(
            rule="R2",
            subject="blocked",
            severity=Severity.HIGH,
            title=f"{len(blocked)} blocked" + (" task" if len(blocked) == 1 else " tasks"),
            sentence=sentence,
            evidence=[_task(t) for t in blocked[: cfg.evidence_limit]],
            action="Clear the oldest blocker first; name an owner for each.",
        )
    ]


def _r3(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    return [
        RiskDraft(
            rule="R3",
            subject=thread.ref,
            severity=Severity.HIGH,
            title=f"Unanswered blocker thread in {thread.channel}",
            sentence=f"A blocker post in {thread.channel} from {thread.posted_on} has had no answer for "
            f"{int(thread.age_hours // 24)} days: '{excerpt(thread.text, 90)}'",
            evidence=[thread.evidence],
            action=f"Get someone to answer the thread in {thread.channel} today.",
            confidence=0.9,
        )
        for thread in sorted(inputs.unanswered_threads, key=lambda t: t.ref)
        if thread.age_hours > cfg.thread_age_hours
    ]


def _r4(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    spof = {s.person_id: s for s in inputs.single_points_of_failure}
    loads = {w.person_id: w for w in inputs.workload}
    risks: list[RiskDraft] = []
    for person_id in sorted(set(loads) | set(spof)):
        load = loads.get(person_id)
        heavy = (
            load is not None
            and load.open_tasks >= cfg.owner_min_tasks
            and load.open_tasks > cfg.owner_share * inputs.open_tasks
        )
        if heavy or person_id in spof:
            name = load.name if load is not None else spof[person_id].name
            risks.append(
                _r4_risk(
                    inputs,
                    person_id=person_id,
                    name=name,
                    load=load if heavy else None,
                    single=spof.get(person_id),
                )
            )
    return risks


def _r4_risk(
    inputs: RiskInputs,
    *,
    person_id: str,
    name: str,
    load: Workload | None,
    single: SinglePointOfFailure | None,
) -> RiskDraft:
    facts: list[str] = []
    if load is not None:
        facts.append(
            f"holds {load.open_tasks} of {inputs.open_tasks} open tasks ({round(100 * load.open_tasks / inputs.open_tasks)}%)"
        )
    if single is not None:
        facts.append(f"is the only assignee of all {single.open_tasks} open '{single.scope}' tasks")
    first = name.split()[0] if name.strip() else person_id
    scope = single.scope if single is not None else inputs.project.name
    return RiskDraft(
        rule="R4",
        subject=person_id,
        severity=Severity.HIGH if single is not None else Severity.MEDIUM,
        title=f"Work concentrated on {name}",
        sentence=f"{name} {' and '.join(facts)}.",
        evidence=[
            Evidence(
                kind=EvidenceKind.PERSON, ref=person_id, source="derived", label=f"{name}: {'; '.join(facts)}"
            )
        ],
        action=f"Pair someone with {first} and spread the open work.",
        question=f"Who can take over the {scope} tasks if {first} is out?",
    )


def _r5(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    return [
        RiskDraft(
            rule="R5",
            subject=member.person_id,
            severity=member.severity,
            title=f"{member.name} has gone silent",
            sentence=f"{member.name} has been silent for {member.days_silent} days while holding "
            f"{_count(len(member.open_tasks), 'open task')} ({_refs(member.open_tasks, 3)}).",
            evidence=[
                _metric(
                    inputs.project,
                    f"silent:{member.person_id}",
                    f"{member.name}: silent {member.days_silent} days",
                ),
                *member.evidence,
                *(_task(t) for t in member.open_tasks[: cfg.evidence_limit]),
            ],
            action=f"Check in with {member.name} and re-plan the open tasks if needed.",
        )
        for member in sorted(inputs.silent_members, key=lambda m: m.person_id)
    ]


def _r6(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    tasks = sorted(inputs.unassigned_high, key=lambda t: t.ref)
    if not tasks:
        return []
    return [
        RiskDraft(
            rule="R6",
            subject="unassigned_high",
            severity=Severity.HIGH,
            title=f"{_count(len(tasks), 'high-priority task')} unassigned",
            sentence=f"{_count(len(tasks), 'high-priority open task')} without an assignee: {_refs(tasks, 5)}.",
            evidence=[_task(t) for t in tasks[: cfg.evidence_limit]],
            action="Assign each high-priority task an owner.",
        )
    ]


def _r7(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    r = inputs.velocity_r
    if inputs.velocity_trend != "falling" or r is None or r >= cfg.velocity_medium_below:
        return []
    sentence = (
        f"Throughput is falling: {inputs.resolved_last_28d} tasks resolved in the last 28 days against "
        f"{inputs.resolved_prior_28d} in the 28 days before (r = {r:.2f})."
    )
    return [
        RiskDraft(
            rule="R7",
            subject="velocity",
            severity=Severity.HIGH if r < cfg.velocity_high_below else Severity.MEDIUM,
            title="Throughput falling",
            sentence=sentence,
            evidence=[
                _metric(
                    inputs.project,
                    "velocity_trend",
                    f"r = {r:.2f} ({inputs.resolved_last_28d} vs {inputs.resolved_prior_28d})",
                )
            ],
            action="Find out what slowed the team down: blockers, absences or scope.",
        )
    ]


def _r8(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    created, resolved = inputs.created_28d, inputs.resolved_last_28d
    if created <= cfg.scope_growth_ratio * resolved:
        return []
    return [
        RiskDraft(
            rule="R8",
            subject="scope_growth",
            severity=Severity.MEDIUM,
            title="Scope is growing",
            sentence=f"Scope is growing: {created} tasks created and {resolved} resolved in the last 28 days.",
            evidence=[
                _metric(inputs.project, "net_flow_28d", f"created {created}, resolved {resolved} (28 days)")
            ],
            action="Review what was added this month and push back on what can wait.",
        )
    ]


def _r9(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    if not inputs.wip or inputs.ageing_wip / inputs.wip <= cfg.ageing_share:
        return []
    share = round(100 * inputs.ageing_wip / inputs.wip)
    return [
        RiskDraft(
            rule="R9",
            subject="ageing_wip",
            severity=Severity.MEDIUM,
            title="Work in progress is ageing",
            sentence=f"{inputs.ageing_wip} of {inputs.wip} tasks in progress ({share}%) are older than the usual lead time.",
            evidence=[
                _metric(
                    inputs.project, "ageing_wip", f"{inputs.ageing_wip} of {inputs.wip} in progress ageing"
                )
            ],
            action="Finish or split the oldest tasks in progress before starting new ones.",
        )
    ]


def _r10(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    overdue, open_tasks = inputs.overdue, inputs.open_tasks
    if overdue < cfg.overdue_min and not (open_tasks and overdue / open_tasks > cfg.overdue_share):
        return []
    return [
        RiskDraft(
            rule="R10",
            subject="overdue",
            severity=Severity.MEDIUM,
            title=f"{overdue} overdue tasks",
            sentence=f"{overdue} of {open_tasks} open tasks are past their due date.",
            evidence=[_metric(inputs.project, "overdue", f"{overdue} of {open_tasks} open tasks overdue")],
            action="Re-date or re-plan the overdue tasks so due dates mean something again.",
        )
    ]


def _r11(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    deadline, newest = inputs.project.deadline, inputs.newest_document_on
    if deadline is None or (deadline - as_of).days > cfg.doc_deadline_days:
        return []
    if newest is not None and newest >= as_of - timedelta(days=cfg.doc_stale_days):
        return []
    state = f"the newest project document dates from {newest}" if newest else "the project has no documents"
    return [
        RiskDraft(
            rule="R11",
            subject="documentation",
            severity=Severity.LOW,
            title="Documentation is stale",
            sentence=f"The deadline {deadline} is {(deadline - as_of).days} days away and {state}.",
            evidence=[
                _metric(
                    inputs.project, "documents", f"{inputs.documents} documents, newest {newest or 'none'}"
                )
            ],
            action="Update the launch plan and runbook before the deadline.",
        )
    ]


def _r12(inputs: RiskInputs, as_of: date, cfg: RisksConfig) -> list[RiskDraft]:
    return [
        RiskDraft(
            rule="R12",
            subject=d.task_ref,
            severity=Severity.LOW,
            title=f"Slack and Jira disagree on {d.task_ref}",
            sentence=f"Slack says {d.task_ref} is {d.slack_says}, but Jira shows '{d.jira_status}'.",
            evidence=d.evidence,
            action=f"Update {d.task_ref} in Jira or correct the Slack thread.",
            confidence=0.7,
        )
        for d in sorted(inputs.disagreements, key=lambda d: d.task_ref)
    ]
